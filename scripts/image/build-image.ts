import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_NAME, NODE_VERSION, ROOT, STAGE_DIR } from './image-config.js';
import type { Podman } from './podman.js';
import { run } from './run-command.js';

export interface BuiltImage {
  readonly reference: string;
  readonly version: string;
  readonly revision: string;
  readonly sizeBytes: number;
}

async function gitOutput(args: readonly string[]): Promise<string | undefined> {
  const result = await run('git', args, { cwd: ROOT });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Version, revision and time of the commit being built: the image's labels, and fixed layer times. */
async function provenance(): Promise<{ version: string; revision: string; created: string; epoch: string; source: string }> {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const head = (await gitOutput(['rev-parse', 'HEAD'])) ?? 'unknown';
  const dirty = ((await gitOutput(['status', '--porcelain', '--untracked-files=no'])) ?? '') !== '';
  const epoch = (await gitOutput(['log', '-1', '--format=%ct'])) ?? '0';
  const remote = await gitOutput(['config', '--get', 'remote.origin.url']);
  return {
    version,
    revision: dirty ? `${head}-dirty` : head,
    created: new Date(Number(epoch) * 1000).toISOString(),
    epoch,
    source: process.env.IMAGE_SOURCE ?? remote ?? 'https://github.com/bookedbarber/bookedbarber',
  };
}

/** The tag of the image built from the working tree now: version and commit. */
export async function imageReference(): Promise<string> {
  const meta = await provenance();
  return `${IMAGE_NAME}:${meta.version}-${meta.revision.slice(0, 12)}`;
}

export async function buildImage(podman: Podman, base: string, nodeBinary: string, log: (line: string) => void): Promise<BuiltImage> {
  await mkdir(STAGE_DIR, { recursive: true });
  await copyFile(nodeBinary, path.join(STAGE_DIR, 'node'));
  const meta = await provenance();
  const reference = await imageReference();
  log(`podman build → ${reference}`);
  await podman.checked(
    [
      'build',
      '--file', 'Containerfile',
      '--tag', reference,
      '--build-arg', `BASE=${base}`,
      '--build-arg', `VERSION=${meta.version}`,
      '--build-arg', `REVISION=${meta.revision}`,
      '--build-arg', `SOURCE=${meta.source}`,
      '--build-arg', `CREATED=${meta.created}`,
      '--build-arg', `NODE_VERSION=${NODE_VERSION}`,
      // Layer times from the commit, not the clock: the same commit gives the same layers.
      '--timestamp', meta.epoch,
      '.',
    ],
    { cwd: ROOT, inherit: true },
  );
  const { stdout } = await podman.checked(['image', 'inspect', '--format', '{{.Size}}', reference]);
  return { reference, version: meta.version, revision: meta.revision, sizeBytes: Number(stdout.trim()) };
}
