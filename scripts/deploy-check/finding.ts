/** One mistake, located as a reviewer would point at it: file, object, field. */
export interface Finding {
  /** Repository-relative path of the file the object or block comes from. */
  readonly file: string;
  /** `Kind namespace/name` for a manifest, `resource "type" "name"` for Terraform, a package for the lockfile. */
  readonly object: string;
  /** Dotted path to the field (`spec.template.spec.containers[0].readinessProbe`), or "" for the whole object. */
  readonly field: string;
  readonly message: string;
  /** Where it was seen (the overlays that render it), when several places share the file. */
  readonly seenIn?: readonly string[];
}

export function formatFinding(finding: Finding): string {
  const where = finding.seenIn && finding.seenIn.length > 0 ? `  [${finding.seenIn.join(', ')}]` : '';
  return `${finding.file}: ${finding.object}${finding.field ? `: ${finding.field}` : ''}: ${finding.message}${where}`;
}

/** The same mistake in a base file shows up once per overlay: report it once, naming the overlays. */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.file}\0${finding.object}\0${finding.field}\0${finding.message}`;
    const known = merged.get(key);
    merged.set(key, known ? { ...known, seenIn: [...(known.seenIn ?? []), ...(finding.seenIn ?? [])] } : finding);
  }
  return [...merged.values()];
}

/** JSON-pointer-ish `/spec/template/containers/0/x` → `spec.template.containers[0].x`. */
export function fieldPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path ? `${path}.${segment}` : segment;
  }, '');
}
