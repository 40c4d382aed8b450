/**
 * Lints the OpenAPI document the server publishes at /docs/json with Redocly's
 * recommended rules (redocly.yaml). `npm run lint:openapi`; add `--out file.json`
 * to keep the document.
 *
 * The app is built from the real composition root, so the document is exactly
 * the served one; no database is needed because pools connect on first query
 * and nothing here queries (the catalog URL points at a closed port on purpose).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { buildPlatform } from '../src/composition-root.js';
import { loadConfig } from '../src/config/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function buildDocument(): Promise<unknown> {
  // Defaults only: the document must not depend on who runs the linter.
  const config = loadConfig({});
  const platform = buildPlatform(config, pino({ level: 'silent' }), { catalogUrl: 'postgres://127.0.0.1:9/none' });
  const app = await buildApp(platform.http);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await platform.close();
  }
}

function outPath(): string | undefined {
  const at = process.argv.indexOf('--out');
  return at === -1 ? undefined : process.argv[at + 1];
}

const document = JSON.stringify(await buildDocument(), null, 2);
const kept = outPath();
const dir = kept ? undefined : mkdtempSync(path.join(tmpdir(), 'bookedbarber-openapi-'));
const file = kept ? path.resolve(kept) : path.join(dir as string, 'openapi.json');
writeFileSync(file, `${document}\n`);

const cli = path.join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const result = spawnSync(process.execPath, [cli, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml')], {
  stdio: 'inherit',
  // No update check and no telemetry: lint runs offline and must not phone home.
  env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', REDOCLY_TELEMETRY: 'off' },
});
if (dir) rmSync(dir, { recursive: true, force: true });
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
