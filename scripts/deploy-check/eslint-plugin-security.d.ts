// eslint-plugin-security ships no types.
declare module 'eslint-plugin-security' {
  import type { ESLint } from 'eslint';
  const plugin: ESLint.Plugin & { rules: Record<string, unknown> };
  export default plugin;
}
