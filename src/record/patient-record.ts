/**
 * PatientRecord: one patient's FHIR resources, indexed for the rules. Pure: built from resources, a
 * Bundle (collection, searchset, transaction, batch) or NDJSON lines; never mutates its input; never
 * throws on odd data. Every resource passes through readResource (read-resource.ts), the trust boundary:
 * what the rules see has the R4 shape @types/fhir describes, for the fields they read. Resources it cannot
 * use are kept out of the indexes and counted in `issues`; fields of the wrong type in `ignoredFields`.
 */
import type {
  CodeableConcept, Condition, Encounter, FhirResource, Medication, MedicationAdministration, MedicationRequest,
  Observation, Patient, Reference, Resource,
} from 'fhir/r4';
import { canonicalSystem, SYSTEM } from '../terminology/systems';
import { undottedIcd10 } from '../terminology/icd10cm/icd10cm-table';
import { codingKey } from '../terminology/icd10cm-codings';
import { normalizeQuantity } from './units';
import { parseReference, referenceTo, type ParsedReference } from './references';
import { readHeaded, resourceHead } from './read-resource';
import { DAY_MS, fhirTimeMs, parseFhirDateTime, utcDay } from './fhir-dates';
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

type PointBase = Pick<ObservationPoint, 'observation' | 'reference' | 'time' | 'timeMs'>;

/** Observation.value[x]: the kinds a result can take (R4). */
const VALUE_FIELDS = [
  'valueQuantity', 'valueCodeableConcept', 'valueString', 'valueBoolean', 'valueInteger', 'valueRange', 'valueRatio',
  'valueSampledData', 'valueTime', 'valueDateTime', 'valuePeriod',
] as const;

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

/** Which resources setAside() counts: all of the record's, or only those read so far. */
export type SetAsideScope = 'all' | 'read';

/**
 * One resource taken in: its head checked (type and id), the rest read on first use. `raw` is the input
 * value until it is read; `read` the resource the rules see afterwards (one object per resource, so every
 * index hands out the same one).
 */
interface Slot {
  /** Position in the input: issues are listed in input order whatever order resources are read in. */
  ordinal: number;
  type: string;
  id: string;
  reference: string;
  raw?: Record<string, unknown>;
  read?: Resource;
  /** An Observation's points, once indexed. */
  points?: ObservationPoint[];
  /** The moments its TIME_FIELDS name, once worked out (none: no usable time). */
  times?: Array<readonly [number, number]>;
  /** The window (PatientRecord.windowDays) its times were found surely outside of, without working them out. */
  outside?: object;
}

/**
 * The time fields of the types a review takes by its window (during()), older names included: a resource
 * none of whose times touches the window cannot be in it, whatever the rule's own test of the window.
 */
const TIME_FIELDS: ReadonlyMap<string, ReadonlyArray<readonly [string, string?]>> = new Map([
  ['Observation', [['effectiveDateTime'], ['effectiveInstant'], ['effectivePeriod', 'start'], ['effectivePeriod', 'end'], ['issued']]],
  ['Claim', [['billablePeriod', 'start'], ['billablePeriod', 'end'], ['created']]],
  ['ExplanationOfBenefit', [['billablePeriod', 'start'], ['billablePeriod', 'end'], ['created']]],
  ['Encounter', [['period', 'start'], ['period', 'end']]],
]);

/** A string starting with a full date, `YYYY-MM-DD`. */
const FULL_DATE = /^\d{4}-\d{2}-\d{2}/;

/** The value of one of TIME_FIELDS in a resource as it came or as read: `field`, or `field.part`. */
function timeField(value: Record<string, unknown>, field: string, part: string | undefined): unknown {
  const time = value[field];
  if (part === undefined) return time;
  return typeof time === 'object' && time !== null ? (time as Record<string, unknown>)[part] : undefined;
}

