import type { FlagDto } from '@clinic/shared';

/** The rule whose flag asks for a same-day C-SSRS screener (CLINICAL.md s10). */
export const ITEM9_RULE = 'phq9.item9_positive';

/** An item-9 flag still needing someone: the one a "Screen with C-SSRS" action belongs to. */
export function needsScreener(flag: Pick<FlagDto, 'rule' | 'status'>): boolean {
  return flag.rule === ITEM9_RULE && flag.status !== 'resolved';
}

/**
 * The PHQ-9 an item-9 flag was raised by: the newest of `evidence.phq9` (the rule lists the
 * positive questionnaires oldest first, each with its id and time). Null when the evidence does
 * not name one.
 */
export function flaggedPhq9(
  flag: Pick<FlagDto, 'rule' | 'evidence'>,
): { id: string; administeredAt: string | null } | null {
  if (flag.rule !== ITEM9_RULE || typeof flag.evidence !== 'object' || flag.evidence === null) {
    return null;
  }
  const list = (flag.evidence as { phq9?: unknown }).phq9;
  if (!Array.isArray(list)) {
    return null;
  }
  const entries = list.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) {
      return [];
    }
    const { id, administeredAt } = entry as { id?: unknown; administeredAt?: unknown };
    return typeof id === 'string'
      ? [{ id, administeredAt: typeof administeredAt === 'string' ? administeredAt : null }]
      : [];
  });
  return (
    entries.reduce<(typeof entries)[number] | null>(
      (latest, entry) =>
        latest === null || (entry.administeredAt ?? '') >= (latest.administeredAt ?? '')
          ? entry
          : latest,
      null,
    ) ?? null
  );
}

/** Router link to the screener for a patient; from a flag, the flag's id rides along (ids only). */
export function screenerLink(patientId: string): string[] {
  return ['/patients', patientId, 'cssrs', 'new'];
}

export function screenerQuery(flag: Pick<FlagDto, 'id'> | null): Record<string, string> {
  return flag ? { flagId: flag.id } : {};
}

export function safetyPlanLink(patientId: string): string[] {
  return ['/patients', patientId, 'safety-plan'];
}
