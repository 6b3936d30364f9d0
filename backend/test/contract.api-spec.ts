import { GENERATED_RESPONSES } from '../src/openapi/response-schemas';
import { ContractChecker, type OpenApiDocument } from './support/contract';
import { startApi, type TestApi } from './support/api';

// The OpenAPI document declares every operation's success response (generated from the handlers'
// return types), and the suite's contract check (support/contract.ts) can fail.
describe('API contract (OpenAPI)', () => {
  let api: TestApi;
  let document: OpenApiDocument;

  beforeAll(async () => {
    api = await startApi();
    document = (await api.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => api.close());

  const operations = (): { id: string; responses: Record<string, { content?: object }> }[] =>
    Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((operation) => ({
        id: operation.operationId ?? '?',
        responses: operation.responses ?? {},
      })),
    );

  it('is OpenAPI 3.1 and declares a success response with its schema for every operation', () => {
    expect(document.openapi).toBe('3.1.0');
    const undeclared = operations().filter(({ id, responses }) => {
      const generated = GENERATED_RESPONSES[id];
      const success = Object.entries(responses).filter(([code]) => code.startsWith('2'));
      if (!generated || success.length !== 1) return true;
      const [code, response] = success[0] ?? ['', {}];
      if (code !== String(generated.status)) return true;
      return generated.body === 'none' ? response.content !== undefined : !response.content;
    });
    expect(undeclared.map((operation) => operation.id)).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(49);
  });

  it('resolves every schema reference to a component', () => {
    const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const missing = refs
      .map((ref) => ref.slice('"#/components/schemas/'.length, -1))
      .filter((name) => !document.components?.schemas?.[name]);
    expect(missing).toEqual([]);
  });

  describe('the check run on every response of the suite', () => {
    let checker: ContractChecker;
    let user: Record<string, unknown>;
    beforeAll(() => {
      checker = new ContractChecker(document);
      user = {
        id: '9d2b7a40-3c1f-4e8b-b2a6-5f0c1d9e8a03',
        email: 'nurse@test.example',
        name: 'Test nurse',
        role: 'nurse',
        clinicIds: ['6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01'],
        disabledAt: null,
        version: 1,
      };
    });
    const me = (body: unknown, status = 200, type = 'application/json; charset=utf-8'): string[] =>
      checker.problems('GET', '/api/v1/auth/me?x=1', status, type, body);

    it('accepts a body that keeps the contract', () => {
      expect(me(user)).toEqual([]);
    });

    it.each<[string, (u: Record<string, unknown>) => unknown, RegExp]>([
      ['a missing field', ({ role: _role, ...rest }) => rest, /must have required property 'role'/],
      [
        'a field the contract does not have',
        (u) => ({ ...u, passwordHash: 'x' }),
        /additional properties/,
      ],
      [
        'a code outside the enum',
        (u) => ({ ...u, role: 'superuser' }),
        /must be equal to one of the allowed values/,
      ],
      ['a wrong type', (u) => ({ ...u, clinicIds: 'all' }), /must be array/],
      ['null where null is not allowed', (u) => ({ ...u, email: null }), /must be string/],
    ])('reports %s', (_label, change, message) => {
      const problems = me(change(user));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(message);
      expect(problems[0]).toContain('GET /api/v1/auth/me (AuthController_me) 200');
    });

    it('reports a success status the operation does not declare', () => {
      expect(me(user, 201)).toEqual([
        'GET /api/v1/auth/me (AuthController_me) 201: status not declared in the OpenAPI document',
      ]);
    });

    it('leaves errors and non-JSON bodies alone', () => {
      expect(me({ message: 'nope' }, 401)).toEqual([]);
      expect(me('id,name\n', 200, 'text/csv')).toEqual([]);
    });
  });
});
