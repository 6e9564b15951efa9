/**
 * The trust boundary: every resource Clarify reads is untrusted JSON. `readResource` turns one into a
 * resource of the R4 shape the rules rely on, field by field, for the types and fields Clarify reads:
 *
 * - A field of the wrong JSON type (a number as a code, `code.coding` not an array, a `null` coding, an
 *   object where a string belongs) is left out and its path noted; the rest of the resource is kept.
 * - Only the fields named below are copied, onto plain objects, so nothing downstream meets a key such as
 *   `__proto__`, `constructor` or `toString` from the input; the input is never mutated.
 * - Older shapes are read by meaning (DSTU2/STU3 servers and Synthea's 2019 exports): string
 *   `clinicalStatus`/`verificationStatus`, `context` for `encounter`, `assertedDate`/`dateRecorded` for
 *   `recordedDate`, `patient` for `subject`, STU3 Dosage `doseQuantity`/`rateQuantity`, `notGiven`/
 *   `notPerformed`, a DSTU2 string Encounter.class, STU3 DocumentReference `indexed`/`class` and a lone
 *   `context.encounter`, DSTU2/STU3 Binary `content`, and code-system URIs of older releases or OIDs
 *   (terminology/systems.ts).
 * - A status that cannot be read is left out: unknown, which is never weaker than absent.
 * - Dates must be FHIR dates (fhir-dates.ts); an invalid one is left out and noted.
 * Types the rules do not read (Task, AllergyIntolerance, ...) keep their fields as they came, behind a
 * checked `resourceType` and `id`.
 * https://hl7.org/fhir/R4/json.html ; https://hl7.org/fhir/R4/condition.html (R3/R2 maps)
 */
import type { Resource } from 'fhir/r4';
import { canonicalSystem, SYSTEM } from '../terminology/systems';
import { isFhirDateTime } from './fhir-dates';
import { displayableText } from './text';

/** What reading one resource left out: the paths of fields of the wrong type or value. */
interface Reading {
  ignored: Set<string>;
  /** The field names from the resource down to the value being read; joined only when a field is left out. */
  path: string[];
}

type Reader = (value: unknown, reading: Reading) => unknown;
type Fields = Readonly<Record<string, Reader>>;

/** Codes in any code system Clarify meets are short; a longer "code" is not one (and would cost time). */
export const MAX_CODE_LENGTH = 256;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function ignore(reading: Reading): undefined {
  reading.ignored.add(reading.path.join('.'));
  return undefined;
}

const string: Reader = (value, reading) => (typeof value === 'string' ? displayableText(value) : ignore(reading));
const code: Reader = (value, reading) =>
  typeof value === 'string' && value.length <= MAX_CODE_LENGTH ? value : ignore(reading);
const boolean: Reader = (value, reading) => (typeof value === 'boolean' ? value : ignore(reading));
const decimal: Reader = (value, reading) =>
  typeof value === 'number' && Number.isFinite(value) ? value : ignore(reading);
const integer: Reader = (value, reading) => (Number.isSafeInteger(value) ? value : ignore(reading));
const dateTime: Reader = (value, reading) => (isFhirDateTime(value) ? value : ignore(reading));
const system: Reader = (value, reading) => (typeof value === 'string' ? canonicalSystem(value) : ignore(reading));

/** A complex value: only the named fields, each read by its reader; undefined when nothing usable is left. */
function object(fields: Fields): Reader {
  // Looked up by the input's own keys (usually far fewer than the schema's); a Map, so no key is special.
  const readers = new Map(Object.entries(fields));
  return (value, reading) => {
    if (!isObject(value)) return ignore(reading);
    let out: Record<string, unknown> | undefined;
    for (const name in value) {
      const reader = readers.get(name);
      if (reader === undefined || !Object.hasOwn(value, name)) continue;
      const field = value[name];
      if (field === undefined) continue;
      reading.path.push(name);
      const read = reader(field, reading);
      reading.path.pop();
      if (read !== undefined) (out ??= {})[name] = read;
    }
    return out;
  };
}

/** A repeating field: unusable items are dropped; a lone item where an array belongs is read as one. */
function array(item: Reader): Reader {
  return (value, reading) => {
    if (!Array.isArray(value)) {
      if (!isObject(value) && typeof value !== 'string') return ignore(reading);
      ignore(reading);
      const read = item(value, reading);
      return read === undefined ? undefined : [read];
    }
    let out: unknown[] | undefined;
    for (const element of value) {
      const read = element === null || element === undefined ? ignore(reading) : item(element, reading);
      if (read !== undefined) (out ??= []).push(read);
    }
    return out;
  };
}

