import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
  TableUnique,
} from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/**
 * The first schema. Written with TypeORM's schema builder so the same migration runs on SQLite and
 * PostgreSQL; only the physical types of ids and timestamps differ (see column-types.ts).
 * Every foreign key has an index, and so has every column a list filters or sorts by.
 */
export class InitialSchema1764547200000 implements MigrationInterface {
  name = 'InitialSchema1764547200000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = pg ? 'uuid' : 'varchar';
    const ts = pg ? 'timestamptz' : 'datetime';
    const id = (name = 'id'): TableColumnOptions => ({
      name,
      type: uuid,
      length: pg ? undefined : '36',
      isPrimary: true,
    });
    const ref = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: uuid,
      length: pg ? undefined : '36',
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: ts,
      isNullable: nullable,
    });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const int = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: nullable,
    });
    const num = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'double precision',
      isNullable: nullable,
    });
    const text = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable: nullable,
    });
    const bool = (name: string, dflt?: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      isNullable: false,
      default: dflt === undefined ? undefined : pg ? String(dflt) : dflt ? 1 : 0,
    });
    const fk = (column: string, table: string): TableForeignKey =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
      });
    const idx = (table: string, ...columns: string[]): TableIndex =>
      new TableIndex({ name: `ix_${table}_${columns.join('_')}`, columnNames: columns });

    await q.createTable(
      new Table({
        name: 'clinics',
        columns: [id(), str('name', 200), str('timezone', 64), time('created_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          str('email', 254),
          str('name', 200),
          str('role', 20),
          str('password_hash', 255),
          bool('active', true),
          time('created_at'),
        ],
        uniques: [new TableUnique({ name: 'uq_users_email', columnNames: ['email'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_clinics',
        columns: [id('user_id'), id('clinic_id')],
        foreignKeys: [fk('user_id', 'users'), fk('clinic_id', 'clinics')],
        indices: [idx('user_clinics', 'clinic_id')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'auth_sessions',
        columns: [
          id(),
          str('token_hash', 64),
          ref('user_id'),
          time('created_at'),
          time('last_seen_at'),
          time('expires_at'),
          time('revoked_at', true),
          str('ip', 64, true),
        ],
        uniques: [
          new TableUnique({ name: 'uq_auth_sessions_token_hash', columnNames: ['token_hash'] }),
        ],
        foreignKeys: [fk('user_id', 'users')],
        indices: [idx('auth_sessions', 'user_id')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_attempts',
        columns: [id(), str('account', 254), str('ip', 64), bool('success'), time('at')],
        indices: [idx('login_attempts', 'account', 'at'), idx('login_attempts', 'ip', 'at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'patients',
        columns: [
          id(),
          ref('clinic_id'),
          str('mrn', 64),
          str('given_name', 100),
          str('family_name', 100),
          str('birth_date', 10),
          str('sex', 10),
          num('weight_kg', true),
          str('search_text', 300),
          int('version'),
          ref('created_by', true),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [
          new TableUnique({ name: 'uq_patients_clinic_mrn', columnNames: ['clinic_id', 'mrn'] }),
        ],
        foreignKeys: [fk('clinic_id', 'clinics'), fk('created_by', 'users')],
        indices: [
          idx('patients', 'clinic_id', 'family_name', 'given_name'),
          idx('patients', 'created_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dosing_sessions',
        columns: [
          id(),
          ref('patient_id'),
          ref('clinic_id'),
          int('session_number'),
          str('drug', 20),
          str('route', 20),
          num('dose_mg'),
          num('dose_mg_per_kg', true),
          num('weight_kg', true),
          time('started_at'),
          int('infusion_minutes', true),
          str('lot_number', 64, true),
          text('concomitant_medications'),
          text('notes', true),
          text('dose_warnings'),
          str('status', 20),
          time('ready_at', true),
          time('discharged_at', true),
          text('discharge_override_reason', true),
          ref('discharged_by', true),
          ref('ordered_by', true),
          int('version'),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [
          new TableUnique({
            name: 'uq_dosing_sessions_patient_number',
            columnNames: ['patient_id', 'session_number'],
          }),
        ],
        foreignKeys: [
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('discharged_by', 'users'),
          fk('ordered_by', 'users'),
        ],
        indices: [
          idx('dosing_sessions', 'patient_id', 'started_at'),
          idx('dosing_sessions', 'clinic_id', 'status'),
          idx('dosing_sessions', 'clinic_id', 'started_at'),
          idx('dosing_sessions', 'discharged_by'),
          idx('dosing_sessions', 'ordered_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'observations',
        columns: [
          id(),
          ref('session_id'),
          ref('patient_id'),
          ref('clinic_id'),
          time('recorded_at'),
          int('minutes_since_dose'),
          int('systolic', true),
          int('diastolic', true),
          int('heart_rate', true),
          int('spo2', true),
          int('respiratory_rate', true),
          int('moaas', true),
          text('cadss6', true),
          int('cadss6_total', true),
          ref('recorded_by', true),
          time('created_at'),
        ],
        foreignKeys: [
          fk('session_id', 'dosing_sessions'),
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('recorded_by', 'users'),
        ],
        indices: [
          idx('observations', 'session_id', 'recorded_at'),
          idx('observations', 'patient_id'),
          idx('observations', 'clinic_id', 'recorded_at'),
          idx('observations', 'recorded_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'side_effects',
        columns: [
          id(),
          ref('session_id'),
          ref('patient_id'),
          ref('clinic_id'),
          str('type', 40),
          str('severity', 20),
          time('onset_at'),
          text('notes', true),
          ref('recorded_by', true),
          time('created_at'),
        ],
        foreignKeys: [
          fk('session_id', 'dosing_sessions'),
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('recorded_by', 'users'),
        ],
        indices: [
          idx('side_effects', 'session_id'),
          idx('side_effects', 'patient_id', 'onset_at'),
          idx('side_effects', 'clinic_id', 'onset_at'),
          idx('side_effects', 'recorded_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_events',
        columns: [
          id(),
          ref('patient_id'),
          ref('clinic_id'),
          str('type', 40),
          time('occurred_at'),
          text('notes', true),
          ref('recorded_by', true),
          time('created_at'),
        ],
        foreignKeys: [
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('recorded_by', 'users'),
        ],
        indices: [
          idx('risk_events', 'patient_id', 'occurred_at'),
          idx('risk_events', 'clinic_id', 'occurred_at'),
          idx('risk_events', 'recorded_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'phq9_assessments',
        columns: [
          id(),
          ref('patient_id'),
          ref('clinic_id'),
          ref('session_id', true),
          time('administered_at'),
          ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => int(`item${n}`, true)),
          int('total', true),
          str('severity', 20, true),
          bool('prorated'),
          bool('valid'),
          bool('item9_positive'),
          str('recall', 20),
          num('hours_since_dose', true),
          ref('recorded_by', true),
          time('created_at'),
        ],
        foreignKeys: [
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('session_id', 'dosing_sessions'),
          fk('recorded_by', 'users'),
        ],
        indices: [
          idx('phq9_assessments', 'patient_id', 'administered_at'),
          idx('phq9_assessments', 'clinic_id', 'administered_at'),
          idx('phq9_assessments', 'session_id'),
          idx('phq9_assessments', 'recorded_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'flags',
        columns: [
          id(),
          ref('clinic_id'),
          ref('patient_id'),
          ref('session_id', true),
          str('rule', 64),
          str('category', 20),
          str('severity', 10),
          str('status', 15),
          text('message'),
          text('evidence'),
          text('threshold'),
          time('created_at'),
          time('updated_at'),
          time('acknowledged_at', true),
          ref('acknowledged_by', true),
          time('resolved_at', true),
          ref('resolved_by', true),
          text('note', true),
          int('version'),
        ],
        foreignKeys: [
          fk('clinic_id', 'clinics'),
          fk('patient_id', 'patients'),
          fk('session_id', 'dosing_sessions'),
          fk('acknowledged_by', 'users'),
          fk('resolved_by', 'users'),
        ],
        indices: [
          idx('flags', 'clinic_id', 'status', 'created_at'),
          idx('flags', 'patient_id', 'status'),
          idx('flags', 'session_id', 'status'),
          idx('flags', 'acknowledged_by'),
          idx('flags', 'resolved_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id(),
          time('at'),
          ref('actor_id', true),
          str('actor_role', 20, true),
          str('action', 30),
          str('resource_type', 40),
          ref('resource_id', true),
          ref('patient_id', true),
          ref('clinic_id', true),
          str('ip', 64, true),
          str('outcome', 10),
        ],
        // No foreign keys: the audit trail must outlive and never block the records it describes.
        indices: [
          idx('audit_log', 'at'),
          idx('audit_log', 'clinic_id', 'at'),
          idx('audit_log', 'patient_id', 'at'),
          idx('audit_log', 'actor_id', 'at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'flags',
      'phq9_assessments',
      'risk_events',
      'side_effects',
      'observations',
      'dosing_sessions',
      'patients',
      'login_attempts',
      'auth_sessions',
      'user_clinics',
      'users',
      'clinics',
    ]) {
      await q.dropTable(table);
    }
  }
}
