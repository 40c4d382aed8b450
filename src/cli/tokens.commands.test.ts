import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import { tokensCommand } from './tokens.commands.js';

let tp: TestPlatform;
beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

const run = async (args: string[], json = true): Promise<{ code: number; lines: string[] }> => {
  const lines: string[] = [];
  const code = await tokensCommand(tp.platform.core.catalog, args, { out: (line) => lines.push(line), json, flags: {} });
  return { code, lines };
};

describe('bookedbarber tokens', () => {
  test('list, rotate, retire: the migrated key 1, then a new one; the last active key stays', async () => {
    const listed = JSON.parse((await run(['list'])).lines[0] as string) as { id: number; retiredAt: string | null }[];
    expect(listed.map((k) => [k.id, k.retiredAt])).toEqual([[1, null]]);
    const rotated = await run(['rotate']);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.lines[0] as string)).toEqual({ id: 2 });
    expect(await run(['retire', '1'])).toEqual({ code: 0, lines: [JSON.stringify({ id: 1, result: 'retired' })] });
    expect((await run(['retire', '2'])).code).toBe(1); // the last active key: nothing could sign
    expect((await run(['retire', '9'])).code).toBe(1);
    await expect(run(['retire', 'x'])).rejects.toThrow(/usage/);
    const table = await run(['list'], false);
    expect(table.lines[0]).toMatch(/^ID\s+CREATED\s+RETIRED$/);
    expect(table.lines.filter((line) => /^\d/.test(line))).toHaveLength(2);
  });
});
