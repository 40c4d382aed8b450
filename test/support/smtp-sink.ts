import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

export interface ReceivedMail {
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  /** smtp://127.0.0.1:<port> (no TLS: loopback only). */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Waits until at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Waits until the messages matching `match` number at least `count`; returns them. */
  waitForMatching(match: (mail: ReceivedMail) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** "refuse" answers 451 to every message; "accept" takes them again. */
  setMode(mode: 'accept' | 'refuse'): Promise<void>;
  setDelay(ms: number): Promise<void>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./smtp-sink.mjs', import.meta.url));

/** A real SMTP server process on a free loopback port; what it receives is parsed with mailparser. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const received: ReceivedMail[] = [];
  const acks: ((line: string) => void)[] = [];
  const waiters = new Set<() => void>();
  let pending = Promise.resolve();
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`smtp sink exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /^listening (\d+)$/.exec(line);
      if (listening) return resolve(Number(listening[1]));
      const message = JSON.parse(line) as { raw?: string; ack?: string };
      if (message.ack !== undefined) return acks.shift()?.(message.ack);
      if (message.raw) {
        const raw = Buffer.from(message.raw, 'base64').toString('utf8');
        // Parsed in arrival order.
        pending = pending.then(async () => {
          received.push({ raw, parsed: await simpleParser(raw) });
          for (const wake of waiters) wake();
        });
      }
    });
  });
  const command = (line: string): Promise<void> =>
    new Promise((resolve) => {
      acks.push(() => resolve());
      child.stdin!.write(`${line}\n`);
    });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: (count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    waitForMatching: async (match, count = 1, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} matching messages, got ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    setMode: (mode) => command(mode),
    setDelay: (ms) => command(`delay ${ms}`),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}
