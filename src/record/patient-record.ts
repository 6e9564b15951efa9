/**
 * PatientRecord: one patient's FHIR resources, indexed for the rules. Pure: built from resources, a
 * Bundle (collection, searchset, transaction, batch) or NDJSON lines; never mutates its input; never
 * throws on odd data. Every resource passes through readResource (read-resource.ts), the trust boundary:
 * what the rules see has the R4 shape @types/fhir describes, for the fields they read. Resources it cannot
 * use are kept out of the indexes and counted in `issues`; fields of the wrong type in `ignoredFields`.
 */
import type {
  CodeableConcept, Condition, FhirResource, Medication, MedicationAdministration, MedicationRequest,
  Observation, Patient, Reference, Resource,
} from 'fhir/r4';
import { SYSTEM } from '../terminology/systems';
import { undottedIcd10 } from '../terminology/icd10cm/icd10cm-table';
import { codingKey } from '../terminology/icd10cm-codings';
import { normalizeQuantity } from './units';
import { parseReference, referenceTo, type ParsedReference } from './references';
import { readResource } from './read-resource';
import { fhirTimeMs } from './fhir-dates';
import { isEnteredInError } from './statuses';
import { equivalentLoinc } from '../terminology/loinc';

export interface ObservationPoint {
  observation: Observation;
  /** `Observation/id` */
  reference: string;
  loinc: string;
  /** effectiveDateTime / effectiveInstant / effectivePeriod.start, else issued (ISO 8601). */
  time: string;
  timeMs: number;
  /** Numeric value in the code's canonical unit (see units.ts); undefined for coded or text results. */
  value?: number;
  unit?: string;
  /** Set when the point comes from Observation.component[index] (e.g. systolic blood pressure). */
  component?: number;
}

export interface RecordIssue {
  /** `Type/id`, when the resource had one. */
  reference?: string;
  /** The resource's type, when it had one. */
  resourceType?: string;
  /** Why the resource (or entry) was left out of the indexes, phrased to follow its type: "without code". */
  problem: string;
}

type ResourceOf<T extends string> = Extract<FhirResource, { resourceType: T }>;

const ENTERED_IN_ERROR = 'entered-in-error';

function effectiveTime(observation: Observation): string | undefined {
  return observation.effectiveDateTime ?? observation.effectiveInstant ?? observation.effectivePeriod?.start ?? observation.issued;
}

/** The LOINC codes of a concept, each as the code the rules read (a molar code as its mass twin). */
function loincCodes(concept: CodeableConcept | undefined): string[] {
  const codes = (concept?.coding ?? []).filter((c) => c.system === SYSTEM.LOINC && typeof c.code === 'string').map((c) => equivalentLoinc(c.code!.trim()));
  return [...new Set(codes)];
}

/** readResource's reasons, phrased to follow the resource type ("Condition without id"). */
const PROBLEM_AFTER_TYPE: Readonly<Record<string, string>> = {
  'no id': 'without id',
  'id is not a FHIR id': 'with an id that is not a FHIR id',
};

/** Bundle.entry read as untrusted JSON: entries that are not objects are passed on for counting. */
function bundleEntries(entry: unknown): Array<{ resource: unknown; fullUrl?: unknown }> {
  if (!Array.isArray(entry)) return [];
  // An entry without a resource (a transaction-response entry) carries nothing to read.
  return entry.flatMap((e: unknown) => (typeof e === 'object' && e !== null
    ? (e as { resource?: unknown }).resource === undefined ? [] : [{ resource: (e as { resource?: unknown }).resource, fullUrl: (e as { fullUrl?: unknown }).fullUrl }]
    : [{ resource: e }]));
}

export interface RecordOptions {
  /**
   * Resources outside any patient compartment (Practitioner, Organization, Medication, ...) of a
   * multi-patient export, read once and referred to by every patient's record instead of copied into it.
   */
  shared?: PatientRecord;
}

export class PatientRecord {
  readonly patient: Patient | undefined;
  /** Entries and resources left out of the indexes, each with why. */
  readonly issues: RecordIssue[] = [];
  /** Fields of the wrong type or value that were ignored (`Condition.code.coding`), with how often. */
  readonly ignoredFields = new Map<string, number>();
  private readonly shared: PatientRecord | undefined;
  private readonly typeIndex = new Map<string, Resource[]>();
  private readonly withShared = new Map<string, readonly Resource[]>();
  private readonly referenceIndex = new Map<string, Resource>();
  private readonly fullUrlIndex = new Map<string, Resource>();
  private readonly observationIndex = new Map<string, ObservationPoint[]>();
  private readonly conditionIndex = new Map<string, Condition[]>();

