import { type EntityManager, In } from 'typeorm';
import type { EnteredInErrorMark, FlagDto } from '@clinic/shared';
import type { AmendableRecord } from '../database/amendable-record';
import { User } from './user.entity';

/** The entered-in-error mark of a record as the API shows it (byName filled by `nameMarkers`). */
export function markOf(record: AmendableRecord): EnteredInErrorMark | null {
  if (!record.enteredInErrorAt) return null;
  return {
    at: record.enteredInErrorAt.toISOString(),
    by: record.enteredInErrorBy ?? null,
    byName: null,
    reason: record.enteredInErrorReason ?? '',
  };
}

/** Fills in who marked each record, by name, in one query whatever the number of records. */
export async function nameMarkers(
  em: EntityManager,
  items: readonly { enteredInError: EnteredInErrorMark | null }[],
): Promise<void> {
  const marks = items
    .map((i) => i.enteredInError)
    .filter((m): m is EnteredInErrorMark => m !== null);
  const ids = [...new Set(marks.map((m) => m.by).filter((id): id is string => id !== null))];
  if (ids.length === 0) return;
  const users = await em.find(User, { where: { id: In(ids) }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  for (const mark of marks) mark.byName = mark.by === null ? null : (names.get(mark.by) ?? null);
}

/** Fills in who acknowledged and who resolved each flag, by name, in one query. */
export async function nameFlagActors<T extends FlagDto>(
  em: EntityManager,
  flags: readonly T[],
): Promise<T[]> {
  const ids = [
    ...new Set(
      flags
        .flatMap((f) => [f.acknowledgedBy, f.resolvedBy])
        .filter((id): id is string => id !== null),
    ),
  ];
  if (ids.length === 0) return [...flags];
  const users = await em.find(User, { where: { id: In(ids) }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  const nameOf = (id: string | null): string | null =>
    id === null ? null : (names.get(id) ?? null);
  return flags.map((f) => ({
    ...f,
    acknowledgedByName: nameOf(f.acknowledgedBy),
    resolvedByName: nameOf(f.resolvedBy),
  }));
}
