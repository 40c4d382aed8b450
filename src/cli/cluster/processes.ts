import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's arguments ([] when it is gone or unreadable). */
export async function argumentsOf(pid: number): Promise<string[]> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').filter((part) => part !== '');
}

/** Polls until the pid is gone; false when it is still there at the deadline. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True when something accepts TCP connections on the loopback port. */
export function isPortOpen(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when we could bind the loopback port right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The live postmaster of a data folder, from its postmaster.pid, checked against
 * /proc so that a recycled pid is never mistaken for it.
 */
export async function livePostmaster(dataDir: string): Promise<number | undefined> {
  const content = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  if (comm !== undefined && comm.trim() !== 'postgres') return undefined;
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  const real = await fs.realpath(dataDir).catch(() => dataDir);
  return cwd === undefined || cwd === real ? pid : undefined;
}

/**
 * Fast shutdown (SIGINT: sessions are cut, a checkpoint is written), then immediate
 * shutdown (SIGQUIT) if it hangs. Never SIGKILL: that would leave shared memory and
 * children behind.
 */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<boolean> {
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, timeoutMs)) return true;
  signal(pid, 'SIGQUIT');
  return waitForExit(pid, 10_000);
}

/** SIGTERM, then SIGKILL after the timeout. */
export async function stopProcess(pid: number, timeoutMs: number): Promise<boolean> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, timeoutMs)) return true;
  signal(pid, 'SIGKILL');
  return waitForExit(pid, 5_000);
}
