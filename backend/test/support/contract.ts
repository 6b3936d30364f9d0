import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

/**
 * The API's contract as the served OpenAPI document declares it, checked against real traffic:
 * every 2xx JSON body the API suite receives is validated against its operation's response
 * schema (generated from the handlers' return types by scripts/openapi-schemas.mjs). A body that
 * does not match, or a 2xx status the operation does not declare, is a violation; the suite's
 * afterEach (contract-setup.ts) fails the test that received it.
 */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, ResponseObject> }>
  >;
  components?: { schemas?: Record<string, unknown> };
}
interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Fewer parameters first, so /patients/search wins over /patients/{id}. */
  params: number;
  operationId: string;
  responses: Record<string, ResponseObject>;
}

const violations: string[] = [];

/** The violations recorded since the last call (and forgets them). */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

export class ContractChecker {
  private readonly routes: Route[];
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    this.ajv.addSchema({ $id: 'openapi', components: document.components ?? {} });
    this.routes = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          pattern: new RegExp(
            `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
          ),
          params: (path.match(/\{/g) ?? []).length,
          operationId: operation.operationId ?? `${method} ${path}`,
          responses: operation.responses ?? {},
        })),
      )
      .sort((a, b) => a.params - b.params);
  }

  /** The problems of one response (empty when it keeps the contract or is not a 2xx JSON body). */
  problems(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
  ): string[] {
    if (status < 200 || status >= 300) return [];
    const path = new URL(url, 'http://api.test').pathname;
    const route = this.routes.find(
      (r) => r.method === method.toUpperCase() && r.pattern.test(path),
    );
    if (!route) return [];
    const where = `${method.toUpperCase()} ${path} (${route.operationId}) ${status}`;
    const declared = route.responses[String(status)];
    if (!declared) return [`${where}: status not declared in the OpenAPI document`];
    const mediaType = contentType.split(';')[0]?.trim() ?? '';
    if (!mediaType.endsWith('json')) return [];
    const schema = declared.content?.[mediaType]?.schema;
    if (schema === undefined) return [`${where}: no schema declared for ${mediaType}`];
    const validate = this.validator(`${route.operationId} ${status} ${mediaType}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${where}: ${error.instancePath || '(body)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
    );
  }

  /** Records the problems of a response for the test's afterEach. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): void {
    violations.push(...this.problems(method, url, status, contentType, body));
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      // The document's refs (#/components/schemas/X) point into the registered document.
      const rooted = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'),
      ) as object;
      validate = this.ajv.compile(rooted);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
