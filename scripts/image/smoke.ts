import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { APP_UID } from './image-config.js';
import type { Podman } from './podman.js';
import { bookThroughApi } from './smoke-booking.js';

// How production runs it (deploy/base): read-only root, no capabilities, no privilege escalation, a scratch /tmp.
const HARDENED = ['--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', '--tmpfs', '/tmp:rw,U,size=64m', '--network=host'];

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`smoke test failed: ${what}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Debian's PostgreSQL when installed (as in CI), else the npm build the tests use: a real server either way, outside the container. */
async function installedBinDir(): Promise<string | undefined> {
  const { readdir } = await import('node:fs/promises');
  const majors = (await readdir('/usr/lib/postgresql').catch(() => [] as string[])).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return majors[0] ? `/usr/lib/postgresql/${majors[0]}/bin` : undefined;
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return 0;
  }
}

/** The uid, effective capabilities and no_new_privs of the container's main process, as the host kernel sees them. */
async function processCredentials(podman: Podman, name: string): Promise<{ uids: string[]; capEff: string; noNewPrivs: string }> {
  const pid = (await podman.checked(['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim();
  const statusText = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (key: string): string => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(statusText)?.[1]?.trim() ?? '';
  return { uids: field('Uid').split(/\s+/), capEff: field('CapEff'), noNewPrivs: field('NoNewPrivs') };
}

export async function smokeTest(podman: Podman, image: string, log: (line: string) => void): Promise<void> {
  check((await podman.run(['image', 'exists', image])).code === 0, `image ${image} is not in the local store; run "npm run image" first`);
  const name = `bookedbarber-smoke-${process.pid}`;
  let postgres: LocalPostgresServer | undefined;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bb-image-smoke-'));
  try {
    const labels = JSON.parse((await podman.checked(['image', 'inspect', '--format', '{{json .Labels}}', image])).stdout) as Record<string, string>;
    for (const key of ['version', 'revision', 'source', 'created']) {
      const value = labels[`org.opencontainers.image.${key}`];
      check(value !== undefined && value !== '' && value !== 'unknown', `OCI label org.opencontainers.image.${key} is set (got "${value ?? ''}")`);
    }
    log(`smoke: OCI labels version ${labels['org.opencontainers.image.version']}, revision ${labels['org.opencontainers.image.revision']}`);

    log('smoke: production mode without CATALOG_DATABASE_URL must refuse to start');
    const refused = await podman.run(['run', '--rm', ...HARDENED, image]);
    check(refused.code === 2, `expected exit 2 without a catalog, got ${refused.code}`);
    check(/CATALOG_DATABASE_URL is required in production mode/.test(refused.stderr), `the refusal names CATALOG_DATABASE_URL (stderr: ${refused.stderr.trim()})`);

    const binDir = await installedBinDir();
    log(`smoke: starting PostgreSQL (${binDir ?? 'npm build'}) on 127.0.0.1`);
    postgres = await startLocalPostgres({ dataDir, port: 0, persistent: false, ...(binDir && { binDir }) });
    const admin = new pg.Client({ connectionString: postgres.connectionString('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE catalog');
    await admin.query('CREATE DATABASE shard_1');
    await admin.end();
    const env = ['-e', `CATALOG_DATABASE_URL=${postgres.connectionString('catalog')}`];

    log('smoke: the image registers and migrates a shard (the migration Job\'s commands)');
    await podman.checked(['run', '--rm', ...HARDENED, ...env, image, 'shards', 'add', 'shard-1', '--region', 'us-east-1', '--url', postgres.connectionString('shard_1'), '--accepts-any-region']);
    await podman.checked(['run', '--rm', ...HARDENED, ...env, image, 'migrate']);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    log(`smoke: serving on ${base}`);
    await podman.checked(['run', '-d', '--name', name, ...HARDENED, ...env, '-e', 'HOST=127.0.0.1', '-e', `PORT=${port}`, '-e', 'SHUTDOWN_DRAIN_MS=1500', image]);
    const started = Date.now();
    while ((await status(`${base}/ready`)) !== 200) {
      const state = (await podman.run(['inspect', '--format', '{{.State.Status}}', name])).stdout.trim();
      if (state !== 'running' || Date.now() - started > 90_000) {
        const logs = await podman.run(['logs', '--tail', '30', name]);
        throw new Error(`smoke test failed: /ready never answered 200 (container ${state}):\n${logs.stdout}${logs.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    log(`smoke: /ready 200 after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const credentials = await processCredentials(podman, name);
    check(credentials.uids.every((uid) => uid === String(APP_UID)), `runs as uid ${APP_UID} (Uid: ${credentials.uids.join(' ')})`);
    check(/^0+$/.test(credentials.capEff), `no effective capabilities (CapEff: ${credentials.capEff})`);
    check(credentials.noNewPrivs === '1', 'no_new_privs is set');
    const write = await podman.run(['exec', name, '/usr/local/bin/node', '-e', "require('fs').writeFileSync('/app/probe', 'x')"]);
    check(write.code !== 0 && /EROFS|read-only/i.test(write.stderr), `the root filesystem is read-only (write gave ${write.code}: ${write.stderr.trim().split('\n')[0] ?? ''})`);
    log(`smoke: uid ${APP_UID}, CapEff ${credentials.capEff}, no_new_privs 1, root filesystem read-only`);

    const booking = await bookThroughApi(base);
    log(`smoke: booked ${booking.id} (${booking.status}) through the API and read it back by its manage token`);

    log('smoke: SIGTERM');
    const stopAt = Date.now();
    await podman.checked(['kill', '--signal', 'TERM', name]);
    const during = await status(`${base}/ready`);
    check(during === 503, `/ready answers 503 while draining (got ${during})`);
    const exit = (await podman.checked(['wait', name])).stdout.trim();
    check(exit === '0', `exit code 0 after SIGTERM (got ${exit})`);
    log(`smoke: drained and exited 0 in ${((Date.now() - stopAt) / 1000).toFixed(1)} s (SHUTDOWN_DRAIN_MS=1500)`);
    log('smoke: passed');
  } finally {
    await podman.run(['rm', '--force', '--time', '0', name]);
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
