import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { symbols } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = ['--import', 'tsx', path.join(ROOT, 'test/support/log-some-lines.ts')];
// eslint-disable-next-line no-control-regex -- terminal colour codes
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');

describe('createLogger', () => {
  it('writes JSON lines when stdout is not a terminal', async () => {
    const { stdout } = await run(process.execPath, SCRIPT, { cwd: ROOT });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // Every line arrives; their order may not: at exit pino writes its buffer synchronously, while the
    // first line's asynchronous write can still be in flight (a loaded machine shows it). Readers sort by time.
    expect(lines.map((line) => line.msg).sort()).toEqual(['incoming request', 'request completed', 'stopped cleanly']);
    expect(lines.find((line) => line.msg === 'incoming request')).toMatchObject({ level: 30, service: 'bookedbarber', requestId: 'r-1', req: { method: 'GET' } });
  });

  it('writes short pino-pretty lines on a terminal, all of them before the process exits', async () => {
    // util-linux's `script` (Debian's bsdutils, always installed) gives the child a real pseudo-terminal.
    const command = [process.execPath, ...SCRIPT].map((part) => `'${part}'`).join(' ');
    const { stdout } = await run('script', ['-qfec', command, '/dev/null'], { cwd: ROOT });
    const lines = plain(stdout).trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\] INFO: GET \/api\/v1\/locations\/demo incoming request$/),
      expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\] INFO: 200 request completed$/),
      expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\] INFO: stopped cleanly$/),
    ]);
  });

  it('keeps the fields that are not part of the short form on the same line, and errors in full', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'bb-logger-')), 'pretty.log');
    const logger = createLogger({ level: 'info', pretty: true, destination: file });
    logger.warn({ shard: 'shard-2', err: new Error('connection refused') }, 'shard unavailable');
    // The transport runs in a worker thread: end its stream and wait until the worker has written everything.
    const stream = (logger as unknown as Record<symbol, NodeJS.WritableStream>)[symbols.streamSym];
    await new Promise((resolve) => {
      stream?.once('close', resolve);
      stream?.end();
    });
    const text = await fs.readFile(file, 'utf8');
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: shard unavailable \{"shard":"shard-2"\}\n/);
    expect(text).toContain('"message": "connection refused"');
    expect(text).not.toContain('"level"');
  });
});
