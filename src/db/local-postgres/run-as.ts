import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from './exec.js';

/** The unprivileged account PostgreSQL runs as when we are root (postgres refuses to run as root). */
export interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const SERVICE_USER = 'bookedbarber';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Spawn options that drop to `runAs`; libuv also clears supplementary groups. */
export function spawnIdentity(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

async function lookupUser(name: string): Promise<RunAs | undefined> {
  const [uid, gid] = await Promise.all([runCommand('id', ['-u', name]), runCommand('id', ['-g', name])]);
  if (!uid.ok || !gid.ok) return undefined;
  return { name, uid: Number(uid.output), gid: Number(gid.output) };
}

// Minimal containers often leave /usr/sbin off PATH even for root.
function sbin(tool: string): string {
  return existsSync(`/usr/sbin/${tool}`) ? `/usr/sbin/${tool}` : tool;
}

/** Finds or creates the system user; safe when several processes race to create it. */
export async function ensureServiceUser(onProgress: (message: string) => void): Promise<RunAs> {
  let lastOutput = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await lookupUser(SERVICE_USER);
    if (existing) return existing;
    if (attempt === 0) onProgress(`creating system user ${SERVICE_USER} (PostgreSQL refuses to run as root)`);
    // Without -g, useradd fails when a group of the same name is left over from an earlier user.
    const groupExists = (await runCommand('getent', ['group', SERVICE_USER])).ok;
    const result = await runCommand(sbin('useradd'), [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      ...(groupExists ? ['-g', SERVICE_USER] : []),
      SERVICE_USER,
    ]);
    lastOutput = result.output;
    // A concurrent useradd holds the passwd lock or wins the race: look again shortly.
    if (!result.ok) await sleep(200 * (attempt + 1));
  }
  throw new Error(`could not create system user ${SERVICE_USER} to run PostgreSQL as: ${lastOutput}`);
}

/** True when `runAs` can traverse every folder down to `dir` (and `dir` itself). */
export async function canReach(runAs: RunAs, dir: string): Promise<boolean> {
  const result = await runCommand('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], spawnIdentity(runAs));
  return result.ok;
}
