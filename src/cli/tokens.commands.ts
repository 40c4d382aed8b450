import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { addKey, listKeys, retireKey } from '../shared/signing-keys.repository.js';
import type { CliIo } from './fleet.commands.js';
import { printTable } from './table.js';

export const TOKENS_USAGE = `  tokens list                    the keys that sign manage links and the read-your-writes cookie
  tokens rotate                  add a new signing key; nodes sign with it after a minute, older keys still verify
  tokens retire <id>             stop a key from verifying: links it signed stop working (404)`;

/** `bookedbarber tokens list|rotate|retire` (docs/OPERATIONS.md, "Manage links and their keys"). */
export async function tokensCommand(catalog: Kysely<CatalogDatabase>, args: readonly string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const [action, id] = args;
  switch (action) {
    case 'list':
    case undefined:
      return list(catalog, io);
    case 'rotate': {
      const created = await addKey(catalog);
      io.out(io.json ? JSON.stringify({ id: created }) : `key ${created} added: API nodes sign new links with it within a minute; older keys keep verifying until retired`);
      return 0;
    }
    case 'retire': {
      const keyId = Number(id);
      if (!Number.isInteger(keyId) || keyId < 1) throw new Error('usage: tokens retire <id> (see tokens list)');
      const result = await retireKey(catalog, keyId, now());
      io.out(io.json ? JSON.stringify({ id: keyId, result }) : `key ${keyId}: ${result}${result === 'retired' ? ' (nodes stop accepting it within a minute)' : ''}`);
      return result === 'retired' || result === 'already retired' ? 0 : 1;
    }
    default:
      throw new Error(`unknown tokens action "${action}" (list, rotate, retire)`);
  }
}

async function list(catalog: Kysely<CatalogDatabase>, io: CliIo): Promise<number> {
  const keys = await listKeys(catalog);
  if (io.json) {
    io.out(JSON.stringify(keys));
    return 0;
  }
  printTable(
    io.out,
    ['ID', 'CREATED', 'RETIRED'],
    keys.map((k) => [String(k.id), k.createdAt.toISOString(), k.retiredAt ? k.retiredAt.toISOString() : '-']),
  );
  return 0;
}
