import type { NextFunction, Request, Response } from 'express';

/** No request of the API nests deeper than a few levels (threshold changes: three). */
export const MAX_JSON_DEPTH = 16;

/**
 * Keys that name an object's prototype machinery (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`...): never a field of this API. The validation pipe cannot refuse them as
 * unknown: class-transformer skips a key whose value on the new instance is an inherited function,
 * so `{"toString": 1}` was silently dropped instead of refused.
 */
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Half of a UTF-16 surrogate pair on its own: JSON can carry it ("\ud800"), but it is no character
 * and cannot be written as UTF-8, so the database would store U+FFFD while the answer echoed the
 * original (a text not stored verbatim).
 */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first problem of a parsed JSON body, or null: a string with a LONE_SURROGATE, nesting deeper
 * than MAX_JSON_DEPTH (the validation library walks bodies recursively and would overflow the stack
 * on thousands of levels) or a FORBIDDEN_KEYS key (JSON.parse keeps `__proto__` as an own key,
 * which the validation pipe does not see as an unknown field and a later assignment would turn into
 * a prototype). Messages name the field. Walked without recursion.
 */
export function jsonBodyProblem(body: unknown): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: body, depth: 0, path: '' },
  ];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string' && LONE_SURROGATE.test(value))
      return `${path || 'the request body'} must be well-formed Unicode text (it holds a lone surrogate)`;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      const field = path.split('.')[0];
      return `${field ? `property ${field}` : 'the request body'} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    }
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && (FORBIDDEN_KEYS.has(key) || LONE_SURROGATE.test(key)))
        return `property ${at} should not exist`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: at });
    }
  }
  return null;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Express middleware after the JSON parser. A body that is not JSON is a 415 (the parser leaves it
 * unread, and a handler whose fields are all optional would otherwise act on an empty body); a JSON
 * body jsonBodyProblem refuses, or a query string with a FORBIDDEN_KEYS key, is a 400 naming it.
 */
export function jsonBodyGuard(req: Request, res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is('application/json')) {
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'The request body must be JSON (Content-Type: application/json)',
    });
    return;
  }
  // the same keys in the query string are dropped by class-transformer in the same way
  const inQuery = Object.keys((req.query as Record<string, unknown> | undefined) ?? {}).find(
    (key) => FORBIDDEN_KEYS.has(key),
  );
  const problem =
    inQuery !== undefined
      ? `property ${inQuery} should not exist`
      : jsonBodyProblem(req.body as unknown);
  if (problem === null) return next();
  res.status(400).json({ statusCode: 400, error: 'Bad Request', message: [problem] });
}