  private constructor(entries: Iterable<{ resource: unknown; fullUrl?: unknown }>, options: RecordOptions = {}) {
    this.shared = options.shared;
    for (const { resource, fullUrl } of entries) this.add(resource, typeof fullUrl === 'string' && fullUrl !== '' ? fullUrl : undefined);
    for (const points of this.observationIndex.values()) points.sort((a, b) => a.timeMs - b.timeMs);
    const patients = this.typeIndex.get('Patient') ?? [];
    this.patient = patients[0] as Patient | undefined;
    if (patients.length > 1) this.issues.push({ resourceType: 'Patient', problem: `resources: ${patients.length}; the first is used` });
  }

  static fromResources(resources: Iterable<unknown>, options?: RecordOptions): PatientRecord {
    return new PatientRecord([...resources].map((resource) => ({ resource })), options);
  }

  /** From resources with the fullUrls they had in a Bundle (so `urn:uuid:` references resolve). */
  static fromEntries(entries: Iterable<{ resource: unknown; fullUrl?: unknown }>, options?: RecordOptions): PatientRecord {
    return new PatientRecord(entries, options);
  }

  static fromBundle(bundle: unknown, options?: RecordOptions): PatientRecord {
    const value = bundle as { resourceType?: unknown; entry?: unknown } | null;
    if (typeof value !== 'object' || value === null || value.resourceType !== 'Bundle') {
      const record = new PatientRecord([], options);
      record.issues.push({ problem: 'input is not a FHIR Bundle' });
      return record;
    }
    const record = new PatientRecord(bundleEntries(value.entry), options);
    if (value.entry !== undefined && !Array.isArray(value.entry)) record.issues.push({ resourceType: 'Bundle', problem: 'entry is not an array' });
    return record;
  }

  /** NDJSON (FHIR Bulk Data): one resource per line; blank lines ignored, unparseable lines counted. */
  static fromNdjson(lines: Iterable<string>, options?: RecordOptions): PatientRecord {
    const entries: Array<{ resource: unknown }> = [];
    const bad: number[] = [];
    let n = 0;
    for (const line of lines) {
      n++;
      if (typeof line !== 'string' || !line.trim()) continue;
      try {
        entries.push({ resource: JSON.parse(line) });
      } catch {
        bad.push(n);
      }
    }
    const record = new PatientRecord(entries, options);
    for (const line of bad) record.issues.push({ problem: `line ${line} is not JSON` });
    return record;
  }

  private add(value: unknown, fullUrl: string | undefined): void {
    const outcome = readResource(value, fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice('urn:uuid:'.length) : undefined);
    if ('problem' in outcome) {
      this.issues.push(outcome.resourceType
        ? { resourceType: outcome.resourceType, problem: PROBLEM_AFTER_TYPE[outcome.problem] ?? outcome.problem }
        : { problem: 'entry is not a FHIR resource' });
      return;
    }
    const { resource, ignored } = outcome;
    for (const path of ignored) this.ignoredFields.set(path, (this.ignoredFields.get(path) ?? 0) + 1);
    const reference = referenceTo(resource);
    if (this.referenceIndex.has(reference)) {
      this.issues.push({ reference, resourceType: resource.resourceType, problem: 'duplicate; the first copy is used' });
      return;
    }
    this.referenceIndex.set(reference, resource);
    if (fullUrl) this.fullUrlIndex.set(fullUrl, resource);
    let list = this.typeIndex.get(resource.resourceType);
    if (!list) this.typeIndex.set(resource.resourceType, (list = []));
    list.push(resource);

    if (resource.resourceType === 'Observation') this.indexObservation(resource as Observation, reference);
    else if (resource.resourceType === 'Condition') this.indexCondition(resource as Condition, reference);
  }

  private leaveOut(reference: string, resourceType: string, problem: string): void {
    this.issues.push({ reference, resourceType, problem });
  }

