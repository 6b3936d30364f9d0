import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry } from './audit-entry.entity';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** PostgreSQL advisory lock held while the chain's head is read and extended (until commit). */
const CHAIN_LOCK = 7_270_001;

/** An entry to append; `details` and `viewId` may be left out (null). */
export type AuditRow = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'details' | 'viewId'> & {
  details?: AuditEntry['details'];
  viewId?: AuditEntry['viewId'];
};

/**
 * The content an entry's hash covers, in a fixed order. `details` (v2) is covered only when set, so
 * the entries written before it existed (details null) hash exactly as they did. The stored JSON
 * keeps the key order it was written with, so the text hashed on verification is the text hashed
 * on writing. `viewId` (issue 20) is covered when set, after details (null or not): an entry with
 * a view id hashes 14 values, one without it 12 or 13, so no two contents can be confused.
 */
export function auditContent(e: AuditRow & { seq: number }): string {
  const details = e.details ?? null;
  const viewId = e.viewId ?? null;
  return JSON.stringify([
    e.seq,
    e.id,
    e.at.toISOString(),
    e.actorId,
    e.actorRole,
    e.action,
    e.resourceType,
    e.resourceId,
    e.patientId,
    e.clinicId,
    e.ip,
    e.outcome,
    ...(viewId !== null ? [details, viewId] : details === null ? [] : [details]),
  ]);
}

export function auditHash(prevHash: string, e: AuditRow & { seq: number }): string {
  return createHash('sha256')
    .update(`${prevHash}\n${auditContent(e)}`)
    .digest('hex');
}

/** Numbers the rows after the head and links each to the one before. */
export function chain(head: { seq: number; hash: string } | null, rows: AuditRow[]): AuditEntry[] {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  return rows.map((row) => {
    seq += 1;
    const hash = auditHash(prev, { ...row, seq });
    const entry: AuditEntry = {
      ...row,
      details: row.details ?? null,
      viewId: row.viewId ?? null,
      seq,
      prevHash: prev,
      hash,
    };
    prev = hash;
    return entry;
  });
}

/**
 * Appends entries to the audit chain inside the caller's transaction. On PostgreSQL an advisory
 * lock (held to commit) makes the read of the head and the insert one step across instances; the
 * unit of work calls this last, after every other statement, so no other lock is awaited while it
 * is held. SQLite runs one transaction at a time.
 */
export async function appendAudit(em: EntityManager, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (em.connection.options.type === 'postgres') {
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  }
  const head = await em
    .createQueryBuilder(AuditEntry, 'a')
    .select(['a.seq', 'a.hash'])
    .where('a.seq IS NOT NULL')
    .orderBy('a.seq', 'DESC')
    .limit(1)
    .getOne();
  const entries = chain(
    head && head.seq !== null && head.hash !== null ? { seq: head.seq, hash: head.hash } : null,
    rows,
  );
  // SQLite limits bound parameters per statement; 15 columns x 60 rows stays well under it.
  for (let i = 0; i < entries.length; i += 60) {
    // (details is free-form JSON, which TypeORM's deep-partial insert type cannot describe)
    await em.insert(AuditEntry, entries.slice(i, i + 60) as QueryDeepPartialEntity<AuditEntry>[]);
  }
}
