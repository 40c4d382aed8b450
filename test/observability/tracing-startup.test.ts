import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { BIN } from '../support/cli-process.js';

describe('tracing settings at start', () => {
  test('the server refuses to start on a malformed tracing setting, naming it, before touching anything', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: 'abc', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1');
  });
});
