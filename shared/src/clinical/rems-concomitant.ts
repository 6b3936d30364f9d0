/**
 * The REMS form's five concomitant-medication classes (CLINICAL.md s3) and the names that put a
 * recorded medication in one. The form itself is built in rems.ts, which re-exports these.
 */
import type { RemsConcomitantDto } from '../api/assessment-types';

export type ConcomitantClass = keyof RemsConcomitantDto;

/** The form's order of the five classes. */
export const CONCOMITANT_CLASSES: readonly ConcomitantClass[] = [
  'benzodiazepines',
  'nonBenzodiazepineSedativeHypnotics',
  'psychostimulants',
  'maois',
  'opioids',
];

/**
 * Names that put a recorded concomitant medication in a REMS class: the class names themselves and
 * generic names (matched case-insensitively as whole words, so "Lorazepam 1 mg PRN" and
 * "amphetamine/dextroamphetamine" are recognised). A clinic-maintainable default, NOT an exhaustive
 * formulary: brand names and misspellings are not recognised, which is why the form lists the
 * medications that matched no class (`unclassifiedMedications`) for a clinician to check.
 */
export const CONCOMITANT_MEDICATION_NAMES: Readonly<Record<ConcomitantClass, readonly string[]>> = {
  benzodiazepines: [
    'benzodiazepine',
    'benzodiazepines',
    'alprazolam',
    'bromazepam',
    'chlordiazepoxide',
    'clobazam',
    'clonazepam',
    'clorazepate',
    'diazepam',
    'estazolam',
    'flurazepam',
    'lorazepam',
    'midazolam',
    'nitrazepam',
    'oxazepam',
    'temazepam',
    'triazolam',
  ],
  nonBenzodiazepineSedativeHypnotics: [
    // "non-benzodiazepine" and "non benzodiazepine" are read as one word (see normalise)
    'nonbenzodiazepine',
    'nonbenzodiazepines',
    'z-drug',
    'z-drugs',
    'barbiturate',
    'barbiturates',
    'zolpidem',
    'zopiclone',
    'eszopiclone',
    'zaleplon',
    'suvorexant',
    'lemborexant',
    'daridorexant',
    'butalbital',
    'phenobarbital',
  ],
  psychostimulants: [
    'psychostimulant',
    'psychostimulants',
    'methylphenidate',
    'dexmethylphenidate',
    'amphetamine',
    'amphetamines',
    'amfetamine',
    'dextroamphetamine',
    'dexamfetamine',
    'lisdexamfetamine',
    'lisdexamphetamine',
    'methamphetamine',
    'modafinil',
    'armodafinil',
  ],
  maois: [
    'maoi',
    'maois',
    'mao inhibitor',
    'mao inhibitors',
    'monoamine oxidase inhibitor',
    'monoamine oxidase inhibitors',
    'phenelzine',
    'tranylcypromine',
    'isocarboxazid',
    'selegiline',
    'rasagiline',
    'moclobemide',
  ],
  opioids: [
    'opioid',
    'opioids',
    'opiate',
    'opiates',
    'oxycodone',
    'hydrocodone',
    'morphine',
    'hydromorphone',
    'codeine',
    'dihydrocodeine',
    'tramadol',
    'tapentadol',
    'fentanyl',
    'buprenorphine',
    'methadone',
    'oxymorphone',
    'meperidine',
    'pethidine',
  ],
};

export interface ConcomitantClassification {
  concomitant: RemsConcomitantDto;
  /** False when the list is empty (nothing recorded): every class is then null. */
  recorded: boolean;
  /** Entries that matched no class (not "none", not blank). */
  unclassified: string[];
}

/** Lower case, "non-benzodiazepine" as one word, every run of non-letters a single space. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\bnon[^a-z]*benzodiazepine/g, 'nonbenzodiazepine')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

const NORMALISED_NAMES = CONCOMITANT_CLASSES.map(
  (cls) => [cls, CONCOMITANT_MEDICATION_NAMES[cls].map(normalise)] as const,
);

/** The classes whose names occur in `medication` as whole words. */
export function medicationClasses(medication: string): ConcomitantClass[] {
  const padded = ` ${normalise(medication)} `;
  return NORMALISED_NAMES.filter(([, names]) => names.some((n) => padded.includes(` ${n} `))).map(
    ([cls]) => cls,
  );
}

/**
 * The five concomitant-medication answers. An empty list (or only blank entries) means not
 * recorded: every class null. "none" (any case) means none taken; any other entry is still
 * classified, so ["none", "lorazepam"] answers benzodiazepines yes rather than hiding it.
 */
export function classifyConcomitantMedications(medications: string[]): ConcomitantClassification {
  const entries = medications.map((m) => m.trim()).filter((m) => m.length > 0);
  if (entries.length === 0) {
    return {
      recorded: false,
      unclassified: [],
      concomitant: {
        benzodiazepines: null,
        nonBenzodiazepineSedativeHypnotics: null,
        psychostimulants: null,
        maois: null,
        opioids: null,
      },
    };
  }
  const concomitant: RemsConcomitantDto = {
    benzodiazepines: false,
    nonBenzodiazepineSedativeHypnotics: false,
    psychostimulants: false,
    maois: false,
    opioids: false,
  };
  const unclassified: string[] = [];
  for (const entry of entries) {
    if (normalise(entry) === 'none') continue;
    const classes = medicationClasses(entry);
    if (classes.length === 0) unclassified.push(entry);
    for (const cls of classes) concomitant[cls] = true;
  }
  return { recorded: true, unclassified, concomitant };
}
