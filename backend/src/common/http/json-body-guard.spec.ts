import { jsonBodyProblem, MAX_JSON_DEPTH } from './json-body-guard';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('jsonBodyProblem', () => {
  it.each([
    [undefined],
    [null],
    [{}],
    [[]],
    [{ bp: { severeSystolic: 170 } }],
    [{ items: [0, 1, null], note: '__proto__ and constructor in a text are fine' }],
    [[{ prototypeId: 1, constructorName: 'x' }]],
  ])('accepts %p', (body) => {
    expect(jsonBodyProblem(body)).toBeNull();
  });

  it('accepts nesting up to the limit and refuses one level more, without recursion', () => {
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH + 1))).toBe(
      `property a is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    expect(jsonBodyProblem(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatch(
      /nested deeper than/,
    );
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses a %s key, naming its path',
    (key) => {
      expect(jsonBodyProblem(JSON.parse(`{"bp":{"${key}":{"x":1}}}`))).toBe(
        `property bp.${key} should not exist`,
      );
      expect(jsonBodyProblem(JSON.parse(`[{"${key}":1}]`))).toBe(
        `property 0.${key} should not exist`,
      );
    },
  );

  it('refuses a lone surrogate in a text or a key, naming the field; a pair is a character', () => {
    expect(jsonBodyProblem(JSON.parse('{"notes":"\\ud800"}'))).toBe(
      'notes must be well-formed Unicode text (it holds a lone surrogate)',
    );
    expect(jsonBodyProblem(JSON.parse('{"meds":["ok","x\\udfff"]}'))).toMatch(/^meds\.1 must be/);
    expect(jsonBodyProblem(JSON.parse('{"\\udc00":1}'))).toMatch(/should not exist/);
    expect(jsonBodyProblem(JSON.parse('{"notes":"\\ud83d\\udc8a pill"}'))).toBeNull();
  });
});