/** The moments a resource's time fields name, each from its first to its last instant (a date: its whole day). */
function timeRanges(fields: ReadonlyArray<readonly [string, string?]>, value: Record<string, unknown>): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (const [field, part] of fields) {
    const parsed = parseFhirDateTime(timeField(value, field, part));
    if (parsed) ranges.push([parsed.ms, parsed.endMs]);
  }
  return ranges;
}

/** LOINC codes a raw Observation may be indexed under (its code's and its components'): a superset of what reading finds. */
function rawObservationCodes(value: Record<string, unknown>): Set<string> {
  const codes = new Set<string>();
  const addConcept = (concept: unknown) => {
    if (typeof concept !== 'object' || concept === null) return;
    // A lone coding where a list belongs is read as a list of one (read-resource.ts), so it is looked at here too.
    const coding = (concept as { coding?: unknown }).coding;
    for (const c of Array.isArray(coding) ? coding : [coding]) {
      const code = typeof c === 'object' && c !== null ? (c as { code?: unknown }).code : undefined;
      if (typeof code === 'string') codes.add(equivalentLoinc(code.trim()));
    }
  };
  addConcept(value.code);
  const component = value.component;
  for (const c of Array.isArray(component) ? component : [component]) if (typeof c === 'object' && c !== null) addConcept((c as { code?: unknown }).code);
  return codes;
}

const NOT_YET = Number.MAX_SAFE_INTEGER;

/**
 * The record takes in every resource at once but reads each (readResource, the trust boundary) only when a
 * rule asks for it: a type on its first byType(), an Observation when its LOINC code is first asked for, a
 * resource a reference names when resolved. A review reads a fraction of a long history, and a population
 * audit pays for that fraction only. What is read, and the issues reading finds, are the same whenever and
 * in whatever order it happens; `issues`, `ignoredFields` and setAside() read everything first.
 */
export class PatientRecord {
  readonly patient: Patient | undefined;
  private readonly shared: PatientRecord | undefined;
  private readonly found: Array<RecordIssue & { ordinal: number }> = [];
  private readonly ignored = new Map<string, number>();
  private readonly slotsByType = new Map<string, Slot[]>();
  private readonly slotByReference = new Map<string, Slot>();
  private readonly slotByFullUrl = new Map<string, Slot>();
  private readonly readTypes = new Map<string, Resource[]>();
  private readonly withShared = new Map<string, readonly Resource[]>();
  private observationSlots: Map<string, Slot[]> | undefined;
  private readonly pointsByCode = new Map<string, ObservationPoint[]>();
  private readonly pointsDuring = new Map<string, ObservationPoint[]>();
  /** during()'s answers by type and window: several rules ask for the same window's claims. */
  private readonly resourcesDuring = new Map<string, readonly Resource[]>();
  private conditionIndex: Map<string, Condition[]> | undefined;
  private everythingRead = false;
  private ordinal = 0;

