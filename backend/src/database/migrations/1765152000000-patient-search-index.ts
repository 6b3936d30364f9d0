import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: a trigram index for the patient search (`search_text LIKE '%term%'`), which a b-tree
 * cannot serve. Created when the pg_trgm extension is available and may be created by this role
 * (it is a trusted extension: CREATE on the database is enough); otherwise the search still works
 * by scanning. SQLite has no trigram index; its clinics are smaller.
 */
export class PatientSearchIndex1765152000000 implements MigrationInterface {
  name = 'PatientSearchIndex1765152000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') return;
    const [row] = (await q.query(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
           OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
               AND has_database_privilege(current_database(), 'CREATE')) AS ok`,
    )) as { ok: boolean }[];
    if (!row?.ok) return;
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(
      'CREATE INDEX IF NOT EXISTS idx_patients_search_trgm ON patients USING gin (search_text gin_trgm_ops)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') return;
    await q.query('DROP INDEX IF EXISTS idx_patients_search_trgm');
  }
}
