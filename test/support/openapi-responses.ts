import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const COMPONENTS = 'openapi-components';
const JSON_MEDIA = 'application/json';

/**
 * Checks answers against the response schemas an app documents (OpenAPI 3.0) with ajv: `$ref`s
 * resolved into components.schemas, `nullable` read as "or null", and every object closed
 * (additionalProperties false where the document says nothing), so that a field the document does
 * not declare fails as surely as a declared one missing.
 */
export class OpenApiResponses {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addVocabulary(['example', 'xml', 'externalDocs']);
    const definitions = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        toJsonSchema(schema),
      ]),
    );
    this.ajv.addSchema({ $id: COMPONENTS, definitions });
  }

  /** The documented GETs: path templates as written (`/a/{id}`), with the JSON schema of their 200. */
  gets(): Array<{ path: string; jsonSchema: Schema | undefined }> {
    return Object.entries(this.document.paths).flatMap(([path, methods]) =>
      methods.get === undefined ? [] : [{ path, jsonSchema: jsonSchemaOf(methods.get, '200') }],
    );
  }

  /** What is wrong with `body` as the answer `status` of `method` `path` (a template); none when it conforms. */
  problems(path: string, body: unknown, { method = 'get', status = '200' } = {}): string[] {
    const key = `${method} ${path} ${status}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      const operation = this.document.paths[path]?.[method];
      const schema = operation === undefined ? undefined : jsonSchemaOf(operation, status);
      if (schema === undefined) {
        return [`${method.toUpperCase()} ${path} documents no JSON schema for its ${status} answer`];
      }
      validate = this.ajv.compile(toJsonSchema(schema));
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties' ? `: ${String(error.params.additionalProperty)}` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

function jsonSchemaOf(operation: Operation, status: string): Schema | undefined {
  return operation.responses?.[status]?.content?.[JSON_MEDIA]?.schema;
}

function toJsonSchema(schema: Schema): Schema {
  const { nullable, ...rest } = schema;
  const converted: Schema = { ...rest };
  if (typeof rest.$ref === 'string') {
    converted.$ref = rest.$ref.replace('#/components/schemas/', `${COMPONENTS}#/definitions/`);
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    if (typeof rest[key] === 'object' && rest[key] !== null) {
      converted[key] = toJsonSchema(rest[key] as Schema);
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(rest[key])) {
      converted[key] = (rest[key] as Schema[]).map(toJsonSchema);
    }
  }
  if (typeof rest.properties === 'object' && rest.properties !== null) {
    converted.properties = Object.fromEntries(
      Object.entries(rest.properties as Record<string, Schema>).map(([name, sub]) => [
        name,
        toJsonSchema(sub),
      ]),
    );
    converted.additionalProperties ??= false;
  }
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}