// ---- Data types (https://hl7.org/fhir/R4/datatypes.html) ------------------------------------------------

const coding = object({ system, version: string, code, display: string, userSelected: boolean });
const codeableConcept = object({ coding: array(coding), text: string });
const concepts = array(codeableConcept);
const period = object({ start: dateTime, end: dateTime });
const identifier = object({ use: code, type: codeableConcept, system, value: string, period });
const reference = object({ reference: string, type: code, display: string, identifier });
const references = array(reference);
const quantity = object({ value: decimal, comparator: code, unit: string, system, code });
const range = object({ low: quantity, high: quantity });
const ratio = object({ numerator: quantity, denominator: quantity });
const humanName = object({
  use: code, text: string, family: string, given: array(string), prefix: array(string), suffix: array(string), period,
});
const annotation = object({ text: string, time: dateTime, authorString: string, authorReference: reference });
const meta = object({ versionId: string, lastUpdated: dateTime, source: string, profile: array(string), tag: array(coding) });
const referenceRange = array(object({ low: quantity, high: quantity, type: codeableConcept, text: string }));

/**
 * An attachment (a note's text, inline or by url). `data` is base64 and `url` an address: both kept as
 * written (no text clean-up), read as notes only by src/notes/clinical-notes.ts.
 */
const rawString: Reader = (value, reading) => (typeof value === 'string' ? value : ignore(reading));
const attachment = object({
  contentType: code, language: code, data: rawString, url: rawString, size: integer, title: string, creation: dateTime,
});

const doseAndRate = object({ type: codeableConcept, doseQuantity: quantity, doseRange: range, rateQuantity: quantity, rateRange: range, rateRatio: ratio });
const dosage = object({
  sequence: integer, text: string, asNeededBoolean: boolean, route: codeableConcept, method: codeableConcept, site: codeableConcept,
  doseAndRate: array(doseAndRate),
});

// ---- Older shapes, read by meaning ------------------------------------------------------------------------

