import type { RouteOptions } from 'fastify';
import { Currency, DateOrInstant, Instant, LocalDate, Slug } from '../../src/http/common-schemas.js';
import { Phone } from '../../src/modules/bookings/bookings.schemas.js';
import type { RouteModule } from '../../src/http/app-types.js';

/**
 * The app's own route table, and well-formed requests generated from each
 * route's schemas, for tests that must hold for every route ("for all X").
 */
export interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: RouteOptions['schema'];
}

export interface JsonSchema {
  readonly type?: string | string[];
  readonly format?: string;
  readonly pattern?: string;
  readonly const?: unknown;
  readonly enum?: unknown[];
  readonly anyOf?: JsonSchema[];
  readonly oneOf?: JsonSchema[];
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A route module that records every route registered after it (list it first). */
export function routeCollector(into: CollectedRoute[]): RouteModule {
  return (api) => {
    api.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') into.push({ method, url: route.url, schema: route.schema });
    });
  };
}

export type DateKind = 'date' | 'instant' | 'date-or-instant';

const patternOf = (schema: object): string | undefined => (schema as JsonSchema).pattern;

const DATE_KINDS: ReadonlyMap<string | undefined, DateKind> = new Map([
  [patternOf(LocalDate), 'date'],
  [patternOf(Instant), 'instant'],
  [patternOf(DateOrInstant), 'date-or-instant'],
]);

/** Which shared date schema a string schema is, if any. */
export function dateKindOf(schema: JsonSchema): DateKind | undefined {
  return schema.pattern === undefined ? undefined : DATE_KINDS.get(schema.pattern);
}

export interface SampleContext {
  /** Real values for ids and names the test set up (franchiseId, slug, manageToken…). */
  readonly known: Readonly<Record<string, string>>;
  /** A date inside the booking horizon, YYYY-MM-DD. */
  readonly day: string;
}

const variantsOf = (schema: JsonSchema): JsonSchema[] | undefined => schema.anyOf ?? schema.oneOf;
const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type);

/** A valid value for a schema: every property present (optional ones too), one item per array. */
export function sample(schema: JsonSchema | undefined, name: string, ctx: SampleContext): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = variantsOf(schema);
  if (variants) return sample(variants.find((v) => v.type !== 'null') ?? variants[0], name, ctx);
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, key, ctx)]));
    case 'array':
      return [sample(schema.items, name, ctx)];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema, name, ctx);
    default:
      return undefined;
  }
}

let unique = 0;

function sampleString(schema: JsonSchema, name: string, ctx: SampleContext): string {
  const late = /^(end|to|until)$/i.test(name);
  const known = ctx.known[name] ?? ctx.known[name.replace(/Ids$/, 'Id')];
  if (known !== undefined) return known;
  const kind = dateKindOf(schema);
  if (kind === 'date' || kind === 'date-or-instant') return late ? nextDay(ctx.day) : ctx.day;
  if (kind === 'instant') return `${ctx.day}T${late ? '16' : '15'}:00:00Z`;
  if (/^(date|from|to)$/.test(name)) return late ? nextDay(ctx.day) : ctx.day;
  if (schema.format === 'uuid') return '00000000-0000-7000-8000-000000000000';
  if (schema.format === 'email') return `probe-${unique++}@example.test`;
  if (schema.pattern === patternOf(Slug)) return `probe-${Date.now().toString(36)}-${unique++}`;
  if (schema.pattern === patternOf(Currency)) return 'USD';
  // A number that can exist (phones are checked against libphonenumber's full metadata); 555-01xx is reserved for fiction.
  if (schema.pattern === patternOf(Phone)) return '+1 212 555 0100';
  if (schema.pattern === '^\\d{2}:\\d{2}$') return late ? '10:00' : '09:00';
  if (/timezone/i.test(name)) return 'America/New_York';
  if (name === 'region') return 'us-east-1';
  if (name === 'password') return 'correct-horse-battery-staple';
  return 'Sample'.padEnd(schema.minLength ?? 1, 'x').slice(0, schema.maxLength ?? 100);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export interface StringLeaf {
  /** Keys from the part's root, e.g. ['client', 'name'] or ['weekly', '0', 'start']. */
  readonly path: readonly string[];
  readonly name: string;
  readonly schema: JsonSchema;
}

/** Every string-valued property of a schema, through objects, arrays (item 0) and unions. */
export function stringLeaves(schema: JsonSchema | undefined, path: readonly string[] = [], name = ''): StringLeaf[] {
  if (!schema) return [];
  const variants = variantsOf(schema);
  if (variants) {
    const stringy = variants.find((v) => typeOf(v) === 'string' || v.const !== undefined);
    if (stringy) return [{ path, name, schema: stringy }];
    return stringLeaves(variants.find((v) => v.type !== 'null'), path, name);
  }
  switch (typeOf(schema)) {
    case 'object':
      return Object.entries(schema.properties ?? {}).flatMap(([key, value]) => stringLeaves(value, [...path, key], key));
    case 'array':
      return stringLeaves(schema.items, [...path, '0'], name);
    case 'string':
      return [{ path, name, schema }];
    default:
      return [];
  }
}

/** A copy of `value` with the property at `path` replaced. */
export function withValueAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string, unknown>;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}
