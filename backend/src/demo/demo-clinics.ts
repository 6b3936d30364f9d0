/** The demo clinics, their staff and the (obviously synthetic) names and medications of patients. */

export const DEMO_CLINICS: readonly { name: string; domain: string; timezone: string }[] = [
  { name: 'Riverside Clinic', domain: 'riverside.demo.clinic', timezone: 'America/New_York' },
  { name: 'Northgate Clinic', domain: 'northgate.demo.clinic', timezone: 'America/Chicago' },
];

export const PATIENTS_PER_CLINIC = 40;

const MRN_PREFIX = ['RC', 'NG'];
export const mrnOf = (clinicIndex: number, index: number): string =>
  `${MRN_PREFIX[clinicIndex]}-${String(index + 1).padStart(5, '0')}`;

export const STAFF: readonly { psychiatrist: string; nurse: string; manager: string }[] = [
  { psychiatrist: 'Dr Priya Raman', nurse: 'Sam Okafor', manager: 'Helen Brooks' },
  { psychiatrist: 'Dr Marcus Feld', nurse: 'Lucia Moreno', manager: 'Ben Carter' },
];

// Small, obviously synthetic name lists.
// prettier-ignore
export const GIVEN: Record<'female' | 'male' | 'other', readonly string[]> = {
  female: ['Ada', 'Bea', 'Cleo', 'Dora', 'Edie', 'Faye', 'Gwen', 'Hana', 'Iris', 'Juno', 'Kit', 'Lena', 'Mae', 'Nell', 'Opal', 'Pia', 'Rosa', 'Tess', 'Vera', 'Wren'],
  male: ['Abe', 'Bram', 'Cal', 'Dex', 'Eli', 'Finn', 'Gus', 'Hal', 'Ike', 'Jude', 'Kai', 'Leo', 'Max', 'Ned', 'Otto', 'Rex', 'Sol', 'Ted', 'Vic', 'Zed'],
  other: ['Ash', 'Jody', 'Remy', 'Sky'],
};
// prettier-ignore
export const FAMILY = [
  'Alder', 'Birch', 'Cedar', 'Dunlin', 'Ember', 'Fernley', 'Garnet', 'Heron', 'Indigo', 'Juniper',
  'Kestrel', 'Linden', 'Marlow', 'Nettle', 'Osprey', 'Plover', 'Quill', 'Rowan', 'Sorrel', 'Tansy',
  'Umber', 'Vale', 'Willow', 'Yarrow', 'Zephyr',
] as const;

export const MEDICATIONS = [
  'sertraline 150 mg',
  'escitalopram 20 mg',
  'venlafaxine 225 mg',
  'bupropion 300 mg',
  'duloxetine 60 mg',
  'mirtazapine 30 mg',
  'aripiprazole 5 mg',
  'lamotrigine 100 mg',
  'lithium 600 mg',
  'trazodone 50 mg',
  'lorazepam 0.5 mg as needed',
] as const;
export const LORAZEPAM = MEDICATIONS[MEDICATIONS.length - 1];
