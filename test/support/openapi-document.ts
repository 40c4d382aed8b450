import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

interface Operation {
  readonly operationId?: string;
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema?: object }> }>;
}

/** The schema the served document (/docs/json) declares for one answer of an operation, found by operationId. */
export async function declaredResponseSchema(app: FastifyInstance, operationId: string, status: number): Promise<object> {
  const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const operation = Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((candidate) => candidate.operationId === operationId);
  const content = operation?.responses?.[String(status)]?.content ?? {};
  const schema = Object.values(content)[0]?.schema;
  if (!schema) throw new Error(`the document declares no ${status} schema for ${operationId}`);
  return schema;
}

/** What in a body disagrees with the documented schema of that answer; empty when the body is as documented. */
export async function undocumentedParts(app: FastifyInstance, operationId: string, status: number, body: unknown): Promise<string[]> {
  const validate = ajv.compile(await declaredResponseSchema(app, operationId, status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
