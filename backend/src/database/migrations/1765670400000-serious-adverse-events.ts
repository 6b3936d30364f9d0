import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Threshold paths that v2 fixed (CLINICAL.md s4 v2: the item-9 cut-off is 1 for every clinic). */
const FIXED_THRESHOLD_PATHS: readonly (readonly [string, string])[] = [['phq9', 'item9AtLeast']];

/** A clinic's stored overrides without the fixed paths; null when nothing was removed. */
function withoutFixed(stored: string): string | null {
  let overrides: unknown;
  try {
    overrides = JSON.parse(stored);
  } catch {
    return null;
  }
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) return null;
  const root = overrides as Record<string, unknown>;
  let changed = false;
  for (const [group, key] of FIXED_THRESHOLD_PATHS) {
    const node = root[group];
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    const values = node as Record<string, unknown>;
    if (!Object.hasOwn(values, key)) continue;
    delete values[key];
    if (Object.keys(values).length === 0) delete root[group];
    changed = true;
  }
  return changed ? JSON.stringify(root) : null;
}

/**
 * v2 (CLINICAL.md s3, API.md v2 Records): a side effect carries `serious` (default false) and the
 * `serious_criterion` of 21 CFR 312.32 when it is serious. And the item-9 cut-off is no longer a
 * clinic threshold (CLINICAL.md s4 v2): a stored `phq9.item9AtLeast` override is removed (the
 * rules ignore it already), with the clinic's thresholds version moved on so an earlier ETag no
 * longer matches.
 */
export class SeriousAdverseEvents1765670400000 implements MigrationInterface {
  name = 'SeriousAdverseEvents1765670400000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.addColumns('side_effects', [
      new TableColumn({
        name: 'serious',
        type: 'boolean',
        isNullable: false,
        default: pg ? 'false' : 0,
      }),
      new TableColumn({
        name: 'serious_criterion',
        type: 'varchar',
        length: '30',
        isNullable: true,
      }),
    ]);
    const clinics = (await q.query(
      'SELECT id, thresholds FROM clinics WHERE thresholds IS NOT NULL',
    )) as { id: string; thresholds: string | null }[];
    for (const clinic of clinics) {
      const cleaned = clinic.thresholds === null ? null : withoutFixed(clinic.thresholds);
      if (cleaned === null) continue;
      await q.query(
        pg
          ? 'UPDATE clinics SET thresholds = $1, thresholds_version = thresholds_version + 1 WHERE id = $2'
          : 'UPDATE clinics SET thresholds = ?, thresholds_version = thresholds_version + 1 WHERE id = ?',
        [cleaned, clinic.id],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('side_effects', 'serious_criterion');
    await q.dropColumn('side_effects', 'serious');
  }
}
