import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ScaleResult {
  readonly shape: { readonly franchises: number; readonly shards: number };
  readonly rows: readonly { readonly measure: string; readonly value: string; readonly ratio: number | null; readonly p50: number | null; readonly p99: number | null }[];
  readonly plans: readonly { readonly query: string; readonly ok: boolean }[];
}

/**
 * `npm run bench:scale -- --small` end to end, as CI runs it: it seeds, measures
 * and prints every figure. What the figures are is the bench's business; this
 * checks only that each one was measured (no timing is asserted).
 */
describe('bench:scale --small', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('seeds the small catalog, measures every figure and finds every per-request query indexed', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-scale-test-'));
    const out = path.join(dir, 'scale.json');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/scale/scale.ts'), '--small', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stdout: text }));
    });
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/catalog: 1,000 \/ 1,000 franchises and locations/);

    const result = JSON.parse(await readFile(out, 'utf8')) as ScaleResult;
    expect(result.shape).toMatchObject({ franchises: 1000, shards: 4 });
    const measures = result.rows.map((row) => row.measure);
    for (const expected of [
      /^location slug lookup, cold/,
      /^location slug lookup, warm/,
      /^placement cache miss/,
      /^placement cache hit/,
      /^platform report across 4 shards/,
      /^API node start/,
      /^API node memory after start/,
      /^API node memory after \d+ distinct location pages/,
      /^location page by slug, cold/,
      /^location page by slug, warm/,
    ]) {
      expect(measures.some((measure) => expected.test(measure)), `${expected} in ${measures.join(' / ')}`).toBe(true);
    }
    for (const row of result.rows) {
      // Every figure is a number that was measured, and printed in the table.
      for (const figure of [row.ratio, row.p50, row.p99]) if (figure !== null) expect(Number.isFinite(figure), row.measure).toBe(true);
      expect(stdout).toContain(`| ${row.measure} |`);
    }
    expect(result.rows.find((row) => row.measure.startsWith('platform report'))?.value).toMatch(/of 1,000 franchises, 3,000 bookings$/);
    expect(result.rows.find((row) => row.measure.startsWith('API node memory after start'))?.value).toMatch(/^RSS \d+ MiB, heap \d+ MiB$/);
    expect(result.plans.length).toBeGreaterThan(0);
    expect(result.plans.filter((plan) => !plan.ok)).toEqual([]);
  }, 300_000);
});
