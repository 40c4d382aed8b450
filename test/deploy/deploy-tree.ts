import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A scratch copy of deploy/ (or infra/terraform/) laid out as in the repository,
 * so a test can seed one mistake and the findings still name repository paths.
 */
export async function scratchCopy(folder: 'deploy' | 'infra/terraform'): Promise<{ root: string; dir: string; edit: (file: string, change: (text: string) => string) => Promise<void>; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'deploy-check-test-'));
  const dir = path.join(root, folder);
  await cp(path.join(REPO_ROOT, folder), dir, { recursive: true });
  return {
    root,
    dir,
    edit: async (file, change) => {
      const full = path.join(root, file);
      const before = await readFile(full, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`the seeded mistake changed nothing in ${file}`);
      await writeFile(full, after);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
