import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Git-ignored; kept between runs so a rebuild reuses the base rootfs, Node and node_modules. */
export const CACHE_DIR = path.join(ROOT, '.cache', 'image');
export const STAGE_DIR = path.join(CACHE_DIR, 'stage');

/** Current Node LTS for production; the code is also tested on Node 20 and 22. */
export const NODE_VERSION = '24.22.3';

export const IMAGE_NAME = 'localhost/bookedbarber';
export const BASE_NAME = 'localhost/bookedbarber-base';
/** The non-root user the image runs as (no passwd entry needed: the id is numeric). */
export const APP_UID = 10001;

export const DEBIAN_SUITE = 'bookworm';
// What Node needs to run (libc, libstdc++), time zones, /etc/services and MIME
// types; no shell, no package manager. With an external database nothing spawns a shell.
export const BASE_PACKAGES = ['base-files', 'libc6', 'libgcc-s1', 'libstdc++6', 'tzdata', 'netbase', 'media-types'];

export function debianSources(env: NodeJS.ProcessEnv = process.env): string[] {
  const mirror = env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  const security = env.DEBIAN_SECURITY_MIRROR ?? 'http://deb.debian.org/debian-security';
  return [`deb ${mirror} ${DEBIAN_SUITE} main`, `deb ${mirror} ${DEBIAN_SUITE}-updates main`, `deb ${security} ${DEBIAN_SUITE}-security main`];
}