  private indexObservation(observation: Observation, reference: string): void {
    if (observation.status === ENTERED_IN_ERROR) return;
    const codes = loincCodes(observation.code);
    if (!observation.code || (!observation.code.coding?.length && !observation.code.text)) {
      this.leaveOut(reference, 'Observation', 'without code');
      return;
    }
    if (codes.length === 0) return; // coded in another system only: not indexed by LOINC, nothing wrong
    const time = effectiveTime(observation);
    const timeMs = fhirTimeMs(time);
    if (timeMs === undefined) {
      this.leaveOut(reference, 'Observation', 'without a usable effective time');
      return;
    }
    const hasValue = Object.keys(observation).some((k) => k.startsWith('value'));
    const components = observation.component ?? [];
    if (!hasValue && components.length === 0) {
      if (!observation.dataAbsentReason) this.leaveOut(reference, 'Observation', 'without a value');
      return;
    }
    const base = { observation, reference, time: time!, timeMs };
    if (hasValue) this.indexPoints(base, codes, observation.valueQuantity, undefined);
    components.forEach((component, index) => {
      const componentCodes = loincCodes(component.code);
      if (componentCodes.length > 0 && component.valueQuantity !== undefined) {
        this.indexPoints(base, componentCodes, component.valueQuantity, index);
      }
    });
  }

  /** One point per LOINC code of the value, each normalized to that code's canonical unit. */
  private indexPoints(
    base: Pick<ObservationPoint, 'observation' | 'reference' | 'time' | 'timeMs'>, codes: string[],
    quantity: Observation['valueQuantity'], component: number | undefined,
  ): void {
    const at = component !== undefined ? { component } : {};
    if (quantity === undefined) {
      for (const loinc of codes) this.pushPoint({ ...base, ...at, loinc });
      return;
    }
    if (typeof quantity.value !== 'number') {
      this.leaveOut(base.reference, 'Observation', 'with a malformed quantity');
      return;
    }
    for (const loinc of codes) {
      const normalized = normalizeQuantity(loinc, quantity.value, quantity.code ?? quantity.unit);
      if ('problem' in normalized) {
        this.leaveOut(base.reference, 'Observation', `with ${normalized.problem}`);
        continue;
      }
      this.pushPoint({ ...base, ...at, loinc, value: normalized.value, unit: normalized.unit });
    }
  }

  private pushPoint(point: ObservationPoint): void {
    let points = this.observationIndex.get(point.loinc);
    if (!points) this.observationIndex.set(point.loinc, (points = []));
    points.push(point);
  }

  private indexCondition(condition: Condition, reference: string): void {
    if (isEnteredInError(condition)) return;
    const keys = new Set((condition.code?.coding ?? []).map((c) => codingKey(c.system, c.code)).filter((k): k is string => Boolean(k)));
    if (keys.size === 0) {
      this.leaveOut(reference, 'Condition', 'without a coded diagnosis');
      return;
    }
    for (const key of keys) {
      let list = this.conditionIndex.get(key);
      if (!list) this.conditionIndex.set(key, (list = []));
      list.push(condition);
    }
  }

  /** Every resource of a type, in input order. */
  byType<T extends FhirResource['resourceType']>(type: T): ReadonlyArray<ResourceOf<T>> {
    const own = this.typeIndex.get(type) ?? [];
    const shared = this.shared?.byType(type) ?? [];
    if (shared.length === 0) return own as unknown as ReadonlyArray<ResourceOf<T>>;
    let both = this.withShared.get(type);
    if (!both) this.withShared.set(type, (both = [...own, ...shared]));
    return both as unknown as ReadonlyArray<ResourceOf<T>>;
  }

  types(): string[] {
    return [...this.typeIndex.keys()];
  }

  get size(): number {
    let n = 0;
    for (const list of this.typeIndex.values()) n += list.length;
    return n;
  }

  /**
   * The resource a reference points to: `Type/id`, `Type/id/_history/v`, an absolute URL, a Bundle
   * `urn:uuid:` fullUrl, or `#id` contained in `container`. Undefined when it is not in the record.
   */
  resolve(reference: Reference | string | undefined, container?: Resource): Resource | undefined {
    const text = typeof reference === 'string' ? reference : typeof reference === 'object' && reference !== null ? reference.reference : undefined;
    const parsed = parseReference(text);
    if (!parsed) return undefined;
    if (parsed.kind === 'contained') {
      const contained = (container as { contained?: unknown } | undefined)?.contained;
      return Array.isArray(contained) ? (contained as Resource[]).find((r) => r?.id === parsed.id) : undefined;
    }
    return this.resolveHere(parsed) ?? this.shared?.resolveHere(parsed);
  }

