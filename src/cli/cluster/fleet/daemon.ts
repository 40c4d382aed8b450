import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortOpen } from '../processes.js';
import { reapOnExit } from './child-reaper.js';

/** A long-running helper program of the fleet (PgBouncer, HAProxy), its output appended to a log file. */
export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly log: string;
  isRunning(): boolean;
  /** SIGTERM (or the given signal), then SIGKILL after 10 s; resolves once it has exited. Idempotent. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startDaemon(name: string, command: string, args: readonly string[], options: { log: string; waitForPort: number; spawn?: SpawnOptions }): Promise<Daemon> {
  const log = await fs.open(options.log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: '/', ...options.spawn, stdio: ['ignore', log.fd, log.fd] });
  } finally {
    await log.close();
  }
  reapOnExit(child);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = error.message;
      resolve();
    });
  });
  const deadline = Date.now() + 15_000;
  while (!(await isPortOpen(options.waitForPort, 500))) {
    if (exit !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      const output = await fs.readFile(options.log, 'utf8').catch(() => '');
      throw new Error(`${name} did not start (${exit ?? 'no answer on its port after 15 s'}); last lines:\n${output.trimEnd().split('\n').slice(-10).join('\n')}`);
    }
    await sleep(50);
  }
  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: child.pid as number,
    log: options.log,
    isRunning: () => exit === undefined,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      (stopping ??= (async () => {
        if (exit !== undefined) return;
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}
