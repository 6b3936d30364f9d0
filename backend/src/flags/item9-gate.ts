import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, In, IsNull, MoreThanOrEqual } from 'typeorm';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Actor } from '../common/auth/actor';
import { RecordRoleViolation } from '../common/auth/scope-violation';
import type { Flag } from './flag.entity';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';

/** The rule whose resolution needs a C-SSRS screener (CLINICAL.md s10). */
export const ITEM9_RULE = 'phq9.item9_positive';

/**
 * CLINICAL.md s10, API.md "Suicide risk": a `phq9.item9_positive` flag is resolved only with a
 * C-SSRS screener (not entered in error) given at or after the newest PHQ-9 among its triggers, or
 * by a psychiatrist who says why none was done (`noScreenerReason`). A nurse giving a reason: 403;
 * a reason on another rule: 400; neither a screener nor a reason: 422. Returns the note to store:
 * the reason is appended to the resolve note as "No screener: <reason>".
 */
export async function item9ResolveNote(
  em: EntityManager,
  actor: Actor,
  flag: Flag,
  note: string,
  noScreenerReason: string | null | undefined,
): Promise<string> {
  const reason = noScreenerReason?.trim() ?? null;
  if (flag.rule !== ITEM9_RULE) {
    if (reason !== null) {
      throw new BadRequestException([`noScreenerReason is only for ${ITEM9_RULE} flags`]);
    }
    return note;
  }
  if (reason !== null) {
    if (actor.role !== 'psychiatrist') {
      throw new RecordRoleViolation(
        actor,
        'flag',
        flag.id,
        flag.patientId,
        flag.clinicId,
        'Only a psychiatrist can resolve an item-9 flag without a C-SSRS screener',
      );
    }
    return `${note}\nNo screener: ${reason}`;
  }
  if (!(await screenedSince(em, flag))) {
    throw new UnprocessableEntityException(
      'A PHQ-9 item-9 flag needs a C-SSRS screener given at or after the PHQ-9 before it is ' +
        "resolved, or a psychiatrist's reason why none was done (noScreenerReason)",
    );
  }
  return note;
}

/**
 * Whether a C-SSRS screener (not entered in error) was given at or after the newest PHQ-9 among the
 * item-9 flag's triggers: what lets a nurse resolve it (and, issue 19, what lets a nurse's
 * entered-in-error mark close it).
 */
export async function screenedSince(
  em: EntityManager,
  flag: Pick<Flag, 'patientId' | 'triggers' | 'createdAt'>,
): Promise<boolean> {
  const newest =
    flag.triggers.length === 0
      ? null
      : await em.findOne(Phq9Assessment, {
          where: { id: In(flag.triggers), patientId: flag.patientId },
          order: { administeredAt: 'DESC' },
          select: { id: true, administeredAt: true },
        });
  // Without its PHQ-9 (not expected: the flag names it) the screener must follow the flag.
  const since = newest?.administeredAt ?? flag.createdAt;
  const screener = await em.findOne(CssrsScreening, {
    where: {
      patientId: flag.patientId,
      enteredInErrorAt: IsNull(),
      administeredAt: MoreThanOrEqual(since),
    },
    select: { id: true },
  });
  return screener !== null;
}
