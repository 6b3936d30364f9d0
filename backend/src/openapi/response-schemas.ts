import type { OpenAPIObject } from '@nestjs/swagger';
import generated from './responses.generated.json';

/** What one handler answers on success, as scripts/openapi-schemas.mjs read it from its return type. */
export interface GeneratedResponse {
  status: number;
  body: 'json' | 'none' | 'file' | 'event-stream';
  schema?: Record<string, unknown>;
  /** From @ApiProduces, when the handler declares its media types. */
  mediaTypes?: string[];
}

export const GENERATED_RESPONSES = generated.operations as Record<string, GeneratedResponse>;
const SCHEMAS = generated.schemas as Record<string, Record<string, unknown>>;

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The media types the handler declared (@ApiProduces), else the usual one for its kind of body. */
function content(response: GeneratedResponse): Record<string, { schema: object }> | undefined {
  if (response.body === 'none') return undefined;
  const schema = response.body === 'json' ? (response.schema ?? {}) : { type: 'string' };
  const fallback = {
    json: 'application/json',
    file: 'text/csv',
    'event-stream': 'text/event-stream',
  };
  const types = response.mediaTypes ?? [fallback[response.body]];
  return Object.fromEntries(types.map((type) => [type, { schema }]));
}

/**
 * Gives every operation of the document its success response's schema, generated from the
 * handler's TypeScript return type (the shared/ DTOs become components). The document is OpenAPI
 * 3.1, so the schemas are JSON Schema as written (`type: 'null'` for nullable fields).
 */
export function withResponseSchemas(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      const response = operation?.operationId
        ? GENERATED_RESPONSES[operation.operationId]
        : undefined;
      if (!operation || !response) continue;
      for (const code of Object.keys(operation.responses)) {
        if (code.startsWith('2')) delete operation.responses[code];
      }
      const body = content(response);
      operation.responses[String(response.status)] = {
        description: response.body === 'none' ? 'No content' : 'Success',
        ...(body ? { content: body } : {}),
      };
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...SCHEMAS },
  };
  return document;
}
