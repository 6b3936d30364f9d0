/**
 * Resolves the references of a FHIR R4 Bundle the way R4 says a reader must ("Resolving references
 * in Bundles"): a reference inside a Bundle names an entry's fullUrl. Used on the exports' Bundles.
 */

/** The target type each reference element of the export must point at: `<Resource>.<path>`. */
export const REFERENCE_TARGETS: Readonly<Record<string, string>> = {
  'Observation.subject': 'Patient',
  'Observation.partOf': 'MedicationAdministration',
  'MedicationAdministration.subject': 'Patient',
  'AdverseEvent.subject': 'Patient',
  'AdverseEvent.suspectEntity.instance': 'MedicationAdministration',
  'Flag.subject': 'Patient',
};

export interface BundleLike {
  entry?: { fullUrl?: string; resource?: { resourceType: string; id?: string } }[];
}

export interface FoundReference {
  /** Element path without array indexes, e.g. `AdverseEvent.suspectEntity.instance`. */
  path: string;
  reference: unknown;
  type: unknown;
}

/** Every object with a `reference` key anywhere under `value`, with its element path. */
export function referencesIn(value: unknown, path: string): FoundReference[] {
  if (Array.isArray(value)) return value.flatMap((item) => referencesIn(item, path));
  if (value === null || typeof value !== 'object') return [];
  const found: FoundReference[] = [];
  const record = value as Record<string, unknown>;
  if ('reference' in record) {
    found.push({ path, reference: record['reference'], type: record['type'] });
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'reference') found.push(...referencesIn(child, `${path}.${key}`));
  }
  return found;
}

const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Everything wrong with the Bundle's entries and references (empty: every reference resolves):
 * each entry has a unique `urn:uuid:` fullUrl naming its resource's id; each reference is the
 * fullUrl of an entry whose type is the one its element expects (REFERENCE_TARGETS) and, when the
 * reference states a `type`, that type too.
 */
export function bundleReferenceProblems(bundle: BundleLike): {
  problems: string[];
  references: FoundReference[];
} {
  const problems: string[] = [];
  const typeOf = new Map<string, string>();
  for (const [index, entry] of (bundle.entry ?? []).entries()) {
    const { fullUrl, resource } = entry;
    const where = `entry[${index}] (${resource?.resourceType ?? 'no resource'})`;
    if (typeof fullUrl !== 'string' || !URN_UUID.test(fullUrl)) {
      problems.push(`${where}: fullUrl ${JSON.stringify(fullUrl)} is not a urn:uuid`);
      continue;
    }
    if (typeOf.has(fullUrl)) problems.push(`${where}: fullUrl ${fullUrl} is not unique`);
    if (fullUrl !== `urn:uuid:${resource?.id ?? ''}`) {
      problems.push(`${where}: fullUrl ${fullUrl} does not name the resource id`);
    }
    typeOf.set(fullUrl, resource?.resourceType ?? '');
  }
  const references: FoundReference[] = [];
  for (const entry of bundle.entry ?? []) {
    if (!entry.resource) continue;
    for (const found of referencesIn(entry.resource, entry.resource.resourceType)) {
      references.push(found);
      const at = `${entry.fullUrl ?? '?'} ${found.path}`;
      const expected = REFERENCE_TARGETS[found.path];
      const target = typeof found.reference === 'string' ? typeOf.get(found.reference) : undefined;
      if (expected === undefined) problems.push(`${at}: no target type is expected here`);
      if (target === undefined) {
        problems.push(`${at}: ${JSON.stringify(found.reference)} resolves to no entry`);
      } else if (expected !== undefined && target !== expected) {
        problems.push(`${at}: points at a ${target}, not a ${expected}`);
      }
      if (target !== undefined && found.type !== undefined && found.type !== target) {
        problems.push(`${at}: type ${JSON.stringify(found.type)} but the target is a ${target}`);
      }
    }
  }
  return { problems, references };
}
