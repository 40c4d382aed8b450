import { Ajv } from 'ajv';
import type { Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { applyControlCharacterRule, controlCharactersKeyword } from './control-characters.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

const withKeywords = (ajv: Ajv): Ajv => addFormats(ajv).addKeyword(controlCharactersKeyword);

// Query strings, params and headers arrive as text: "days=3" must become 3.
const coercing = withKeywords(new Ajv({ ...common, coerceTypes: 'array' }));
// A JSON body says what it means: "priceCents": "100" is a wrong type, not a number.
const exact = withKeywords(new Ajv({ ...common, coerceTypes: false }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? exact : coercing;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/**
 * The input boundary, once for the whole app: the validator compiler, and the
 * hook that puts the control-character rule on every string of every route's
 * request schemas. Call it before any route is registered.
 */
export function registerValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRoute', applyControlCharacterRule);
}
