import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../infra/repo-root';

export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  allOf?: OpenApiSchema[];
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; description?: string }>;
  responses: Record<string, { content?: Record<string, { schema: OpenApiSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/**
 * The platform's official OpenAPI document is read where it lives (beside the repository, in the
 * team's shared folder), never copied into the project. ENGAGE_OPENAPI_PATH points elsewhere.
 */
export const OFFICIAL_OPENAPI_PATH =
  process.env.ENGAGE_OPENAPI_PATH ??
  join(repoRoot, '..', 'shared', 'reference', 'engage-digital-api', 'engage-digital_openapi3.yaml');

let loaded: OpenApiDocument | undefined;

export function officialOpenApi(): OpenApiDocument {
  if (!existsSync(OFFICIAL_OPENAPI_PATH)) {
    throw new Error(
      `The official RCED OpenAPI document is not at ${OFFICIAL_OPENAPI_PATH}. ` +
        'Fidelity tests read it where it lives; set ENGAGE_OPENAPI_PATH to its location.',
    );
  }
  loaded ??= parse(readFileSync(OFFICIAL_OPENAPI_PATH, 'utf8')) as OpenApiDocument;
  return loaded;
}

/** Follows `$ref` and merges `allOf`, so a schema's `properties` hold every declared field. */
export function resolveSchema(schema: OpenApiSchema): OpenApiSchema {
  const { components } = officialOpenApi();
  const resolved = schema.$ref
    ? resolveSchema(components.schemas[schema.$ref.split('/').pop() ?? ''])
    : schema;
  if (!resolved.allOf) {
    return resolved;
  }
  const parts = resolved.allOf.map(resolveSchema);
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<
      string,
      OpenApiSchema
    >,
  };
}
