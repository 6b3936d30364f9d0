/**
 * What a PHQ-9 about to be saved leaves out, one line each, for the confirmation shown before
 * saving anything incomplete (issue 20: item 9 can never be lost; a blank item is never saved by
 * accident). Empty when nothing is missing.
 *
 * - items 1-9 left blank (item 9 "Not asked" said as such: a warning flag asks for it);
 * - item 10 (difficulty, not scored) when any problem was checked: the questionnaire asks it
 *   then (Kroenke 2001); with all nine at 0 it is rightly skipped.
 */
export function phq9Missing(
  items: readonly (number | null)[],
  item10: number | null,
  item9NotAsked: boolean,
): string[] {
  const missing = items.flatMap((item, index) => {
    if (item !== null) {
      return [];
    }
    const number = index + 1;
    if (number === 9) {
      return [
        item9NotAsked
          ? 'Item 9 (thoughts of self-harm): not asked. Suicidality is unknown; a warning flag asks for item 9 the same day.'
          : 'Item 9 (thoughts of self-harm): not answered.',
      ];
    }
    return [`Item ${String(number)}: not answered.`];
  });
  if (item10 === null && items.some((item) => item !== null && item > 0)) {
    missing.push(
      'Item 10 (how difficult the problems made things): not answered; it is not scored.',
    );
  }
  return missing;
}
