import { gunzipSync } from 'node:zlib';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { BREACHED_PASSWORDS_GZIP_BASE64 } from './breached-passwords.data';

let breached: Set<string> | null = null;

/** The bundled list, lower-cased, decoded on first use (about 44,000 entries). */
function list(): Set<string> {
  if (!breached) {
    const text = gunzipSync(Buffer.from(BREACHED_PASSWORDS_GZIP_BASE64, 'base64')).toString('utf8');
    breached = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line.length > 0),
    );
  }
  return breached;
}

/** Whether the password (in any letter case) is on the bundled list of breached passwords. */
export function isBreachedPassword(password: string): boolean {
  return list().has(password.trim().toLowerCase());
}

export const BREACHED_PASSWORD_MESSAGE =
  'password appears in a list of breached passwords; choose another';

/** class-validator: refuses a password on the bundled breached list. */
export function NotBreached(options?: ValidationOptions) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'notBreached',
      target: object.constructor,
      propertyName,
      options: { message: BREACHED_PASSWORD_MESSAGE, ...options },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isBreachedPassword(value),
      },
    });
  };
}
