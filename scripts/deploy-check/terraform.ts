import { execFile } from 'node:child_process';
import { access, mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import type { Finding } from './finding.js';

const run = promisify(execFile);
type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const blocks = (value: unknown): Obj[] => (Array.isArray(value) ? value.map(asObj) : []);
const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

interface TfFile {
  readonly file: string;
  readonly text: string;
  readonly json: Obj;
}

interface TfDir {
  readonly dir: string;
  readonly files: readonly TfFile[];
  /** Variable name → has a default. */
  readonly variables: Map<string, boolean>;
  readonly outputs: Set<string>;
}

/** file:line of the first line matching `pattern`, for messages a reviewer can jump to. */
function lineOf(file: TfFile, pattern: RegExp, from = 0): string {
  const lines = file.text.split('\n');
  for (let i = from; i < lines.length; i++) if (pattern.test(lines[i] ?? '')) return `${file.file}:${i + 1}`;
  return file.file;
}
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const blockLine = (file: TfFile, kind: string, ...labels: string[]): number =>
  file.text.split('\n').findIndex((line) => new RegExp(`^\\s*${kind}\\s+${labels.map((l) => `"${escape(l)}"`).join('\\s+')}\\s*\\{`).test(line));

async function loadDirs(root: string, repoRoot: string, findings: Finding[]): Promise<Map<string, TfDir>> {
  const dirs = new Map<string, TfDir>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const files: TfFile[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(full);
      if (!entry.isFile() || !entry.name.endsWith('.tf')) continue;
      const text = await readFile(full, 'utf8');
      const file = path.relative(repoRoot, full);
      try {
        files.push({ file, text, json: asObj(await parse(entry.name, text)) });
      } catch (error) {
        findings.push({ file, object: 'HCL', field: '', message: `does not parse: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    if (files.length === 0) return;
    const variables = new Map<string, boolean>();
    const outputs = new Set<string>();
    for (const file of files) {
      for (const [name, declared] of Object.entries(asObj(file.json.variable))) variables.set(name, blocks(declared).some((b) => 'default' in b));
      for (const name of Object.keys(asObj(file.json.output))) outputs.add(name);
    }
    dirs.set(dir, { dir, files, variables, outputs });
  };
  await walk(root);
  return dirs;
}

/** Every `var.x` used is declared; every module call names a known module, known inputs, all required inputs and known outputs. */
function checkReferences(dirs: Map<string, TfDir>, findings: Finding[]): void {
  for (const tf of dirs.values()) {
    for (const file of tf.files) {
      const values = JSON.stringify(file.json);
      for (const match of new Set([...values.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)].map((m) => m[1] as string))) {
        if (!tf.variables.has(match)) findings.push({ file: lineOf(file, new RegExp(`\\bvar\\.${escape(match)}\\b`)), object: `var.${match}`, field: '', message: `is used but not declared in ${path.basename(tf.dir)}` });
      }
      for (const [name, calls] of Object.entries(asObj(file.json.module))) {
        const at = Math.max(0, blockLine(file, 'module', name));
        for (const call of blocks(calls)) {
          const source = String(call.source ?? '');
          if (!source.startsWith('.')) continue;
          const target = dirs.get(path.resolve(tf.dir, source));
          const object = `module "${name}"`;
          if (!target) {
            findings.push({ file: lineOf(file, /^\s*source\s*=/, at), object, field: 'source', message: `${source} is not a module folder with .tf files` });
            continue;
          }
          for (const argument of Object.keys(call)) {
            if (!META_ARGUMENTS.has(argument) && !target.variables.has(argument)) {
              findings.push({ file: lineOf(file, new RegExp(`^\\s*${escape(argument)}\\s*=`), at), object, field: argument, message: `unknown input: ${source} declares no variable "${argument}"` });
            }
          }
          for (const [variable, hasDefault] of target.variables) {
            if (!hasDefault && !(variable in call)) findings.push({ file: `${file.file}:${at + 1}`, object, field: variable, message: `required input of ${source} is not set` });
          }
        }
      }
      for (const match of values.matchAll(/\bmodule\.([\w-]+)\.([\w-]+)/g)) {
        const [, moduleName = '', output = ''] = match;
        const call = blocks(asObj(tf.files.map((f) => asObj(f.json.module)).find((m) => moduleName in m))[moduleName])[0];
        const target = call ? dirs.get(path.resolve(tf.dir, String(call.source ?? ''))) : undefined;
        if (target && !target.outputs.has(output)) {
          findings.push({ file: lineOf(file, new RegExp(`module\\.${escape(moduleName)}\\.${escape(output)}\\b`)), object: `module "${moduleName}"`, field: output, message: `no such output in ${String(call?.source)}` });
        }
      }
    }
  }
}

/** Every store is encrypted: S3 (SSE-KMS), ElastiCache (at rest and in transit), EKS secrets, KMS rotation, logs, secrets, state. */
function checkEncryption(dirs: Map<string, TfDir>, findings: Finding[]): void {
  let ebsDefault = false;
  for (const tf of dirs.values()) {
    const resources = tf.files.flatMap((file) =>
      Object.entries(asObj(file.json.resource)).flatMap(([type, named]) => Object.entries(asObj(named)).flatMap(([name, bodies]) => blocks(bodies).map((body) => ({ file, type, name, body })))),
    );
    const need = (r: (typeof resources)[number], field: string, ok: boolean, message: string): void => {
      if (ok) return;
      const at = Math.max(0, blockLine(r.file, 'resource', r.type, r.name));
      const fieldLine = lineOf(r.file, new RegExp(`^\\s*${escape(field)}\\s*[={]`), at);
      // A missing field is pointed at by its resource's first line.
      findings.push({ file: fieldLine === r.file.file ? `${r.file.file}:${at + 1}` : fieldLine, object: `resource "${r.type}" "${r.name}"`, field, message });
    };
    for (const r of resources) {
      switch (r.type) {
        case 'aws_s3_bucket': {
          const sse = resources.find((o) => o.type === 'aws_s3_bucket_server_side_encryption_configuration' && String(o.body.bucket).includes(`aws_s3_bucket.${r.name}.`));
          const algorithm = blocks(blocks(sse?.body.rule)[0]?.apply_server_side_encryption_by_default)[0]?.sse_algorithm;
          need(r, 'bucket', algorithm === 'aws:kms', 'no aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" for this bucket');
          break;
        }
        case 'aws_elasticache_replication_group':
          need(r, 'at_rest_encryption_enabled', r.body.at_rest_encryption_enabled === true, 'must be true');
          need(r, 'transit_encryption_enabled', r.body.transit_encryption_enabled === true, 'must be true');
          need(r, 'kms_key_id', r.body.kms_key_id !== undefined, 'must name a customer-managed KMS key');
          break;
        case 'aws_eks_cluster':
          need(r, 'encryption_config', blocks(r.body.encryption_config).some((c) => Array.isArray(c.resources) && c.resources.includes('secrets')), 'must encrypt "secrets" with a KMS key');
          break;
        case 'aws_kms_key':
          need(r, 'enable_key_rotation', r.body.enable_key_rotation === true, 'must be true');
          break;
        case 'aws_cloudwatch_log_group':
        case 'aws_secretsmanager_secret':
          need(r, 'kms_key_id', r.body.kms_key_id !== undefined, 'must name a customer-managed KMS key');
          break;
        case 'aws_dynamodb_table':
          need(r, 'server_side_encryption', blocks(r.body.server_side_encryption).some((s) => s.enabled === true), 'must be enabled');
          break;
        case 'aws_ebs_encryption_by_default':
          ebsDefault ||= r.body.enabled === true;
          break;
      }
    }
    for (const file of tf.files) {
      for (const terraform of blocks(file.json.terraform)) {
        for (const backend of blocks(asObj(terraform.backend).s3)) {
          if (backend.encrypt !== true) findings.push({ file: lineOf(file, /^\s*backend\s+"s3"/), object: 'backend "s3"', field: 'encrypt', message: 'the state holds secrets: must be true' });
        }
      }
    }
  }
  if (!ebsDefault && [...dirs.values()].some((tf) => tf.files.some((f) => JSON.stringify(f.json).includes('aws_eks_node_group')))) {
    findings.push({ file: 'infra/terraform', object: 'resource "aws_ebs_encryption_by_default"', field: 'enabled', message: 'node and database volumes need EBS encryption by default' });
  }
}

/** hclfmt from Debian's HCL sources (no Terraform here), built once into .cache/tools. */
async function hclfmt(cacheDir: string, log?: (line: string) => void): Promise<string | undefined> {
  const binary = path.join(cacheDir, 'tools', 'hclfmt');
  if (await access(binary).then(() => true, () => false)) return binary;
  const gopath = '/usr/share/gocode';
  if (!(await access(path.join(gopath, 'src/github.com/hashicorp/hcl/v2/cmd/hclfmt')).then(() => true, () => false))) return undefined;
  log?.('  building hclfmt from golang-github-hashicorp-hcl-v2-dev (once)…');
  await mkdir(path.dirname(binary), { recursive: true });
  await run('go', ['build', '-o', binary, 'github.com/hashicorp/hcl/v2/cmd/hclfmt'], {
    env: { ...process.env, GOPATH: gopath, GO111MODULE: 'off', GOCACHE: path.join(cacheDir, 'go-build'), GOFLAGS: '' },
  });
  return binary;
}

async function checkFormatting(dirs: Map<string, TfDir>, repoRoot: string, cacheDir: string, findings: Finding[], log?: (line: string) => void): Promise<boolean> {
  const binary = await hclfmt(cacheDir, log).catch(() => undefined);
  if (!binary) return false;
  for (const tf of dirs.values()) {
    for (const file of tf.files) {
      try {
        await run(binary, ['-require-no-change', path.join(repoRoot, file.file)]);
      } catch {
        findings.push({ file: file.file, object: 'HCL', field: '', message: 'not in canonical format (run: .cache/tools/hclfmt -w FILE)' });
      }
    }
  }
  return true;
}

export async function checkTerraform(options: {
  terraformDir: string;
  repoRoot: string;
  /** Where hclfmt is built and kept; default the repository's .cache. */
  cacheDir?: string;
  log?: (line: string) => void;
}): Promise<{ findings: Finding[]; formatted: boolean; files: number }> {
  const findings: Finding[] = [];
  const dirs = await loadDirs(options.terraformDir, options.repoRoot, findings);
  checkReferences(dirs, findings);
  checkEncryption(dirs, findings);
  const formatted = await checkFormatting(dirs, options.repoRoot, options.cacheDir ?? path.join(options.repoRoot, '.cache'), findings, options.log);
  const files = [...dirs.values()].reduce((n, d) => n + d.files.length, 0);
  if (!formatted) {
    const message = 'hclfmt is not available: apt-get install -y golang-go golang-github-hashicorp-hcl-v2-dev (.ci/run does)';
    // In CI a missing tool is a failure, not a silent skip.
    if (process.env.CI) findings.push({ file: path.relative(options.repoRoot, options.terraformDir), object: 'hclfmt', field: '', message });
    else options.log?.(`  formatting not checked: ${message}`);
  }
  options.log?.(`  ${files} .tf files in ${dirs.size} folders parsed and checked${formatted ? ', formatting included' : ''}`);
  return { findings, formatted, files };
}
