import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A self-report link as the outbox used to store it: any URL whose path is /r/<token>. */
const LINK = /\s*\S*\/r\/[A-Za-z0-9_-]{20,}/g;

/** An outbox body without its link(s); null when it held none. */
export function withoutLink(body: string): string | null {
  const stripped = body.replace(LINK, '').trim();
  return stripped === body ? null : stripped;
}

/**
 * Issue 19: outbox messages no longer hold the patient's link (delivery signs it from the follow-up
 * request's id as it sends). Every stored body loses its link, whatever its status: a queued or
 * failed one is rebuilt from its follow-up id if it is sent (or retried) later; a sent one keeps
 * its text for the record, and the link it carried stays in the patient's mailbox only.
 * Rows are rewritten one by one in TypeScript (same code on SQLite and PostgreSQL; the table holds
 * one row per message sent, a few per dose).
 */
export class OutboxWithoutLinks1766016000000 implements MigrationInterface {
  name = 'OutboxWithoutLinks1766016000000';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT id, body FROM outbox_messages WHERE body LIKE '%/r/%'`,
    )) as { id: string; body: string }[];
    const pg = q.connection.driver.options.type === 'postgres';
    const sql = pg
      ? 'UPDATE outbox_messages SET body = $1 WHERE id = $2'
      : 'UPDATE outbox_messages SET body = ? WHERE id = ?';
    for (const row of rows) {
      const body = withoutLink(row.body);
      if (body !== null) await q.query(sql, [body, row.id]);
    }
  }

  /** Nothing to restore: the links were never needed (delivery rebuilds them from the id). */
  async down(): Promise<void> {
    // Putting links back would put secrets back at rest.
  }
}