  private constructor(entries: Iterable<{ resource: unknown; fullUrl?: unknown }>, options: RecordOptions = {}) {
    this.shared = options.shared;
    for (const { resource, fullUrl } of entries) this.add(resource, typeof fullUrl === 'string' && fullUrl !== '' ? fullUrl : undefined);
    const patients = this.slotsByType.get('Patient') ?? [];
    this.patient = patients[0] ? this.readSlot(patients[0]) as Patient : undefined;
    if (patients.length > 1) this.note({ resourceType: 'Patient', problem: `resources: ${patients.length}; the first is used` });
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
      record.note({ problem: 'input is not a FHIR Bundle' });
      return record;
    }
    const record = new PatientRecord(bundleEntries(value.entry), options);
    if (value.entry !== undefined && !Array.isArray(value.entry)) record.note({ resourceType: 'Bundle', problem: 'entry is not an array' });
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
    for (const line of bad) record.note({ problem: `line ${line} is not JSON` });
    return record;
  }

  /** An issue of the input as a whole (after every entry's): listed last, in the order noted. */
  private note(issue: RecordIssue): void {
    this.found.push({ ...issue, ordinal: NOT_YET });
  }

  private add(value: unknown, fullUrl: string | undefined): void {
    const ordinal = this.ordinal++;
    const head = resourceHead(value, fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice('urn:uuid:'.length) : undefined);
    if ('problem' in head) {
      this.found.push(head.resourceType
        ? { resourceType: head.resourceType, problem: PROBLEM_AFTER_TYPE[head.problem] ?? head.problem, ordinal }
        : { problem: 'entry is not a FHIR resource', ordinal });
      return;
    }
    const reference = referenceTo({ resourceType: head.type, id: head.id });
    if (this.slotByReference.has(reference)) {
      this.found.push({ reference, resourceType: head.type, problem: 'duplicate; the first copy is used', ordinal });
      return;
    }
    const slot: Slot = { ordinal, type: head.type, id: head.id, reference, raw: head.value };
    this.slotByReference.set(reference, slot);
    if (fullUrl) this.slotByFullUrl.set(fullUrl, slot);
    let list = this.slotsByType.get(head.type);
    if (!list) this.slotsByType.set(head.type, (list = []));
    list.push(slot);
  }

  /** The resource the rules see, read through the trust boundary on first use (then the input is let go). */
  private readSlot(slot: Slot): Resource {
    if (slot.read) return slot.read;
    const { resource, ignored } = readHeaded({ type: slot.type, id: slot.id, value: slot.raw! });
    for (const path of ignored) this.ignored.set(path, (this.ignored.get(path) ?? 0) + 1);
    slot.read = resource;
    slot.raw = undefined;
    return resource;
  }

  private leaveOut(slot: Slot, problem: string): void {
    this.found.push({ reference: slot.reference, resourceType: slot.type, problem, ordinal: slot.ordinal });
  }

  /** An Observation's points (one per LOINC code of its value and of each component), indexed once. */
  private pointsOf(slot: Slot): ObservationPoint[] {
    if (slot.points) return slot.points;
    const observation = this.readSlot(slot) as Observation;
    const points: ObservationPoint[] = (slot.points = []);
    if (observation.status === ENTERED_IN_ERROR) return points;
    if (!observation.code || (!observation.code.coding?.length && !observation.code.text)) {
      this.leaveOut(slot, 'without code');
      return points;
    }
    const codes = loincCodes(observation.code);
    if (codes.length === 0) return points; // coded in another system only: not indexed by LOINC, nothing wrong
    const time = effectiveTime(observation);
    const timeMs = fhirTimeMs(time);
    if (timeMs === undefined) {
      this.leaveOut(slot, 'without a usable effective time');
      return points;
    }
    const hasValue = VALUE_FIELDS.some((field) => (observation as unknown as Record<string, unknown>)[field] !== undefined);
    const components = observation.component ?? [];
    if (!hasValue && components.length === 0) {
      if (!observation.dataAbsentReason) this.leaveOut(slot, 'without a value');
      return points;
    }
    const base: PointBase = { observation, reference: slot.reference, time: time!, timeMs };
    if (hasValue) this.addPoints(points, slot, base, codes, observation.valueQuantity, undefined);
    components.forEach((component, index) => {
      const componentCodes = loincCodes(component.code);
      if (componentCodes.length > 0 && component.valueQuantity !== undefined) this.addPoints(points, slot, base, componentCodes, component.valueQuantity, index);
    });
    return points;
  }

  /** One point per LOINC code of the value, each normalized to that code's canonical unit. */
  private addPoints(
    points: ObservationPoint[], slot: Slot, base: PointBase, codes: string[], quantity: Observation['valueQuantity'], component: number | undefined,
  ): void {
    if (quantity === undefined) {
      for (const loinc of codes) points.push(component !== undefined ? { ...base, component, loinc } : { ...base, loinc });
      return;
    }
    if (typeof quantity.value !== 'number') {
      this.leaveOut(slot, 'with a malformed quantity');
      return;
    }
    for (const loinc of codes) {
      const normalized = normalizeQuantity(loinc, quantity.value, quantity.code ?? quantity.unit);
      if ('problem' in normalized) {
        this.leaveOut(slot, `with ${normalized.problem}`);
        continue;
      }
      const point: ObservationPoint = { ...base, loinc, value: normalized.value, unit: normalized.unit };
      if (component !== undefined) point.component = component;
      points.push(point);
    }
  }

  /** The Observations that may carry a LOINC code, in input order: found from the input as it came, so only those are read. */
  private observationSlotsFor(loinc: string): readonly Slot[] {
    if (!this.observationSlots) {
      this.observationSlots = new Map();
      for (const slot of this.slotsByType.get('Observation') ?? []) {
        for (const code of rawObservationCodes((slot.read ?? slot.raw) as Record<string, unknown>)) {
          let slots = this.observationSlots.get(code);
          if (!slots) this.observationSlots.set(code, (slots = []));
          slots.push(slot);
        }
      }
    }
    return this.observationSlots.get(loinc) ?? [];
  }

  /** The points of one LOINC code, oldest first (input order among equal times), indexed on first ask. */
  private pointsFor(loinc: string): ObservationPoint[] {
    const known = this.pointsByCode.get(loinc);
    if (known) return known;
    const points = this.observationSlotsFor(loinc).flatMap((slot) => this.pointsOf(slot).filter((p) => p.loinc === loinc));
    points.sort((a, b) => a.timeMs - b.timeMs);
    this.pointsByCode.set(loinc, points);
    return points;
  }

  private indexConditions(): Map<string, Condition[]> {
    if (this.conditionIndex) return this.conditionIndex;
    const index = (this.conditionIndex = new Map());
    for (const slot of this.slotsByType.get('Condition') ?? []) {
      const condition = this.readSlot(slot) as Condition;
      if (isEnteredInError(condition)) continue;
      const keys = new Set((condition.code?.coding ?? []).map((c) => codingKey(c.system, c.code)).filter((k): k is string => Boolean(k)));
      if (keys.size === 0) {
        this.leaveOut(slot, 'without a coded diagnosis');
        continue;
      }
      for (const key of keys) {
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push(condition);
      }
    }
    return index;
  }

  /** Every resource read, and every Observation and Condition indexed: what the issues describe in full. */
  private readEverything(): void {
    if (this.everythingRead) return;
    for (const type of this.slotsByType.keys()) this.ownOfType(type);
    for (const slot of this.slotsByType.get('Observation') ?? []) this.pointsOf(slot);
    this.everythingRead = true;
  }

  /** Entries and resources left out of the indexes, each with why, in input order (reads the whole record). */
  get issues(): readonly RecordIssue[] {
    this.readEverything();
    return this.issuesFound();
  }

  private issuesFound(): RecordIssue[] {
    return [...this.found].sort((a, b) => a.ordinal - b.ordinal).map(({ ordinal: _, ...issue }) => issue);
  }

  /** Fields of the wrong type or value that were ignored (`Condition.code.coding`), with how often (reads the whole record). */
  get ignoredFields(): ReadonlyMap<string, number> {
    this.readEverything();
    return this.ignored;
  }

  /** This record's own resources of a type, read. */
  private ownOfType(type: string): Resource[] {
    let read = this.readTypes.get(type);
    if (!read) {
      read = (this.slotsByType.get(type) ?? []).map((slot) => this.readSlot(slot));
      this.readTypes.set(type, read);
      if (type === 'Condition') this.indexConditions();
    }
    return read;
  }

  /** Every resource of a type, in input order. */
  byType<T extends FhirResource['resourceType']>(type: T): ReadonlyArray<ResourceOf<T>> {
    const own = this.ownOfType(type);
    const shared = this.shared?.byType(type) ?? [];
    if (shared.length === 0) return own as unknown as ReadonlyArray<ResourceOf<T>>;
    let both = this.withShared.get(type);
    if (!both) this.withShared.set(type, (both = [...own, ...shared]));
    return both as unknown as ReadonlyArray<ResourceOf<T>>;
  }

  types(): string[] {
    return [...this.slotsByType.keys()];
  }

  get size(): number {
    let n = 0;
    for (const list of this.slotsByType.values()) n += list.length;
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
    const slot = this.slotByFullUrl.get(url);
    return slot ? this.readSlot(slot) : this.shared?.resolveFullUrl(url);
  }

  private resolveHere(parsed: Exclude<ParsedReference, { kind: 'contained' }>): Resource | undefined {
    let slot: Slot | undefined;
    switch (parsed.kind) {
      case 'urn':
        slot = this.slotByFullUrl.get(parsed.urn);
        break;
      case 'relative':
        slot = this.slotByReference.get(`${parsed.type}/${parsed.id}`);
        break;
      case 'absolute':
        slot = this.slotByFullUrl.get(parsed.url) ?? (parsed.type ? this.slotByReference.get(`${parsed.type}/${parsed.id}`) : undefined);
    }
    return slot ? this.readSlot(slot) : undefined;
  }

  /** The days around the last window asked about (surelyOutside), as `YYYY-MM-DD`. */
  private windowDays: { startMs: number; endMs: number; before: string; after: string } | undefined;

  /**
   * The days two before and three after the window, as `YYYY-MM-DD` (a time zone moves an instant by at most
   * 14 hours: a time string whose day is outside them is outside the window); kept for the last window asked.
   */
  private daysAround(startMs: number, endMs: number): { startMs: number; endMs: number; before: string; after: string } | undefined {
    const days = this.windowDays;
    if (days && days.startMs === startMs && days.endMs === endMs) return days;
    // Four-digit years only: the strings compared are FHIR's `YYYY-MM-DD...`.
    const day = (ms: number) => (Number.isFinite(ms) && ms > Date.UTC(1000, 0, 1) && ms < Date.UTC(9999, 0, 1) ? utcDay(ms) : undefined);
    const [before, after] = [day(startMs - 2 * DAY_MS), day(endMs + 3 * DAY_MS)];
    if (before === undefined || after === undefined) return undefined;
    return (this.windowDays = { startMs, endMs, before, after });
  }

  /**
   * Whether none of the slot's times can touch [startMs, endMs], told from the strings as they came, without
   * parsing them: every time field is absent, not a string, or a full date or date-time whose day is at least
   * two days before the window or three after it (a time zone moves an instant by at most 14 hours). False
   * when it cannot be told so cheaply (a partial date, an odd string): then the times are worked out.
   */
  private surelyOutside(slot: Slot, startMs: number, endMs: number): boolean {
    const fields = TIME_FIELDS.get(slot.type);
    if (!fields) return false;
    const days = this.daysAround(startMs, endMs);
    if (!days) return false;
    // daysAround hands out one object per window: the slot was found outside this very window.
    if (slot.outside === days) return true;
    const value = (slot.read ?? slot.raw) as Record<string, unknown>;
    for (const [field, part] of fields) {
      const time = timeField(value, field, part);
      if (typeof time !== 'string') continue;
      if (!FULL_DATE.test(time)) return false;
      // Compared as strings: a longer string with the same first ten characters sorts after its day.
      if (time >= days.before && time < days.after) return false;
    }
    slot.outside = days;
    return true;
  }

  /** The slot's times (TIME_FIELDS); undefined for a type without them. */
  private timesOf(slot: Slot): ReadonlyArray<readonly [number, number]> | undefined {
    const fields = TIME_FIELDS.get(slot.type);
    if (!fields) return undefined;
    return (slot.times ??= timeRanges(fields, (slot.read ?? slot.raw) as Record<string, unknown>));
  }

  /** Whether one of the slot's times touches [startMs, endMs]; true for a type without TIME_FIELDS. */
  private touches(slot: Slot, startMs: number, endMs: number): boolean {
    if (slot.times === undefined && this.surelyOutside(slot, startMs, endMs)) return false;
    const times = this.timesOf(slot);
    return times === undefined || times.some(([first, last]) => first <= endMs && last >= startMs);
  }

  /**
   * The resources of a type some time of which touches [startMs, endMs], in input order, read: only those are.
   * A superset of any test of the window by the type's time fields (TIME_FIELDS), which the caller still
   * makes; a resource without a usable time is not among them. Types without time fields: byType().
   */
  during<T extends FhirResource['resourceType']>(type: T, startMs: number, endMs: number): Array<ResourceOf<T>> {
    if (!TIME_FIELDS.has(type)) return [...this.byType(type)];
    const key = `${type}|${startMs}|${endMs}`;
    let found = this.resourcesDuring.get(key);
    if (!found) {
      const own = (this.slotsByType.get(type) ?? []).filter((slot) => this.touches(slot, startMs, endMs)).map((slot) => this.readSlot(slot));
      this.resourcesDuring.set(key, (found = [...own, ...(this.shared?.during(type, startMs, endMs) ?? [])]));
    }
    return [...found] as unknown as Array<ResourceOf<T>>;
  }

  /**
   * The Encounters whose period may overlap [startMs, endMs], in input order, read: only those are. A superset
   * of the test a stay's review makes (its start at or before the end of the window, its end, or else its
   * start, at or after the start of the window), told from the period's strings as they came where they are
   * full dates days away from the window (as surelyOutside does), so a long history of visits is not read.
   */
  encountersOverlapping(startMs: number, endMs: number): Encounter[] {
    const days = this.daysAround(startMs, endMs);
    const own = (this.slotsByType.get('Encounter') ?? []).filter((slot) => {
      if (!days) return true;
      const period = ((slot.read ?? slot.raw) as Record<string, unknown>).period;
      if (typeof period !== 'object' || period === null) return false; // no start: never in a review by its period
      const { start, end } = period as Record<string, unknown>;
      if (typeof start !== 'string') return false;
      if (!FULL_DATE.test(start) || (typeof end === 'string' && !FULL_DATE.test(end))) return true;
      // The end read is the period's end when valid, else its start: both before the window, or the start after it.
      const last = typeof end === 'string' && end > start ? end : start;
      return !(start >= days.after || last < days.before);
    }).map((slot) => this.readSlot(slot) as Encounter);
    return [...own, ...(this.shared?.encountersOverlapping(startMs, endMs) ?? [])];
  }

  /**
   * The resources of a type whose read `field` is present, in input order: only those whose JSON has the field
   * at all are read (reading renames no field and adds none), for a caller that looks only at those
   * (Encounter.diagnosis), without reading a whole history.
   */
  having<T extends FhirResource['resourceType']>(type: T, field: string): Array<ResourceOf<T>> {
    // Reading may drop a field of the wrong type (`"component": null`): kept only when the read resource has it.
    const own = (this.slotsByType.get(type) ?? [])
      .filter((slot) => ((slot.read ?? slot.raw) as Record<string, unknown>)[field] !== undefined)
      .map((slot) => this.readSlot(slot))
      .filter((resource) => (resource as unknown as Record<string, unknown>)[field] !== undefined);
    return [...own, ...(this.shared?.having(type, field) ?? [])] as unknown as Array<ResourceOf<T>>;
  }

  /** Observation points for the LOINC codes timed between startMs and endMs (inclusive), oldest first; only those Observations are read. */
  observationsDuring(startMs: number, endMs: number, ...loinc: string[]): ObservationPoint[] {
    const key = `${startMs}|${endMs}|${loinc.join(',')}`;
    const known = this.pointsDuring.get(key);
    if (known) return [...known];
    const seen = new Set<ObservationPoint['observation']>();
    const found: ObservationPoint[] = [];
    for (const code of loinc) {
      const all = this.pointsByCode.get(code);
      // An Observation with no usable time is read too, though it has no point: reading it sets it aside, said.
      const candidates = all ?? (this.observationSlotsFor(code).filter((slot) => this.touches(slot, startMs, endMs) || this.timesOf(slot)!.length === 0)
        .flatMap((slot) => this.pointsOf(slot).filter((p) => p.loinc === code)));
      for (const point of candidates) {
        if (point.timeMs < startMs || point.timeMs > endMs) continue;
        // One Observation coded with two of the asked codes counts once.
        if (point.component === undefined && seen.has(point.observation)) continue;
        seen.add(point.observation);
        found.push(point);
      }
    }
    found.sort((a, b) => a.timeMs - b.timeMs);
    this.pointsDuring.set(key, found);
    return [...found];
  }

  /** Observation points for one or more LOINC codes, oldest first. */
  observations(...loinc: string[]): readonly ObservationPoint[] {
    if (loinc.length === 1) return this.pointsFor(loinc[0]!);
    const seen = new Set<ObservationPoint['observation']>();
    const merged: ObservationPoint[] = [];
    for (const code of loinc) {
      for (const point of this.pointsFor(code)) {
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
    return this.indexConditions().get(codingKey(system, code)!) ?? [];
  }

  /** Conditions with an ICD-10-CM code starting with the prefix (`E87.1`, `N18`, `e871` all work). */
  conditionsWithIcd10Prefix(prefix: string): Condition[] {
    const wanted = `${SYSTEM.ICD10CM}|${undottedIcd10(prefix)}`;
    const found = new Set<Condition>();
    for (const [key, conditions] of this.indexConditions()) {
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

  /**
   * How many diagnoses (Conditions, and Claim/EOB diagnosis lines) are coded in the system: e.g. ICD-10-CM.
   * Counted on what reading keeps (a coding object whose system, canonicalized, is this one) without reading
   * the resources, so asking costs a population audit nothing it would not read anyway.
   */
  diagnosesCodedIn(system: string): number {
    const listed = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
    const inConcept = (concept: unknown) => isObject(concept) && listed(concept.coding).some((c) =>
      isObject(c) && typeof c.system === 'string' && canonicalSystem(c.system) === system);
    const valueOf = (slot: Slot) => (slot.read ?? slot.raw) as unknown as Record<string, unknown>;
    let n = 0;
    for (const slot of this.slotsByType.get('Condition') ?? []) if (inConcept(valueOf(slot).code)) n++;
    for (const type of ['Claim', 'ExplanationOfBenefit']) {
      for (const slot of this.slotsByType.get(type) ?? []) {
        for (const d of listed(valueOf(slot).diagnosis)) if (isObject(d) && inConcept(d.diagnosisCodeableConcept)) n++;
      }
    }
    return n + (this.shared?.diagnosesCodedIn(system) ?? 0);
  }

  /** Issues counted by problem, for display and benchmarks (reads the whole record). */
  issueCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const issue of this.issues) {
      const key = issue.resourceType ? `${issue.resourceType} ${issue.problem}` : issue.problem;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Resources left out of the indexes, counted by type and reason (no patient data: types and reasons only):
   * of the whole record (read in full first), or, for a population audit, of what the review read.
   */
  setAside(scope: SetAsideScope = 'all'): Array<{ resourceType: string; problem: string; count: number }> {
    const counts = new Map<string, { resourceType: string; problem: string; count: number }>();
    for (const { resourceType = 'entry', problem } of scope === 'all' ? this.issues : this.issuesFound()) {
      const key = `${resourceType}|${problem}`;
      const found = counts.get(key);
      if (found) found.count++;
      else counts.set(key, { resourceType, problem, count: 1 });
    }
    return [...counts.values()];
  }
}
