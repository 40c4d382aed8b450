import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Finding } from './finding.js';
import { formatFinding } from './finding.js';
import { checkManifests } from './manifests.js';
import { checkSupplyChain } from './supply-chain.js';
import { checkTerraform } from './terraform.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECTIONS = ['manifests', 'terraform', 'supply-chain'] as const;
type Section = (typeof SECTIONS)[number];

const USAGE = `Usage: npm run deploy:check [-- --only manifests,terraform,supply-chain]

Offline checks of everything that ships (docs/DEPLOY.md, "What deploy:check proves"):
  manifests     kubectl kustomize of every overlay in deploy/overlays, strict schema
                validation (unknown fields are errors), project policies
  terraform     infra/terraform: HCL parses, formatting (hclfmt), variables and
                module inputs, encryption on every store
  supply-chain  lockfile integrity and hosts, secret scan, SBOM, security lint of src/
Each finding names the file, the object and the field. Exit 1 on any finding.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
  const unknown = only.filter((s) => !SECTIONS.includes(s as Section));
  if (unknown.length > 0) {
    process.stderr.write(`unknown section(s): ${unknown.join(', ')}\n\n${USAGE}\n`);
    return 2;
  }
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const all: Finding[] = [];
  const run = async (section: Section, work: () => Promise<readonly Finding[]>): Promise<void> => {
    if (!only.includes(section)) return;
    const started = Date.now();
    log(`deploy:check ${section}…`);
    const findings = await work();
    all.push(...findings);
    log(`deploy:check ${section}: ${findings.length === 0 ? 'ok' : `${findings.length} finding(s)`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const finding of findings) log(`  ✗ ${formatFinding(finding)}`);
  };
  await run('manifests', async () => (await checkManifests({ deployDir: path.join(ROOT, 'deploy'), repoRoot: ROOT, log })).findings);
  await run('terraform', async () => (await checkTerraform({ terraformDir: path.join(ROOT, 'infra', 'terraform'), repoRoot: ROOT, log })).findings);
  await run('supply-chain', async () => checkSupplyChain({ repoRoot: ROOT, log }));
  log(all.length === 0 ? 'deploy:check passed' : `deploy:check failed: ${all.length} finding(s)`);
  return all.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`deploy:check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