const CLINICAL_STATUSES = new Set(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']);
const VERIFICATION_STATUSES = new Set(['unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered-in-error']);

/**
 * A Condition status: R4 CodeableConcept or STU3/DSTU2 string. Only codes of the status value set are
 * kept; a status with none (STU3 `unknown`, free text, a number) is left out: unknown reads as absent.
 */
function conditionStatus(statuses: ReadonlySet<string>, statusSystem: string): Reader {
  return (value, reading) => {
    const concept = typeof value === 'string' ? { coding: [{ system: statusSystem, code: value.trim() }] } : codeableConcept(value, reading);
    const codings = ((concept as { coding?: Array<{ system?: string; code?: string }> } | undefined)?.coding ?? [])
      .filter((c) => typeof c.code === 'string' && statuses.has(c.code) && (c.system === undefined || c.system === statusSystem));
    if (codings.length === 0) return ignore(reading);
    return { coding: codings.map((c) => ({ system: statusSystem, code: c.code })) };
  };
}

/** DSTU2 Encounter.class was a code; R4 a v3 ActCode Coding. http://hl7.org/fhir/DSTU2/valueset-encounter-class.html */
const DSTU2_ENCOUNTER_CLASS = new Map([
  ['inpatient', 'IMP'], ['outpatient', 'AMB'], ['ambulatory', 'AMB'], ['emergency', 'EMER'], ['home', 'HH'],
  ['field', 'FLD'], ['daytime', 'SS'], ['virtual', 'VR'],
]);
const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const encounterClass: Reader = (value, reading) => {
  if (typeof value !== 'string') return coding(value, reading);
  const mapped = DSTU2_ENCOUNTER_CLASS.get(value.trim().toLowerCase());
  return mapped ? { system: V3_ACT_CODE, code: mapped } : ignore(reading);
};

/** Renamed fields: the older name is read when the R4 one is absent. */
const RENAMED: ReadonlyMap<string, ReadonlyArray<readonly [older: string, r4: string]>> = new Map(Object.entries({
  Condition: [['context', 'encounter'], ['assertedDate', 'recordedDate'], ['dateRecorded', 'recordedDate'], ['patient', 'subject']],
  Observation: [['context', 'encounter']],
  MedicationRequest: [['context', 'encounter']],
  Procedure: [['context', 'encounter'], ['patient', 'subject']],
  DiagnosticReport: [['context', 'encounter']],
  ServiceRequest: [['context', 'encounter']],
  Encounter: [['patient', 'subject']],
  // STU3 DocumentReference: `indexed` (when the document was indexed) and `class`; DSTU2/STU3 Binary `content`.
  DocumentReference: [['indexed', 'date'], ['class', 'category']],
  Binary: [['content', 'data']],
  MedicationAdministration: [['patient', 'subject']],
}));

// ---- Resources Clarify reads --------------------------------------------------------------------------

const contained: Reader = array((item, reading) => readContained(item, reading));
const base: Fields = { id: string, meta, contained };

const RESOURCE_FIELDS: Readonly<Record<string, Fields>> = {
  Patient: {
    ...base, identifier: array(identifier), active: boolean, name: array(humanName), gender: code, birthDate: dateTime,
    deceasedBoolean: boolean, deceasedDateTime: dateTime, generalPractitioner: references,
  },
  Encounter: {
    ...base, status: code, class: encounterClass, type: concepts, serviceType: codeableConcept, priority: codeableConcept,
    subject: reference, period, reasonCode: concepts, reasonReference: references,
    participant: array(object({ type: concepts, period, individual: reference })),
    diagnosis: array(object({ condition: reference, use: codeableConcept, rank: integer })),
    hospitalization: object({ admitSource: codeableConcept, dischargeDisposition: codeableConcept }),
    location: array(object({ location: reference, status: code, period })), serviceProvider: reference, partOf: reference,
  },
  Condition: {
    ...base,
    clinicalStatus: conditionStatus(CLINICAL_STATUSES, SYSTEM.CONDITION_CLINICAL),
    verificationStatus: conditionStatus(VERIFICATION_STATUSES, SYSTEM.CONDITION_VERIFICATION),
    category: concepts, severity: codeableConcept, code: codeableConcept, bodySite: concepts, subject: reference, encounter: reference,
    onsetDateTime: dateTime, onsetPeriod: period, onsetString: string, abatementDateTime: dateTime, abatementPeriod: period,
    abatementBoolean: boolean, abatementString: string, recordedDate: dateTime, recorder: reference, asserter: reference,
    stage: array(object({ summary: codeableConcept, type: codeableConcept })), note: array(annotation),
  },
  Observation: {
    ...base, status: code, category: concepts, code: codeableConcept, subject: reference, encounter: reference,
    effectiveDateTime: dateTime, effectivePeriod: period, effectiveInstant: dateTime, issued: dateTime, performer: references,
    valueQuantity: quantity, valueCodeableConcept: codeableConcept, valueString: string, valueBoolean: boolean, valueInteger: integer,
    valueRange: range, valueRatio: ratio, valueTime: string, valueDateTime: dateTime, valuePeriod: period,
    dataAbsentReason: codeableConcept, interpretation: concepts, bodySite: codeableConcept, method: codeableConcept,
    referenceRange, hasMember: references, derivedFrom: references, note: array(annotation),
    component: array(object({
      code: codeableConcept, valueQuantity: quantity, valueCodeableConcept: codeableConcept, valueString: string, valueBoolean: boolean,
      valueInteger: integer, valueRange: range, dataAbsentReason: codeableConcept, interpretation: concepts, referenceRange,
    })),
  },
  MedicationRequest: {
    ...base, status: code, intent: code, category: concepts, priority: code, doNotPerform: boolean,
    medicationCodeableConcept: codeableConcept, medicationReference: reference, subject: reference, encounter: reference,
    authoredOn: dateTime, requester: reference, reasonCode: concepts, reasonReference: references, dosageInstruction: array(dosage),
    dispenseRequest: object({ validityPeriod: period }), note: array(annotation),
  },
  MedicationAdministration: {
    ...base, status: code, category: codeableConcept, medicationCodeableConcept: codeableConcept, medicationReference: reference,
    subject: reference, context: reference, effectiveDateTime: dateTime, effectivePeriod: period, performer: array(object({ actor: reference })),
    reasonCode: concepts, reasonReference: references, request: reference,
    dosage: object({ text: string, site: codeableConcept, route: codeableConcept, method: codeableConcept, dose: quantity, rateQuantity: quantity, rateRatio: ratio }),
  },
  Medication: {
    ...base, code: codeableConcept, status: code, form: codeableConcept,
    ingredient: array(object({ itemCodeableConcept: codeableConcept, itemReference: reference, isActive: boolean, strength: ratio })),
  },
  Procedure: {
    ...base, status: code, category: codeableConcept, code: codeableConcept, subject: reference, encounter: reference,
    performedDateTime: dateTime, performedPeriod: period, performedString: string, reasonCode: concepts, reasonReference: references,
    bodySite: concepts, note: array(annotation),
  },
  DiagnosticReport: {
    ...base, status: code, category: concepts, code: codeableConcept, subject: reference, encounter: reference,
    effectiveDateTime: dateTime, effectivePeriod: period, issued: dateTime, result: references, conclusion: string, conclusionCode: concepts,
    presentedForm: array(attachment), performer: references, resultsInterpreter: references,
  },
  DocumentReference: {
    ...base, status: code, docStatus: code, type: codeableConcept, category: concepts, subject: reference, date: dateTime,
    author: references, authenticator: reference, description: string, relatesTo: array(object({ code, target: reference })),
    content: array(object({ attachment, format: coding })),
    // STU3 context.encounter was one Reference; the array reader takes a lone one as a list of one.
    context: object({ encounter: references, period, facilityType: codeableConcept, practiceSetting: codeableConcept }),
  },
  Binary: { ...base, contentType: code, securityContext: reference, data: rawString },
  ServiceRequest: {
    ...base, status: code, intent: code, category: concepts, code: codeableConcept, subject: reference, encounter: reference,
    occurrenceDateTime: dateTime, occurrencePeriod: period, authoredOn: dateTime, reasonCode: concepts, reasonReference: references,
  },
  Practitioner: { ...base, identifier: array(identifier), active: boolean, name: array(humanName) },
  RelatedPerson: { ...base, active: boolean, patient: reference, name: array(humanName) },
  PractitionerRole: { ...base, active: boolean, practitioner: reference, organization: reference, code: concepts, specialty: concepts },
  CareTeam: {
    ...base, status: code, category: concepts, subject: reference, encounter: reference, period,
    participant: array(object({ role: concepts, member: reference, onBehalfOf: reference, period })),
  },
};

const claimDiagnosis = object({
  sequence: integer, diagnosisCodeableConcept: codeableConcept, diagnosisReference: reference, type: concepts,
  onAdmission: codeableConcept, packageCode: codeableConcept,
});
const claimFields: Fields = {
  ...base, status: code, type: codeableConcept, use: code, patient: reference, billablePeriod: period, created: dateTime,
  provider: reference, diagnosis: array(claimDiagnosis),
  procedure: array(object({ sequence: integer, procedureCodeableConcept: codeableConcept, procedureReference: reference, date: dateTime })),
  item: array(object({
    sequence: integer, encounter: references, productOrService: codeableConcept, servicedDate: dateTime, servicedPeriod: period,
    diagnosisSequence: array(integer),
  })),
};
const READERS: ReadonlyMap<string, Reader> = new Map([
  ...Object.entries(RESOURCE_FIELDS).map(([type, fields]) => [type, object(fields)] as const),
  ['Claim', object(claimFields)],
  ['ExplanationOfBenefit', object({ ...claimFields, claim: reference, outcome: code })],
]);

/** Older-release fields upgraded in place on a shallow copy, before the R4 fields are read. */
function upgrade(type: string, value: Record<string, unknown>): Record<string, unknown> {
  let out = value;
  const copy = () => (out === value ? (out = { ...value }) : out);
  for (const [older, r4] of RENAMED.get(type) ?? []) {
    if (Object.hasOwn(value, older) && !Object.hasOwn(value, r4)) copy()[r4] = value[older];
  }
  if ((type === 'MedicationAdministration' && value.notGiven === true) || (type === 'Procedure' && value.notPerformed === true)) {
    copy().status = 'not-done';
  }
  if (type === 'MedicationRequest' && Array.isArray(value.dosageInstruction)) {
    // STU3 Dosage carried doseQuantity/rateQuantity itself; R4 moved them into doseAndRate.
    copy().dosageInstruction = value.dosageInstruction.map((d: unknown) =>
      isObject(d) && !Object.hasOwn(d, 'doseAndRate') && (Object.hasOwn(d, 'doseQuantity') || Object.hasOwn(d, 'rateQuantity'))
        ? { ...d, doseAndRate: [{ doseQuantity: d.doseQuantity, rateQuantity: d.rateQuantity }] }
        : d);
  }
  return out;
}

const NOTHING_IGNORED: readonly string[] = Object.freeze([]);

export type ReadOutcome =
  | { resource: Resource; ignored: readonly string[] }
  | { problem: string; resourceType?: string };

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
/**
 * FHIR ids are `[A-Za-z0-9\-.]{1,64}`; servers and exports in the wild stray from that (colons, underscores,
 * longer ids), and such a resource is still the patient's. Only what cannot name a resource is refused.
 */
const ID = /^[^\s/\p{Cc}]{1,256}$/u;

/** What every resource must have before anything else of it is read: an object, a resourceType and an id. */
export type ResourceHead =
  | { type: string; id: string; value: Record<string, unknown> }
  | { problem: string; resourceType?: string };

/**
 * The checks readResource starts with, alone: cheap, so a record can take in a resource at once and read the
 * rest of it only when asked (patient-record.ts). `fallbackId` names a resource that has none (a transaction
 * Bundle entry known by its `urn:uuid:` fullUrl).
 */
export function resourceHead(value: unknown, fallbackId?: string): ResourceHead {
  if (!isObject(value)) return { problem: 'not a JSON object' };
  const type = value.resourceType;
  if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) return { problem: 'no resourceType' };
  const rawId = Object.hasOwn(value, 'id') ? value.id : undefined;
  if (rawId !== undefined && (typeof rawId !== 'string' || !ID.test(rawId))) return { problem: 'id is not a FHIR id', resourceType: type };
  const id = rawId ?? fallbackId;
  if (id === undefined) return { problem: 'no id', resourceType: type };
  return { type, id, value };
}

