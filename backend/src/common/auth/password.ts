import * as argon2 from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB, t=3, p=4): above OWASP's minimum for argon2id.
 * A primitive below auth/ and users/: sign-in verifies it, account administration and the first
 * administrator's bootstrap set it.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}
