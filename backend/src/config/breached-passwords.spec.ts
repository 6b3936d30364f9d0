import { isBreachedPassword } from './breached-passwords';

describe('isBreachedPassword (bundled OWASP SecLists entries of 12+ characters)', () => {
  it.each(['123qweasdzxc', '1qaz2wsx3edc', 'q1w2e3r4t5y6', '1Q2W3E4R5T6Y', ' 123qweasdzxc '])(
    '%j is breached',
    (password) => {
      expect(isBreachedPassword(password)).toBe(true);
    },
  );

  it.each(['ketamine-ward-7-tablet', 'Correct horse battery staple 42', 'short'])(
    '%j is not on the list',
    (password) => {
      expect(isBreachedPassword(password)).toBe(false);
    },
  );
});
