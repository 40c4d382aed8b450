import { afterEach, describe, expect, it } from 'vitest';
import { formatFinding } from '../../scripts/deploy-check/finding.js';
import { checkTerraform } from '../../scripts/deploy-check/terraform.js';
import { REPO_ROOT, scratchCopy } from './deploy-tree.js';

type Scratch = Awaited<ReturnType<typeof scratchCopy>>;

/** The offline Terraform checks on infra/terraform, then on copies with one mistake each. */
describe('deploy:check terraform', { timeout: 120_000 }, () => {
  let scratch: Scratch | undefined;
  afterEach(async () => {
    await scratch?.remove();
    scratch = undefined;
  });

  const seeded = async (file: string, change: (text: string) => string): Promise<string[]> => {
    scratch = await scratchCopy('infra/terraform');
    await scratch.edit(file, change);
    // The scratch tree's paths are repository paths below its root; hclfmt comes from the real repository's cache.
    const report = await checkTerraform({ terraformDir: `${scratch.root}/infra/terraform`, repoRoot: scratch.root, cacheDir: `${REPO_ROOT}/.cache` });
    return report.findings.map(formatFinding);
  };

  it('passes on the repository, formatting included', async () => {
    const report = await checkTerraform({ terraformDir: `${REPO_ROOT}/infra/terraform`, repoRoot: REPO_ROOT });
    expect(report.findings.map(formatFinding)).toEqual([]);
    expect(report.formatted).toBe(true);
    expect(report.files).toBeGreaterThan(30);
  });

  it('an undeclared variable', async () => {
    const findings = await seeded('infra/terraform/modules/redis/main.tf', (t) => t.replace('node_type                  = var.node_type', 'node_type                  = var.node_size'));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/modules\/redis\/main\.tf:\d+: var\.node_size: is used but not declared in redis$/));
  });

  it('an unknown module input and a missing required one', async () => {
    const findings = await seeded('infra/terraform/modules/region-stack/main.tf', (t) => t.replace('  kms_key_arn        = module.kms.key_arns["redis"]', '  kms_key            = module.kms.key_arns["redis"]'));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/modules\/region-stack\/main\.tf:\d+: module "redis": kms_key: unknown input: \.\.\/redis declares no variable "kms_key"$/));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/modules\/region-stack\/main\.tf:\d+: module "redis": kms_key_arn: required input of \.\.\/redis is not set$/));
  });

  it('a misspelled input where a region environment calls region-stack', async () => {
    const findings = await seeded('infra/terraform/environments/eu-west-1/main.tf', (t) => t.replace('  app_nodes              =', '  app_node               ='));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/environments\/eu-west-1\/main\.tf:\d+: module "region": app_node: unknown input: \.\.\/\.\.\/modules\/region-stack declares no variable "app_node"$/));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/environments\/eu-west-1\/main\.tf:\d+: module "region": app_nodes: required input of \.\.\/\.\.\/modules\/region-stack is not set$/));
  });

  it('an unencrypted bucket', async () => {
    const findings = await seeded('infra/terraform/modules/backup-bucket/main.tf', (t) => t.replace('sse_algorithm     = "aws:kms"', 'sse_algorithm     = "AES256"'));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/modules\/backup-bucket\/main\.tf:\d+: resource "aws_s3_bucket" "this": bucket: no aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms"/));
  });

  it('Redis without encryption at rest', async () => {
    const findings = await seeded('infra/terraform/modules/redis/main.tf', (t) => t.replace('at_rest_encryption_enabled = true', 'at_rest_encryption_enabled = false'));
    expect(findings).toContainEqual(expect.stringMatching(/^infra\/terraform\/modules\/redis\/main\.tf:\d+: resource "aws_elasticache_replication_group" "this": at_rest_encryption_enabled: must be true$/));
  });

  it('a file out of canonical format', async () => {
    const findings = await seeded('infra/terraform/modules/kms/main.tf', (t) => t.replace('  enable_key_rotation     = true', '  enable_key_rotation = true'));
    expect(findings).toContainEqual('infra/terraform/modules/kms/main.tf: HCL: not in canonical format (run: .cache/tools/hclfmt -w FILE)');
  });
});
