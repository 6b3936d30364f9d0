/**
 * Idempotency keys for writes (API.md: a retry with the same key and body creates nothing). The
 * same key is sent again only for the same body, so a retry after a lost answer cannot record
 * twice, and a corrected form is a new write.
 */
export class IdempotencyKeys {
  private last: { body: string; key: string } | null = null;

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (this.last?.body !== json) {
      this.last = { body: json, key: randomKey() };
    }
    return this.last.key;
  }

  /** The write went through: the next one is new. */
  settled(): void {
    this.last = null;
  }
}

/**
 * 128 random bits as hex. crypto.getRandomValues, not randomUUID: clinics may serve the dashboard
 * over plain http on their network, where randomUUID does not exist.
 */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
