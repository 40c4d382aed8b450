import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BASE_NAME, BASE_PACKAGES, CACHE_DIR, DEBIAN_SUITE, debianSources } from './image-config.js';
import type { Podman } from './podman.js';
import { runChecked } from './run-command.js';

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

/**
 * The base image: a Debian rootfs made by mmdebstrap (no registry involved),
 * cached as a tarball under .cache/image and imported once into the local
 * image store. The tarball is written under a temporary name and renamed, so
 * an interrupted build starts this step again instead of using half a file.
 * `refresh` rebuilds it (security updates).
 */
export async function ensureBaseImage(podman: Podman, options: { refresh: boolean; log: (line: string) => void }): Promise<string> {
  const sources = debianSources();
  const key = createHash('sha256').update(JSON.stringify({ DEBIAN_SUITE, BASE_PACKAGES, sources })).digest('hex').slice(0, 12);
  const tarball = path.join(CACHE_DIR, `base-${DEBIAN_SUITE}-${key}.tar`);
  const reference = `${BASE_NAME}:${key}`;
  if (options.refresh) {
    await rm(tarball, { force: true });
    await podman.run(['rmi', '--force', reference]);
  }

  if (await exists(tarball)) {
    options.log(`base rootfs: cached ${path.relative(process.cwd(), tarball)}`);
  } else {
    options.log(`base rootfs: mmdebstrap ${DEBIAN_SUITE} (${BASE_PACKAGES.join(', ')})`);
    await mkdir(CACHE_DIR, { recursive: true });
    const partial = `${tarball}.partial`;
    await rm(partial, { force: true });
    await runChecked('mmdebstrap', ['--variant=extract', `--include=${BASE_PACKAGES.join(',')}`, '--dpkgopt=path-exclude=/usr/share/doc/*', '--dpkgopt=path-exclude=/usr/share/man/*', '--format=tar', DEBIAN_SUITE, partial, ...sources], {
      inherit: true,
      // Reproducible file times in the tarball.
      env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '1700000000' },
    });
    await rename(partial, tarball);
  }

  if ((await podman.run(['image', 'exists', reference])).code === 0) {
    options.log(`base image: ${reference} already in the local store`);
  } else {
    options.log(`base image: podman import → ${reference}`);
    await podman.checked(['import', '--message', `Debian ${DEBIAN_SUITE} (${BASE_PACKAGES.join(' ')}) by mmdebstrap`, tarball, reference]);
  }
  return reference;
}