/** The rest of a resource whose head passed: never fails. */
export function readHeaded({ type, id, value }: Extract<ResourceHead, { type: string }>): { resource: Resource; ignored: readonly string[] } {
  const reader = READERS.get(type);
  if (!reader) {
    // Not read by the rules: kept as it came, with its checked type and id.
    return { resource: { ...value, resourceType: type, id } as Resource, ignored: NOTHING_IGNORED };
  }
  const reading: Reading = { ignored: new Set(), path: [type] };
  // The reader's output is a fresh object of ours: it takes the checked type and id in place.
  const read = (reader(upgrade(type, value), reading) ?? {}) as Record<string, unknown>;
  read.resourceType = type;
  read.id = id;
  return { resource: read as unknown as Resource, ignored: reading.ignored.size > 0 ? [...reading.ignored] : NOTHING_IGNORED };
}

/**
 * One untrusted JSON value read as a FHIR resource, or the reason it cannot be used. `fallbackId` names a
 * resource that has none (a transaction Bundle entry known by its `urn:uuid:` fullUrl).
 */
export function readResource(value: unknown, fallbackId?: string): ReadOutcome {
  const head = resourceHead(value, fallbackId);
  return 'problem' in head ? head : readHeaded(head);
}

/** A contained resource (e.g. the Medication of an order), read like any other; unusable ones are dropped. */
function readContained(value: unknown, reading: Reading): unknown {
  // A contained resource cannot contain others (FHIR R4 §2.3.0.4): their nesting is not followed.
  const outcome = readResource(isObject(value) && Object.hasOwn(value, 'contained') ? { ...value, contained: undefined } : value);
  if ('problem' in outcome) return ignore(reading);
  const path = reading.path.join('.');
  for (const ignored of outcome.ignored) reading.ignored.add(`${path}.${ignored}`);
  return outcome.resource;
}

/** The value read as a resource of one of the types, or undefined when it is not one (or cannot be used). */
export function readResourceOf<T extends Resource>(
  value: unknown, types: ReadonlyArray<T['resourceType']>, { requireId = true } = {},
): T | undefined {
  // For display alone (a name, an MRN) a resource needs no id; '' marks one that had none.
  const outcome = readResource(value, requireId ? undefined : '');
  if (!('resource' in outcome) || !(types as readonly string[]).includes(outcome.resource.resourceType)) return undefined;
  if (outcome.resource.id === '') delete outcome.resource.id;
  return outcome.resource as T;
}
