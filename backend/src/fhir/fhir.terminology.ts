/**
 * The code systems and codes of the FHIR export (fhir.mapper.ts). The PHQ-9 LOINC codes come from
 * `@clinic/shared` (CLINICAL.md s1), so they are written once; only their display texts are here.
 */
import type { Coding } from '@medplum/fhirtypes';
import {
  type Drug,
  PHQ9_ANSWER_CODES,
  PHQ9_LOINC,
  type Route,
  type SideEffectSeverity,
} from '@clinic/shared';

type Code = Required<Pick<Coding, 'code' | 'display'>>;

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** The identifier system of the clinic's medical record numbers. */
export const MRN_SYSTEM = 'urn:ketamine-clinic:mrn';

/** PHQ-9 items 1-9 (LOINC panel 44249-1), with the LOINC display texts. */
export const PHQ9_ITEM_LOINC: readonly Code[] = [
  { code: PHQ9_LOINC.items[0], display: 'Little interest or pleasure in doing things' },
  { code: PHQ9_LOINC.items[1], display: 'Feeling down, depressed, or hopeless' },
  {
    code: PHQ9_LOINC.items[2],
    display: 'Trouble falling or staying asleep, or sleeping too much',
  },
  { code: PHQ9_LOINC.items[3], display: 'Feeling tired or having little energy' },
  { code: PHQ9_LOINC.items[4], display: 'Poor appetite or overeating' },
  {
    code: PHQ9_LOINC.items[5],
    display:
      'Feeling bad about yourself-or that you are a failure or have let yourself or your family down',
  },
  {
    code: PHQ9_LOINC.items[6],
    display:
      'Trouble concentrating on things, such as reading the newspaper or watching television',
  },
  {
    code: PHQ9_LOINC.items[7],
    display:
      'Moving or speaking so slowly that other people could have noticed. Or the opposite-being so fidgety or restless that you have been moving around a lot more than usual',
  },
  {
    code: PHQ9_LOINC.items[8],
    display: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
  },
];
/** LOINC answer list LL358-3 (0-3). */
export const PHQ9_ANSWER_LOINC: readonly Code[] = [
  { code: PHQ9_ANSWER_CODES[0], display: 'Not at all' },
  { code: PHQ9_ANSWER_CODES[1], display: 'Several days' },
  { code: PHQ9_ANSWER_CODES[2], display: 'More than half the days' },
  { code: PHQ9_ANSWER_CODES[3], display: 'Nearly every day' },
];
export const PHQ9_PANEL: Code = {
  code: PHQ9_LOINC.panel,
  display: 'PHQ-9 quick depression assessment panel',
};
export const PHQ9_TOTAL: Code = {
  code: PHQ9_LOINC.total,
  display: 'Patient Health Questionnaire 9 item (PHQ-9) total score',
};
/** Item 10, "How difficult have these problems made it..." (69722-7), answers 0-3. */
export const DIFFICULTY: Code = {
  code: PHQ9_LOINC.item10,
  display: 'How difficult have these problems made it for you',
};
export const DIFFICULTY_ANSWERS: readonly Code[] = [
  { code: 'LA6572-7', display: 'Not difficult at all' },
  { code: 'LA6573-5', display: 'Somewhat difficult' },
  { code: 'LA6575-0', display: 'Very difficult' },
  { code: 'LA6574-3', display: 'Extremely difficult' },
];

export const ROUTE_SNOMED: Record<Route, Code> = {
  iv: { code: '47625008', display: 'Intravenous route' },
  im: { code: '78421000', display: 'Intramuscular route' },
  intranasal: { code: '46713006', display: 'Nasal route' },
  sublingual: { code: '37839007', display: 'Sublingual route' },
  oral: { code: '26643006', display: 'Oral route' },
};
export const DRUG_TEXT: Record<Drug, string> = { ketamine: 'Ketamine', esketamine: 'Esketamine' };

/** Source: HL7 terminology, AdverseEventSeverity (R4 AdverseEvent.severity, required binding). */
export const AE_SEVERITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';
export const AE_SEVERITY_CODE: Record<SideEffectSeverity, Code> = {
  mild: { code: 'mild', display: 'Mild' },
  moderate: { code: 'moderate', display: 'Moderate' },
  severe: { code: 'severe', display: 'Severe' },
};
/** Source: HL7 terminology, AdverseEventSeriousness (R4 AdverseEvent.seriousness). */
export const AE_SERIOUSNESS = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness';

/** R4 AdverseEvent has no status: one entered in error carries this tag instead. */
export const ENTERED_IN_ERROR_TAG: Coding = {
  system: 'urn:ketamine-clinic:amendment',
  code: 'entered-in-error',
  display: 'Entered in error',
};
