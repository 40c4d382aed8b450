#!/usr/bin/env node
/* global process, setTimeout */
// Builds the web app (web/ → web/dist) with Vite when web/dist is missing or
// older than any of its sources, then writes .br and .gz copies of each text
// asset so the server can send them precompressed. `npm start` runs it first;
// browser tests run it too. Several processes may call it at once: a lock
// directory makes the later ones wait and then find the build fresh.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, 'index.html');
const LOCK = path.join(WEB, '.build-lock');
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'public'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts')];
const STALE_LOCK_MS = 180_000;
const force = process.argv.includes('--force');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    // Unit tests beside the code do not change the build.
    if (entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

const isFresh = () => existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...SOURCES.map(newestMtime));

function takeLock() {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // A crashed build leaves its lock behind; after a while it no longer counts.
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) {
      rmSync(LOCK, { recursive: true, force: true });
      return takeLock();
    }
    return false;
  }
}

function compressAll(dir) {
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files += compressAll(file);
    else if (/\.(js|css|html|svg|json|txt|map)$/.test(entry.name)) {
      const data = readFileSync(file);
      writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      files++;
    }
  }
  return files;
}

async function loadVite() {
  try {
    return await import('vite');
  } catch {
    return undefined;
  }
}

async function build() {
  const started = Date.now();
  const vite = await loadVite();
  if (!vite) {
    // A production install without dev dependencies: keep the build it shipped with.
    if (existsSync(STAMP)) {
      process.stdout.write('web: Vite is not installed; serving the existing web/dist\n');
      return;
    }
    throw new Error('web/dist is missing and Vite is not installed (npm install, then npm run build:web)');
  }
  process.stdout.write('web: building the web app with Vite…\n');
  const viteBuild = vite.build;
  const outDir = path.join(WEB, `dist.tmp-${process.pid}`);
  await viteBuild({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const compressed = compressAll(outDir);
  // Swap in one rename, so a server reading web/dist never sees half a build.
  rmSync(DIST, { recursive: true, force: true });
  renameSync(outDir, DIST);
  process.stdout.write(`web: built web/dist in ${Date.now() - started} ms (${compressed} files precompressed)\n`);
}

async function main() {
  if (!force && isFresh()) return;
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!takeLock()) {
    if (Date.now() > deadline) throw new Error(`web: ${LOCK} is held for too long; remove it if no build is running`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    if (force || !isFresh()) await build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`web: build failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
