import type { CodeKeywordDefinition, KeywordCxt } from 'ajv';
import { _ } from 'ajv';
import type { RouteOptions } from 'fastify';

/**
 * The input boundary's rule for text (docs/ARCHITECTURE.md, "Request path"):
 * no string in a request may carry a control character. PostgreSQL refuses
 * NUL in text outright, and the others (escape, backspace, C1 codes) have no
 * business in a name, a slug or an address. Free text a person types over
 * several lines (booking notes, a time-off reason) may keep tab, line feed
 * and carriage return. The rule is a schema keyword, so /docs shows it.
 */
export const CONTROL_CHARACTERS = 'x-control-characters';

export type ControlCharacterRule = 'none' | 'tab-and-line-breaks';

/* eslint-disable no-control-regex -- matching control characters is the point */
const REFUSED: Readonly<Record<ControlCharacterRule, RegExp>> = {
  none: /[\u0000-\u001F\u007F-\u009F]/,
  'tab-and-line-breaks': /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/,
};
/* eslint-enable no-control-regex */

const MESSAGES: Readonly<Record<ControlCharacterRule, string>> = {
  none: 'must not contain control characters (U+0000–U+001F, U+007F–U+009F)',
  'tab-and-line-breaks': 'must not contain control characters other than tab, line feed and carriage return',
};

/** The Ajv keyword that enforces the rule, with a message a caller can act on. */
export const controlCharactersKeyword: CodeKeywordDefinition = {
  keyword: CONTROL_CHARACTERS,
  type: 'string',
  schemaType: 'string',
  metaSchema: { enum: Object.keys(REFUSED) },
  error: { message: ({ schema }) => MESSAGES[schema as ControlCharacterRule] },
  code(cxt: KeywordCxt) {
    const refused = REFUSED[cxt.schema as ControlCharacterRule];
    const regex = cxt.gen.scopeValue('pattern', { key: refused.toString(), ref: refused });
    cxt.fail(_`${regex}.test(${cxt.data})`);
  },
};

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (schema: Schema): boolean => schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));

// Where sub-schemas sit. `not` and `if` are left alone: marking strings there would invert their meaning.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_SINGLES = ['items', 'additionalProperties', 'then', 'else', 'contains'] as const;

/**
 * A copy of a request schema in which every string that does not state a rule
 * gets the strict one. Copies, because TypeBox schemas (Uuid, Email…) are
 * shared with response schemas and between routes.
 */
export function withControlCharacterRule(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withControlCharacterRule);
  if (!isSchema(schema)) return schema;
  // Property descriptors, so TypeBox's hidden markers (~kind, ~optional) survive the copy.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(schema)) as Schema;
  for (const key of SCHEMA_MAPS) {
    const map = copy[key];
    if (isSchema(map)) copy[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, withControlCharacterRule(sub)]));
  }
  for (const key of [...SCHEMA_LISTS, ...SCHEMA_SINGLES]) {
    if (copy[key] !== undefined) copy[key] = withControlCharacterRule(copy[key]);
  }
  if (isString(copy) && copy[CONTROL_CHARACTERS] === undefined) copy[CONTROL_CHARACTERS] = 'none';
  return copy;
}

const REQUEST_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/**
 * An onRoute hook: applies the rule to every request part of every route
 * before Fastify compiles its validators and before the OpenAPI document is
 * generated, so a route added later is covered without anyone remembering.
 */
export function applyControlCharacterRule(route: RouteOptions): void {
  const schema = route.schema as Schema | undefined;
  if (!schema) return;
  const marked: Schema = { ...schema };
  for (const part of REQUEST_PARTS) {
    if (schema[part] !== undefined) marked[part] = withControlCharacterRule(schema[part]);
  }
  route.schema = marked;
}