  /**
   * The resource an absolute url names exactly: a Bundle entry's fullUrl, or the url the loader read it at
   * (a note's Binary). Unlike resolve(), never by the url's last `Type/id` alone.
   */
  resolveFullUrl(url: string): Resource | undefined {
    return this.fullUrlIndex.get(url) ?? this.shared?.fullUrlIndex.get(url);
  }

  private resolveHere(parsed: Exclude<ParsedReference, { kind: 'contained' }>): Resource | undefined {
    switch (parsed.kind) {
      case 'urn':
        return this.fullUrlIndex.get(parsed.urn);
      case 'relative':
        return this.referenceIndex.get(`${parsed.type}/${parsed.id}`);
      case 'absolute':
        return this.fullUrlIndex.get(parsed.url) ?? (parsed.type ? this.referenceIndex.get(`${parsed.type}/${parsed.id}`) : undefined);
    }
  }

  /** Observation points for one or more LOINC codes, oldest first. */
  observations(...loinc: string[]): readonly ObservationPoint[] {
    if (loinc.length === 1) return this.observationIndex.get(loinc[0]!) ?? [];
    const seen = new Set<ObservationPoint['observation']>();
    const merged: ObservationPoint[] = [];
    for (const code of loinc) {
      for (const point of this.observationIndex.get(code) ?? []) {
        // One Observation coded with two of the asked codes counts once.
        if (point.component === undefined && seen.has(point.observation)) continue;
        seen.add(point.observation);
        merged.push(point);
      }
    }
    return merged.sort((a, b) => a.timeMs - b.timeMs);
  }

  /** Conditions coded with exactly this code (ICD-10-CM compared without the dot). */
  conditionsWithCode(system: string, code: string): readonly Condition[] {
    return this.conditionIndex.get(codingKey(system, code)!) ?? [];
  }

  /** Conditions with an ICD-10-CM code starting with the prefix (`E87.1`, `N18`, `e871` all work). */
  conditionsWithIcd10Prefix(prefix: string): Condition[] {
    const wanted = `${SYSTEM.ICD10CM}|${undottedIcd10(prefix)}`;
    const found = new Set<Condition>();
    for (const [key, conditions] of this.conditionIndex) {
      if (key.startsWith(wanted)) for (const c of conditions) found.add(c);
    }
    return [...found];
  }

  /** MedicationRequests that are active orders (status active, not merely proposed). */
  activeMedicationRequests(): MedicationRequest[] {
    return this.byType('MedicationRequest').filter((r) => r.status === 'active' && r.intent !== 'proposal');
  }

  /** The medication a request or administration is for, resolving references and contained Medications. */
  medicationOf(resource: MedicationRequest | MedicationAdministration): CodeableConcept | undefined {
    if (resource.medicationCodeableConcept) return resource.medicationCodeableConcept;
    const medication = this.resolve(resource.medicationReference, resource) as Medication | undefined;
    if (medication?.resourceType === 'Medication') return medication.code;
    return resource.medicationReference?.display ? { text: resource.medicationReference.display } : undefined;
  }

  /** How many diagnoses (Conditions, and Claim/EOB diagnosis lines) are coded in the system: e.g. ICD-10-CM. */
  diagnosesCodedIn(system: string): number {
    const inConcept = (concept: CodeableConcept | undefined) => (concept?.coding ?? []).some((c) => c.system === system);
    return this.byType('Condition').filter((c) => inConcept(c.code)).length +
      [...this.byType('Claim'), ...this.byType('ExplanationOfBenefit')].reduce((n, claim) =>
        n + (claim.diagnosis ?? []).filter((d) => inConcept(d.diagnosisCodeableConcept)).length, 0);
  }

  /** Issues counted by problem, for display and benchmarks. */
  issueCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const issue of this.issues) {
      const key = issue.resourceType ? `${issue.resourceType} ${issue.problem}` : issue.problem;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Resources left out of the indexes, counted by type and reason (no patient data: types and reasons only). */
  setAside(): Array<{ resourceType: string; problem: string; count: number }> {
    const counts = new Map<string, { resourceType: string; problem: string; count: number }>();
    for (const { resourceType = 'entry', problem } of this.issues) {
      const key = `${resourceType}|${problem}`;
      const found = counts.get(key);
      if (found) found.count++;
      else counts.set(key, { resourceType, problem, count: 1 });
    }
    return [...counts.values()];
  }
}
