import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The SPA is built into web/dist and served by the API process (src/site/site.routes.ts). */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small app: a single chunk loads faster than a waterfall of lazy pages.
    chunkSizeWarningLimit: 300,
    assetsInlineLimit: 0,
  },
  server: {
    // `npx vite web` during development, with the API on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
