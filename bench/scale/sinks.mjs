// The scale benchmark's two sinks for the rows generate.mjs yields: the columns of each table (the
// order of a row's values), PostgreSQL (unnest-array inserts in batches) and SQLite (prepared
// statements in one transaction).

export const TABLES = {
  clinics: ['id', 'name', 'timezone', 'created_at', 'thresholds_version'],
  users: ['id', 'email', 'name', 'role', 'password_hash', 'active', 'created_at'],
  user_clinics: ['user_id', 'clinic_id'],
  patients: [
    'id',
    'clinic_id',
    'mrn',
    'given_name',
    'family_name',
    'birth_date',
    'sex',
    'weight_kg',
    'search_text',
    'version',
    'created_at',
    'updated_at',
  ],
  dosing_sessions: [
    'id',
    'patient_id',
    'clinic_id',
    'session_number',
    'drug',
    'route',
    'dose_mg',
    'dose_mg_per_kg',
    'weight_kg',
    'started_at',
    'infusion_minutes',
    'concomitant_medications',
    'dose_warnings',
    'status',
    'ready_at',
    'discharged_at',
    'ordered_by',
    'version',
    'created_at',
    'updated_at',
  ],
  observations: [
    'id',
    'session_id',
    'patient_id',
    'clinic_id',
    'recorded_at',
    'minutes_since_dose',
    'systolic',
    'diastolic',
    'heart_rate',
    'spo2',
    'respiratory_rate',
    'moaas',
    'cadss6',
    'cadss6_total',
    'created_at',
  ],
  phq9_assessments: [
    'id',
    'patient_id',
    'clinic_id',
    'session_id',
    'administered_at',
    'item1',
    'item2',
    'item3',
    'item4',
    'item5',
    'item6',
    'item7',
    'item8',
    'item9',
    'total',
    'severity',
    'prorated',
    'valid',
    'item9_positive',
    'recall',
    'hours_since_dose',
    'created_at',
    'source',
  ],
  side_effects: [
    'id',
    'session_id',
    'patient_id',
    'clinic_id',
    'type',
    'severity',
    'onset_at',
    'created_at',
  ],
  flags: [
    'id',
    'clinic_id',
    'patient_id',
    'session_id',
    'rule',
    'category',
    'severity',
    'status',
    'message',
    'evidence',
    'threshold',
    'created_at',
    'updated_at',
    'version',
    'subject_key',
    'triggers',
  ],
  audit_log: [
    'id',
    'at',
    'actor_id',
    'actor_role',
    'action',
    'resource_type',
    'resource_id',
    'patient_id',
    'clinic_id',
    'ip',
    'outcome',
  ],
};

/** PostgreSQL array types of each column, for unnest inserts. */
const PG_TYPES = {
  id: 'uuid',
  clinic_id: 'uuid',
  patient_id: 'uuid',
  session_id: 'uuid',
  user_id: 'uuid',
  ordered_by: 'uuid',
  actor_id: 'uuid',
  resource_id: 'uuid',
  subject_key: 'uuid',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  started_at: 'timestamptz',
  ready_at: 'timestamptz',
  discharged_at: 'timestamptz',
  recorded_at: 'timestamptz',
  administered_at: 'timestamptz',
  onset_at: 'timestamptz',
  at: 'timestamptz',
  thresholds_version: 'int',
  version: 'int',
  session_number: 'int',
  infusion_minutes: 'int',
  minutes_since_dose: 'int',
  systolic: 'int',
  diastolic: 'int',
  heart_rate: 'int',
  spo2: 'int',
  respiratory_rate: 'int',
  moaas: 'int',
  cadss6_total: 'int',
  item1: 'int',
  item2: 'int',
  item3: 'int',
  item4: 'int',
  item5: 'int',
  item6: 'int',
  item7: 'int',
  item8: 'int',
  item9: 'int',
  total: 'int',
  dose_mg: 'float8',
  dose_mg_per_kg: 'float8',
  weight_kg: 'float8',
  hours_since_dose: 'float8',
  active: 'bool',
  prorated: 'bool',
  valid: 'bool',
  item9_positive: 'bool',
};

/** Writes the rows into PostgreSQL (a `pg` Client), batching per table. Returns counts. */
export async function writePostgres(client, rows, { batch = 5000, onProgress } = {}) {
  const buffers = Object.fromEntries(Object.keys(TABLES).map((t) => [t, []]));
  const counts = Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0]));
  const flush = async (table) => {
    const buffer = buffers[table];
    if (buffer.length === 0) return;
    const columns = TABLES[table];
    const arrays = columns.map((_, j) => buffer.map((r) => r[j]));
    const unnest = columns.map((col, j) => `$${j + 1}::${PG_TYPES[col] ?? 'text'}[]`).join(', ');
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${unnest}) ON CONFLICT DO NOTHING`,
      arrays,
    );
    counts[table] += buffer.length;
    buffers[table] = [];
  };
  // Parents first: flush every buffer in table order whenever one fills.
  const order = Object.keys(TABLES);
  for (const [table, row] of rows) {
    buffers[table].push(row);
    if (buffers[table].length >= batch) {
      for (const t of order) await flush(t);
      onProgress?.(counts);
    }
  }
  for (const t of order) await flush(t);
  return counts;
}

const sqliteValue = (v) =>
  v instanceof Date
    ? v.toISOString().replace('T', ' ').replace('Z', '')
    : typeof v === 'boolean'
      ? v
        ? 1
        : 0
      : v;

/** Writes the rows into SQLite (a better-sqlite3 Database) in one transaction. Returns counts. */
export function writeSqlite(db, rows) {
  const statements = Object.fromEntries(
    Object.entries(TABLES).map(([table, columns]) => [
      table,
      db.prepare(
        `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ),
    ]),
  );
  const counts = Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0]));
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (const [table, row] of rows) {
      statements[table].run(row.map(sqliteValue));
      counts[table] += 1;
    }
  })();
  db.pragma('foreign_keys = ON');
  return counts;
}
