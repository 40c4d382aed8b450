import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface Daemon {
  readonly output: () => string;
  stop(): Promise<void>;
}

/** A server process this test started (Prometheus, Alertmanager): its output kept for failure messages, stopped by its own pid. */
export function startDaemon(binary: string, args: readonly string[]): Daemon {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
