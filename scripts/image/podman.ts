import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, runChecked } from './run-command.js';
import type { RunOptions, RunResult } from './run-command.js';

// Out of the box podman fails on these machines (RLIMIT_NOFILE cannot be raised,
// crun refuses the hybrid cgroup layout); a private containers.conf fixes both
// without touching /etc.
const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

export interface Podman {
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  checked(args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export async function preparePodman(cacheDir: string): Promise<Podman> {
  await mkdir(cacheDir, { recursive: true });
  const conf = path.join(cacheDir, 'containers.conf');
  await writeFile(conf, CONTAINERS_CONF);
  const env = { ...process.env, CONTAINERS_CONF: conf };
  const probe = await run('podman', ['--version'], { env }).catch(() => undefined);
  if (!probe || probe.code !== 0) {
    throw new Error('podman is not installed: apt-get install -y podman buildah mmdebstrap skopeo runc uidmap (.ci/run does)');
  }
  return {
    run: (args, options = {}) => run('podman', args, { ...options, env: { ...env, ...options.env } }),
    checked: (args, options = {}) => runChecked('podman', args, { ...options, env: { ...env, ...options.env } }),
  };
}
