import { spawnSync } from 'node:child_process';

/**
 * The path of a system program the observability tests need. Missing, it fails
 * the test with the Debian package that provides it: nothing is skipped.
 */
export function requireProgram(names: readonly string[], debianPackage: string): string {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const binary = found.stdout.trim();
    if (found.status === 0 && binary !== '') return binary;
  }
  throw new Error(`${names.join(' / ')} is not installed (Debian: apt-get install -y --no-install-recommends ${debianPackage}); the observability tests need the real program`);
}

export const promtool = (): string => requireProgram(['promtool'], 'prometheus');
export const prometheus = (): string => requireProgram(['prometheus'], 'prometheus');
export const amtool = (): string => requireProgram(['amtool'], 'prometheus-alertmanager');
// Debian names the server prometheus-alertmanager; upstream builds call it alertmanager.
export const alertmanager = (): string => requireProgram(['alertmanager', 'prometheus-alertmanager'], 'prometheus-alertmanager');

export interface RunResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a program to completion; stdout and stderr together, for assertion messages. */
export function run(binary: string, args: readonly string[], cwd?: string): RunResult {
  const result = spawnSync(binary, args, { encoding: 'utf8', ...(cwd && { cwd }), timeout: 240_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
