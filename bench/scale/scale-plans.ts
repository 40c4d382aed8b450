import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { CatalogDatabase } from '../../src/db/catalog-schema.js';
import { locationSlug } from './scale-seed.js';
import type { Progress } from './scale-seed.js';

export interface PlanCheck {
  readonly query: string;
  /** Plan nodes, outermost first, with the index each one uses. */
  readonly plan: string;
  /** Per-request queries must not scan a whole table; operator-tool reads of everything may. */
  readonly perRequest: boolean;
  readonly ok: boolean;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly 'Relation Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/**
 * EXPLAIN of the catalog queries every public or staff request makes, at full
 * size (the SQL of the repository function named, with a real value). A
 * sequential scan in one of them is a missing index.
 */
export async function checkPlans(catalog: Kysely<CatalogDatabase>, progress: Progress): Promise<PlanCheck[]> {
  const franchise = await catalog.selectFrom('franchises').select(['id', 'slug', 'region']).where('slug', '=', 'scale-f-1').executeTakeFirstOrThrow();
  const queries: { query: string; perRequest: boolean; text: RawBuilder<unknown> }[] = [
    { query: 'findDirectoryEntry (slug → location)', perRequest: true, text: sql`SELECT id, franchise_id, slug FROM location_directory WHERE slug = ${locationSlug(1)}` },
    { query: 'findPlacement (franchise → shard)', perRequest: true, text: sql`SELECT id, shard_id, region, placement_version FROM franchises WHERE id = ${franchise.id}` },
    { query: 'findFranchiseBySlug', perRequest: true, text: sql`SELECT * FROM franchises WHERE slug = ${franchise.slug}` },
    { query: 'listFranchiseLocationIds', perRequest: true, text: sql`SELECT id FROM location_directory WHERE franchise_id = ${franchise.id} ORDER BY id` },
    {
      query: 'listDirectoryEntries of one franchise (cache warmer)',
      perRequest: true,
      text: sql`SELECT d.franchise_id, f.region, d.id, d.slug FROM location_directory d JOIN franchises f ON f.id = d.franchise_id WHERE f.id IN (${franchise.id}) ORDER BY f.region, d.franchise_id, d.slug`,
    },
    { query: 'listFranchisePlacements (platform report: every franchise)', perRequest: false, text: sql`SELECT id, region, shard_id FROM franchises` },
  ];
  const checks: PlanCheck[] = [];
  for (const { query, perRequest, text } of queries) {
    const { rows } = await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>`EXPLAIN (FORMAT JSON) ${text}`.execute(catalog);
    const top = rows[0]?.['QUERY PLAN'][0]?.Plan;
    const nodes = top ? flatten(top) : [];
    const plan = nodes.map((node) => `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`).join(' → ');
    const scans = nodes.some((node) => node['Node Type'] === 'Seq Scan');
    const check = { query, plan, perRequest, ok: !perRequest || !scans };
    progress(`  plan ${check.ok ? 'ok  ' : 'SCAN'} ${query}: ${plan}`);
    checks.push(check);
  }
  return checks;
}
