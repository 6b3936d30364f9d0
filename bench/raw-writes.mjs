// The raw baseline of the write-load benchmark (issue 6): a `pg` loop doing the same inserts as the
// API (the record, its Idempotency-Key row and its chained audit row) with the same concurrency.
// The audit hash is the backend's own (audit-chain.ts, loaded from its TypeScript source).
import { createHash, randomUUID } from 'node:crypto';
import { loadBackendCode, percentile } from './lib.mjs';
import { writeFor } from './writes.mjs';

/** The audit chain's advisory lock, as backend/src/common/audit/audit-chain.ts takes it. */
const CHAIN_LOCK = 7_270_001;

/**
 * The same writes as the API's units of work, straight on a `pg` pool of `poolSize` connections:
 * BEGIN; read the session (or patient); INSERT the observation (or PHQ-9); INSERT its
 * Idempotency-Key row; take the audit chain's advisory lock, read the chain's head, INSERT the
 * chained audit row; COMMIT. What it leaves out is the application: HTTP, JSON, validation, the
 * sign-in check, the clinical rules and discharge readiness run on each write.
 */
export async function runRaw({ databaseUrl, users, targets, seconds, concurrency, poolSize }) {
  const { default: pg } = await import('pg');
  const { auditHash, GENESIS_HASH: GENESIS } = await loadBackendCode(
    'audit-chain',
    "export { auditHash, GENESIS_HASH } from './backend/src/common/audit/audit-chain.ts';",
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const acked = { observation: new Map(), phq9: new Map() };
  const latencies = [];
  let errors = 0;
  let counter = 0;
  const t0 = performance.now();
  const stopAt = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const user = users[worker % users.length];
      while (performance.now() < stopAt) {
        const write = writeFor(targets, counter++);
        const { target } = write;
        const key = randomUUID();
        const id = randomUUID();
        const now = new Date();
        const started = performance.now();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          if (write.kind === 'observation') {
            await client.query(
              'SELECT id, patient_id, clinic_id, started_at, status FROM dosing_sessions WHERE id = $1',
              [target.sessionId],
            );
            const b = write.body;
            await client.query(
              `INSERT INTO observations (id, session_id, patient_id, clinic_id, recorded_at, minutes_since_dose,
                 systolic, diastolic, heart_rate, spo2, respiratory_rate, moaas, cadss6, cadss6_total, recorded_by, created_at)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,NULL,NULL,$13,$14)`,
              [
                id,
                target.sessionId,
                target.patientId,
                target.clinicId,
                b.recordedAt,
                30,
                b.systolic,
                b.diastolic,
                b.heartRate,
                b.spo2,
                b.respiratoryRate,
                b.moaas,
                user.userId,
                now,
              ],
            );
          } else {
            await client.query('SELECT id, clinic_id FROM patients WHERE id = $1', [
              target.patientId,
            ]);
            await client.query(
              `INSERT INTO phq9_assessments (id, patient_id, clinic_id, session_id, administered_at,
                 item1, item2, item3, item4, item5, item6, item7, item8, item9, item10,
                 total, severity, prorated, valid, item9_positive, recall, hours_since_dose, recorded_by, created_at, source)
               VALUES ($1,$2,$3,NULL,$4,1,1,1,1,0,0,0,0,0,NULL,4,'minimal',false,true,false,'24_hours',0.5,$5,$6,'clinic')`,
              [id, target.patientId, target.clinicId, write.body.administeredAt, user.userId, now],
            );
          }
          await client.query(
            `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, response, created_at)
             VALUES ($1,$2,'POST',$3,$4,201,$5,$6)`,
            [
              user.userId,
              key,
              write.path,
              createHash('sha256').update(JSON.stringify(write.body)).digest('hex'),
              JSON.stringify({ id, ...write.body }),
              now,
            ],
          );
          await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
          const head = await client.query(
            'SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
          );
          const prev = head.rows[0] ?? null;
          const entry = {
            seq: prev ? Number(prev.seq) + 1 : 1,
            id: randomUUID(),
            at: now,
            actorId: user.userId,
            actorRole: user.role,
            action: 'create',
            resourceType: write.kind,
            resourceId: id,
            patientId: target.patientId,
            clinicId: target.clinicId,
            ip: '127.0.0.1',
            outcome: 'success',
          };
          const hash = auditHash(prev?.hash ?? GENESIS, entry);
          await client.query(
            `INSERT INTO audit_log (id, at, actor_id, actor_role, action, resource_type, resource_id, patient_id,
               clinic_id, ip, outcome, seq, prev_hash, hash)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
            [
              entry.id,
              entry.at,
              entry.actorId,
              entry.actorRole,
              entry.action,
              entry.resourceType,
              entry.resourceId,
              entry.patientId,
              entry.clinicId,
              entry.ip,
              entry.outcome,
              entry.seq,
              prev?.hash ?? GENESIS,
              hash,
            ],
          );
          await client.query('COMMIT');
          acked[write.kind].set(key, id);
          latencies.push(performance.now() - started);
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(`raw write failed: ${error.code ?? ''} ${error.message}`);
          await client.query('ROLLBACK').catch(() => {});
        } finally {
          client.release();
        }
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const ackedCount = acked.observation.size + acked.phq9.size;
  return {
    acked,
    ackedCount,
    errors,
    writesPerSecond: ackedCount / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}
