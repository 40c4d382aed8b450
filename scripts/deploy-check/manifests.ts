import type { Finding } from './finding.js';
import { mergeFindings } from './finding.js';
import { checkPolicies } from './policies.js';
import { describeObject, listOverlays, renderOverlay } from './render.js';
import { validateStrictly } from './strict-validate.js';

export interface ManifestReport {
  readonly overlays: readonly { readonly name: string; readonly objects: number }[];
  readonly findings: readonly Finding[];
}

/** Every overlay rendered, every object validated strictly, then the project's policies. */
export async function checkManifests(options: { deployDir: string; repoRoot: string; log?: (line: string) => void }): Promise<ManifestReport> {
  const findings: Finding[] = [];
  const overlays: { name: string; objects: number }[] = [];
  for (const overlay of await listOverlays(options.deployDir)) {
    let rendered;
    try {
      rendered = await renderOverlay(options.deployDir, overlay, options.repoRoot);
    } catch (error) {
      findings.push({ file: `deploy/overlays/${overlay}/kustomization.yaml`, object: 'Kustomization', field: '', message: error instanceof Error ? error.message : String(error), seenIn: [overlay] });
      continue;
    }
    for (const item of rendered) {
      for (const problem of validateStrictly(item.object)) {
        findings.push({ file: item.file, object: describeObject(item.object), field: problem.field, message: problem.message, seenIn: [overlay] });
      }
    }
    findings.push(...checkPolicies(overlay, rendered));
    overlays.push({ name: overlay, objects: rendered.length });
    options.log?.(`  ${overlay}: ${rendered.length} objects rendered and checked`);
  }
  return { overlays, findings: mergeFindings(findings) };
}
