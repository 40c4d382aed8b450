import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);
const ORIGIN = 'config.kubernetes.io/origin';

export interface RenderedObject {
  readonly overlay: string;
  /** Repository-relative file the object was written in (or the kustomization that generated it). */
  readonly file: string;
  readonly object: Record<string, unknown>;
}

export async function listOverlays(deployDir: string): Promise<string[]> {
  const entries = await readdir(path.join(deployDir, 'overlays'), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/**
 * `kubectl kustomize` of one overlay, each object tagged with the file it came
 * from. kustomize records that only when asked (buildMetadata), so a scratch
 * copy of deploy/ is rendered, never the tree itself.
 */
export async function renderOverlay(deployDir: string, overlay: string, repoRoot: string): Promise<RenderedObject[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'deploy-check-'));
  try {
    await cp(deployDir, scratch, { recursive: true });
    const overlayDir = path.join(scratch, 'overlays', overlay);
    const kustomization = path.join(overlayDir, 'kustomization.yaml');
    await writeFile(kustomization, `buildMetadata: [originAnnotations]\n${await readFile(kustomization, 'utf8')}`);
    let stdout: string;
    try {
      ({ stdout } = await run('kubectl', ['kustomize', overlayDir], { maxBuffer: 64 * 1024 * 1024 }));
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`kubectl kustomize deploy/overlays/${overlay} failed: ${stderr.replaceAll(scratch, 'deploy').trim()}`, { cause: error });
    }
    const rendered: RenderedObject[] = [];
    for (const doc of parseAllDocuments(stdout)) {
      const object = doc.toJS() as Record<string, unknown> | null;
      if (!object) continue;
      rendered.push({ overlay, file: originFile(object, path.relative(repoRoot, path.join(deployDir, 'overlays', overlay))), object });
    }
    return rendered;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Reads and removes kustomize's origin annotation; paths in it are relative to the overlay. */
function originFile(object: Record<string, unknown>, overlayPath: string): string {
  const metadata = object.metadata as { annotations?: Record<string, string> } | undefined;
  const origin = metadata?.annotations?.[ORIGIN];
  if (metadata?.annotations) {
    delete metadata.annotations[ORIGIN];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  const relative = origin ? (/^path: (.+)$/m.exec(origin)?.[1] ?? /^configuredIn: (.+)$/m.exec(origin)?.[1]) : undefined;
  return relative ? path.normalize(path.join(overlayPath, relative.trim())) : path.join(overlayPath, 'kustomization.yaml');
}

export function describeObject(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return `${String(object.kind)} ${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name ?? '(unnamed)'}`;
}
