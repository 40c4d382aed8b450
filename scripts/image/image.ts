import { parseArgs } from 'node:util';
import { ensureBaseImage } from './base-rootfs.js';
import { buildImage, imageReference } from './build-image.js';
import { CACHE_DIR } from './image-config.js';
import { ensureNodeBinary } from './node-binary.js';
import { preparePodman } from './podman.js';
import { smokeTest } from './smoke.js';
import { stageApp } from './stage-app.js';

const USAGE = `Usage: npm run image -- [--smoke] [--refresh-base]

Builds the production image without any registry (see docs/DEPLOY.md):
  --smoke          then run it against a real PostgreSQL server: refuses to start
                   without a catalog, read-only root, non-root, /ready 200, a
                   booking through the API, SIGTERM exit 0
  --smoke-only     smoke-test the image of the current commit without rebuilding
  --refresh-base   rebuild the cached Debian rootfs (security updates)
Every step is cached under .cache/image; an interrupted build resumes there.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      'smoke-only': { type: 'boolean', default: false },
      'refresh-base': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = Date.now();
  const steps = values['smoke-only'] ? 1 : values.smoke ? 6 : 5;
  let step = 0;
  const log = (line: string): void => void process.stdout.write(`[image ${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);
  const begin = (title: string): void => log(`step ${++step}/${steps}: ${title}`);

  const podman = await preparePodman(CACHE_DIR);
  if (values['smoke-only']) {
    begin('smoke test');
    await smokeTest(podman, await imageReference(), log);
    return 0;
  }
  begin('base image');
  const base = await ensureBaseImage(podman, { refresh: values['refresh-base'], log });
  begin('Node binary');
  const node = await ensureNodeBinary(log);
  begin('application tree');
  await stageApp(log);
  begin('image');
  const image = await buildImage(podman, base, node, log);
  begin('report');
  const mb = (image.sizeBytes / 1e6).toFixed(1);
  log(`built ${image.reference}: ${mb} MB uncompressed (goal < 200 MB: ${image.sizeBytes < 200e6 ? 'met' : 'MISSED'}), revision ${image.revision}`);
  if (values.smoke) {
    begin('smoke test');
    await smokeTest(podman, image.reference, log);
  }
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`image: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
