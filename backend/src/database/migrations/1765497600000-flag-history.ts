import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

interface FlagRow {
  id: string;
  created_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  acknowledge_note: string | null;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  note: string | null;
}

/** A step of a flag's history as stored (the shape of API.md v2 `history`). */
interface Step {
  status: 'open' | 'acknowledged' | 'reopened' | 'resolved';
  at: string;
  by: string | null;
  byName: string | null;
  note: string | null;
}

/** A timestamp as the driver returns it (pg: Date; SQLite: TypeORM's UTC text) in ISO form. */
function iso(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(
    /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`,
  ).toISOString();
}

/**
 * (v2) A signal never goes silent (CLINICAL.md s4): flags keep their history of steps (including
 * reopenings) and count the triggers that arrived after their acknowledgement. Existing flags get
 * the history their columns tell (raised, acknowledged, resolved, with the names of the time).
 */
export class FlagHistory1765497600000 implements MigrationInterface {
  name = 'FlagHistory1765497600000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.addColumns('flags', [
      new TableColumn({
        name: 'new_evidence_since',
        type: pg ? 'timestamptz' : 'datetime',
        isNullable: true,
      }),
      new TableColumn({ name: 'new_evidence_count', type: 'integer', default: 0 }),
      new TableColumn({ name: 'history', type: 'text', default: "'[]'" }),
    ]);

    const users = new Map(
      ((await q.query('SELECT id, name FROM users')) as { id: string; name: string }[]).map((u) => [
        u.id,
        u.name,
      ]),
    );
    const nameOf = (id: string | null): string | null =>
      id === null ? null : (users.get(id) ?? null);
    const rows = (await q.query(
      'SELECT id, created_at, acknowledged_at, acknowledged_by, acknowledge_note, resolved_at, resolved_by, note FROM flags',
    )) as FlagRow[];
    const update = pg
      ? 'UPDATE flags SET history = $1 WHERE id = $2'
      : 'UPDATE flags SET history = ? WHERE id = ?';
    for (const row of rows) {
      const history: Step[] = [
        { status: 'open', at: iso(row.created_at), by: null, byName: null, note: null },
      ];
      if (row.acknowledged_at !== null) {
        history.push({
          status: 'acknowledged',
          at: iso(row.acknowledged_at),
          by: row.acknowledged_by,
          byName: nameOf(row.acknowledged_by),
          note: row.acknowledge_note,
        });
      }
      if (row.resolved_at !== null) {
        history.push({
          status: 'resolved',
          at: iso(row.resolved_at),
          by: row.resolved_by,
          byName: nameOf(row.resolved_by),
          note: row.note,
        });
      }
      await q.query(update, [JSON.stringify(history), row.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('flags', ['new_evidence_since', 'new_evidence_count', 'history']);
  }
}
