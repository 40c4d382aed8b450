import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';
import type { Finding } from './finding.js';

const run = promisify(execFile);

// Fail on the rules that rarely cry wolf; list the noisy ones (object injection,
// non-literal fs paths: every path.join) as warnings, and unsafe-regex for a reviewer's eye.
const FAILING_RULES = [
  'detect-eval-with-expression',
  'detect-non-literal-require',
  'detect-non-literal-regexp',
  'detect-pseudoRandomBytes',
  'detect-buffer-noassert',
  'detect-new-buffer',
  'detect-child-process',
  'detect-possible-timing-attacks',
  'detect-no-csrf-before-method-override',
  'detect-disable-mustache-escape',
  'detect-bidi-characters',
  'detect-invisible-characters',
];
const WARNING_RULES = ['detect-unsafe-regex', 'detect-object-injection', 'detect-non-literal-fs-filename'];

async function tool(repoRoot: string, name: string, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const bin = path.join(repoRoot, 'node_modules', '.bin', name);
    const { stdout, stderr } = await run(bin, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** Every package from the npm registry over HTTPS with an integrity hash and a name matching its URL. */
async function lockfile(repoRoot: string): Promise<Finding[]> {
  const result = await tool(repoRoot, 'lockfile-lint', ['--path', 'package-lock.json', '--type', 'npm', '--allowed-hosts', 'npm', '--validate-https', '--validate-integrity', '--validate-package-names']);
  return result.ok ? [] : [{ file: 'package-lock.json', object: 'lockfile-lint', field: '', message: result.output.trim() }];
}

/** Every tracked file scanned for credentials (AWS keys, private keys, connection strings with passwords…). */
async function secrets(repoRoot: string): Promise<Finding[]> {
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  const files = stdout.split('\0').filter(Boolean);
  const result = await tool(repoRoot, 'secretlint', ['--secretlintrc', 'scripts/deploy-check/secretlintrc.json', '--format', 'json', ...files]);
  if (result.ok) return [];
  let reports: { filePath: string; messages: { ruleId: string; message: string; loc?: { start?: { line?: number } } }[] }[];
  try {
    reports = JSON.parse(result.output) as typeof reports;
  } catch {
    return [{ file: '.', object: 'secretlint', field: '', message: result.output.trim() }];
  }
  return reports.flatMap((report) =>
    report.messages.map((message) => ({
      file: `${path.relative(repoRoot, report.filePath)}:${message.loc?.start?.line ?? 0}`,
      object: message.ruleId,
      field: '',
      message: message.message,
    })),
  );
}

/** A CycloneDX SBOM of the production dependencies (what the image ships), kept for the release to scan. */
async function sbom(repoRoot: string, log?: (line: string) => void): Promise<Finding[]> {
  const output = path.join(repoRoot, '.cache', 'sbom', 'bookedbarber.cdx.json');
  await mkdir(path.dirname(output), { recursive: true });
  const result = await tool(repoRoot, 'cyclonedx-npm', ['--omit', 'dev', '--output-reproducible', '--output-format', 'JSON', '--output-file', output]);
  if (!result.ok) return [{ file: 'package-lock.json', object: 'cyclonedx-npm', field: '', message: result.output.trim() }];
  const document = JSON.parse(await readFile(output, 'utf8')) as { components?: { name: string }[] };
  const components = document.components ?? [];
  if (!components.some((c) => c.name === 'fastify')) return [{ file: path.relative(repoRoot, output), object: 'SBOM', field: 'components', message: 'does not list the runtime dependencies (fastify missing)' }];
  log?.(`  SBOM: ${components.length} components → ${path.relative(repoRoot, output)}`);
  return [];
}

async function securityLint(repoRoot: string, log?: (line: string) => void): Promise<Finding[]> {
  const severity = (rules: string[], level: 'error' | 'warn'): Record<string, 'error' | 'warn'> => Object.fromEntries(rules.map((rule) => [`security/${rule}`, level]));
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { security },
        rules: { ...severity(FAILING_RULES, 'error'), ...severity(WARNING_RULES, 'warn') },
      },
    ],
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const findings: Finding[] = [];
  const warnings = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      const file = `${path.relative(repoRoot, result.filePath)}:${message.line}`;
      if (message.severity === 2) findings.push({ file, object: message.ruleId ?? 'eslint', field: '', message: message.message });
      else warnings.set(message.ruleId ?? 'eslint', (warnings.get(message.ruleId ?? 'eslint') ?? 0) + 1);
    }
  }
  log?.(`  security lint: ${results.length} files${warnings.size ? `; to review by eye: ${[...warnings].map(([rule, n]) => `${rule} ×${n}`).join(', ')}` : ''}`);
  return findings;
}

/** The supply-chain checks that work without the advisory databases (the release pipeline scans the SBOM and the image online). */
export async function checkSupplyChain(options: { repoRoot: string; log?: (line: string) => void }): Promise<Finding[]> {
  const [lock, leaked, bom, lint] = await Promise.all([lockfile(options.repoRoot), secrets(options.repoRoot), sbom(options.repoRoot, options.log), securityLint(options.repoRoot, options.log)]);
  return [...lock, ...leaked, ...bom, ...lint];
}
