/**
 * The FHIR writes of the query workflow (issue 10, items 1, 5 and 6; ../shared/DOMAIN.md §4), as transaction
 * Bundles for the gateway to send. Pure: no clock (the caller passes the times), no randomness (fullUrls are
 * derived from the query's identifier), no patient data in identifiers or URLs.
 *
 * Sending a query is one transaction (FHIR R4 http.html#transaction), every POST conditional, so a retry
 * after a timeout never makes a second query (the gateway resends only such a Bundle):
 *
 * 1. DetectedIssue, the finding (the DEQM gaps-in-care pattern): POST, `ifNoneExist:
 *    identifier=FINDING_IDENTIFIER_SYSTEM|<finding id>` (one per finding; the finding id is derived from the
 *    patient, encounter and what the finding is about, so one per patient and finding). status preliminary,
 *    code CLARIFY_CODE.FINDING in Clarify's CodeSystem and the rule id in RULE_SYSTEM, patient,
 *    identifiedDateTime, author, implicated (the resource at fault, or the documented diagnosis the finding is
 *    about), evidence.detail (every resource the finding relied on), detail (its summary: facts, no conclusion).
 * 2. Task, the query (the Task pattern of HL7 SDC and Da Vinci CDex): POST, `ifNoneExist:
 *    identifier=QUERY_IDENTIFIER_SYSTEM|<identifier>`. status requested, intent order, code CLARIFY_CODE.QUERY,
 *    for, encounter, requester (the signed-in user), owner (the physician), authoredOn, lastModified,
 *    restriction.period.end (the due date), reasonReference (the DetectedIssue, with its identifier as a
 *    logical reference), focus (the Condition at fault or clarified, when there is one), the Questionnaire
 *    contained and the inputs exactly as fhir-draft.ts documents them (draftFromFhir reads them back).
 * 3. Provenance of the Task: target the Task, recorded, agent the author (type author), activity
 *    v3-DataOperation CREATE, entity the DetectedIssue (role source). POST, `ifNoneExist:
 *    target:Task.identifier=QUERY_IDENTIFIER_SYSTEM|<identifier>` (R4 Provenance has no identifier; a
 *    chained search on its target makes the create conditional on "no Provenance of this query yet").
 * 4. Provenance of the DetectedIssue (CREATE, target the DetectedIssue), conditional the same way on the
 *    finding's identifier: written with the DetectedIssue, skipped when the finding was already recorded.
 *
 * Cancelling is a PUT of the Task (status cancelled, never a delete: queries are discoverable and never
 * deleted, ACDIS) with If-Match on its version, and a Provenance (UPDATE).
 */
import type {
  Bundle, BundleEntry, DetectedIssue, FhirResource, Provenance, Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption, Reference, Task,
} from 'fhir/r4';
import type { Finding } from '../rules/index';
import { isFhirDateTime, parseFhirDateTime } from '../record/fhir-dates';
import { parseReference } from '../record/references';
import { SNOMED_TO_ICD10CM } from '../terminology/snomed-icd10cm';
import { CLARIFY_CODE, SYSTEM } from '../terminology/systems';
import {
  CLARIFY_SYSTEM, ESCAPE_CODES, escapeKind, yesNoAnswer, type QueryDraft, type QueryPurpose,
} from './draft';
import {
  CONTAINED_QUESTIONNAIRE_ID, INDICATOR_SOURCE_EXTENSION, OPTION_SNOMED_EXTENSION, QUERY_FORMAT_EXTENSION, QUERY_PURPOSE_EXTENSION,
  QUESTIONNAIRE_LINK_ID, SDC_TEMP_SYSTEM, TASK_INPUT, YES_NO_SYSTEM,
} from './fhir-draft';

/** Base of the URIs Clarify mints (identifier systems, code systems). */
export const CLARIFY_BASE = CLARIFY_SYSTEM.replace(/\/CodeSystem\/[^/]+$/, '');

/** Identifier.system of a DetectedIssue: the value is the finding's stable id (`f-` and 16 hex digits). */
export const FINDING_IDENTIFIER_SYSTEM = `${CLARIFY_BASE}/identifier/finding`;
/** Identifier.system of a query Task: the value is the business identifier made once per draft (a UUID). */
export const QUERY_IDENTIFIER_SYSTEM = `${CLARIFY_BASE}/identifier/query`;
/** CodeSystem of Clarify's rule ids (`electrolytes/hyponatremia`), the DetectedIssue's second coding. */
export const RULE_SYSTEM = `${CLARIFY_BASE}/CodeSystem/rule`;

/** HL7 v3 DataOperation: the activity of a Provenance. */
export const DATA_OPERATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
/** HL7 provenance participant type: the role of a Provenance agent. */
export const PROVENANCE_PARTICIPANT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/** A query's business identifier: a UUID or another opaque token (never patient data). */
const IDENTIFIER_FORM = /^[A-Za-z0-9][A-Za-z0-9\-.]{7,63}$/;
const FINDING_ID_FORM = /^[A-Za-z0-9][A-Za-z0-9\-.]{0,63}$/;
const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;

/** The title of a query by purpose: neutral, never the suspected diagnosis. */
export const QUERY_TITLES: Readonly<Record<QueryPurpose, string>> = {
  'clarification': 'Clarification query',
  'clinical-validation': 'Clinical validation query',
  'present-on-admission': 'Present-on-admission query',
  'conflicting-documentation': 'Conflicting documentation query',
  'confirm-documented': 'Documented diagnosis query',
};

/** A person a write names: `Type/id` and, when known, a name. */
export interface Party {
  reference: string;
  display?: string;
}

export interface QueryTransactionInput {
  finding: Finding;
  /** The draft as the technician leaves it (checkQuery found no blocking problem). */
  draft: QueryDraft;
  /** `Patient/<id>` */
  patient: string;
  /** `Encounter/<id>`, the launch encounter */
  encounter?: string;
  /** The signed-in user (fhirUser) */
  author: Party;
  /** The physician (recipient.ts, or the technician's choice) */
  recipient: Party;
  /** When the query is sent (FHIR dateTime with a zone, e.g. new Date().toISOString() by the caller) */
  authoredOn: string;
  /** Due date (FHIR date, YYYY-MM-DD): business-days.ts `dueDate(authoredOn)` by default */
  dueDate: string;
  /** The query's business identifier, made once per draft by the caller (a UUID) and kept across retries */
  identifier: string;
  /**
   * `DetectedIssue/<id>` of the finding as the EHR already holds it (a query sent before, a disposition): the
   * Task names it and the transaction neither creates it nor records its creation again. Without it, the
   * DetectedIssue is created unless one exists (conditional), with its Provenance.
   */
  existingIssue?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic urn:uuid fullUrls

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash;
}

/**
 * A `urn:uuid:` derived from a query identifier and the entry's role: the same Bundle on every retry, no
 * randomness. UUID syntax of RFC 9562 with version 8 (custom) and the RFC variant.
 */
export function derivedUuid(identifier: string, role: string): string {
  const hex = (fnv1a64(`clarify|${identifier}|${role}|1`).toString(16).padStart(16, '0') + fnv1a64(`clarify|${identifier}|${role}|2`).toString(16).padStart(16, '0')).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------------------
// The Questionnaire

/** SNOMED CT concepts by ICD-10-CM code, where exactly one disorder concept of the curated map leads there. */
const SNOMED_BY_ICD10: ReadonlyMap<string, { code: string; display: string }> = (() => {
  const found = new Map<string, Array<{ code: string; display: string }>>();
  for (const row of SNOMED_TO_ICD10CM.values()) {
    if (!row.icd10 || (/\([a-z ]+\)$/.test(row.display) && !row.display.endsWith('(disorder)'))) continue;
    found.set(row.icd10, [...(found.get(row.icd10) ?? []), { code: row.snomed, display: row.display }]);
  }
  return new Map([...found].filter(([, rows]) => rows.length === 1).map(([code, rows]) => [code, rows[0]!]));
})();

/** The SNOMED CT concept of an ICD-10-CM option, when the curated map knows exactly one (src/terminology/snomed-icd10cm.ts). */
export function snomedForIcd10(code: string): { code: string; display: string } | undefined {
  const key = code.trim().toUpperCase();
  return SNOMED_BY_ICD10.get(key) ?? SNOMED_BY_ICD10.get(key.length > 3 && !key.includes('.') ? `${key.slice(0, 3)}.${key.slice(3)}` : key);
}

function answerOptionsOf(draft: QueryDraft): QuestionnaireItemAnswerOption[] {
  const options: QuestionnaireItemAnswerOption[] = draft.format === 'yes-no' ? [
    { valueCoding: { system: YES_NO_SYSTEM, code: 'Y', display: 'Yes' } },
    { valueCoding: { system: YES_NO_SYSTEM, code: 'N', display: 'No' } },
  ] : [];
  for (const option of draft.options) {
    // Yes and No of a yes/no query are the two above.
    if (draft.format === 'yes-no' && yesNoAnswer(option.text)) continue;
    const code = option.code?.trim();
    if (code) {
      const snomed = snomedForIcd10(code);
      options.push({
        valueCoding: { system: SYSTEM.ICD10CM, code, display: option.text },
        ...(snomed ? { extension: [{ url: OPTION_SNOMED_EXTENSION, valueCoding: { system: SYSTEM.SNOMED, ...snomed } }] } : {}),
      });
      continue;
    }
    const escape = escapeKind(option.text);
    options.push(escape ? { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES[escape], display: option.text } } : { valueString: option.text });
  }
  return options;
}

/** The query's Questionnaire, as fhir-draft.ts documents it (contained in the Task, id CONTAINED_QUESTIONNAIRE_ID). */
export function questionnaireOf(draft: QueryDraft): Questionnaire {
  const items: QuestionnaireItem[] = [
    { linkId: QUESTIONNAIRE_LINK_ID.question, type: 'display', text: draft.question },
    ...draft.indicators.map((indicator, i): QuestionnaireItem => ({
      linkId: `${QUESTIONNAIRE_LINK_ID.indicatorPrefix}${i + 1}`, type: 'display', text: indicator.text,
      extension: [{ url: INDICATOR_SOURCE_EXTENSION, valueReference: { reference: indicator.reference } }],
    })),
    ...(draft.format === 'open-ended' ? [] : [{ linkId: QUESTIONNAIRE_LINK_ID.answer, type: 'choice' as const, text: 'Answer', answerOption: answerOptionsOf(draft) }]),
    { linkId: QUESTIONNAIRE_LINK_ID.comment, type: 'text', text: 'Comment' },
  ];
  return {
    resourceType: 'Questionnaire', id: CONTAINED_QUESTIONNAIRE_ID, status: 'active', subjectType: ['Patient'], title: QUERY_TITLES[draft.purpose],
    extension: [
      { url: QUERY_PURPOSE_EXTENSION, valueCoding: { system: CLARIFY_SYSTEM, code: draft.purpose } },
      { url: QUERY_FORMAT_EXTENSION, valueCoding: { system: CLARIFY_SYSTEM, code: draft.format } },
    ],
    item: items,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The transaction

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

function checkReference(reference: string, types: readonly string[], what: string): void {
  const parsed = parseReference(reference);
  const type = parsed && (parsed.kind === 'relative' || parsed.kind === 'absolute') ? parsed.type : undefined;
  check(type !== undefined && types.includes(type), `${what} must be a reference to a ${types.join(' or ')} (Type/id)`);
}

/** A Party as a Reference (display only when given). */
export const partyOf = (party: Party): Reference => ({ reference: party.reference, ...(party.display?.trim() ? { display: party.display.trim() } : {}) });
const ICD10_CATEGORY = (code: string | undefined) => code?.trim().toUpperCase().replace('.', '').slice(0, 3);

/**
 * The resources a finding is about (DetectedIssue.implicated): a coding discrepancy's resource at fault; for a
 * documentation gap, the diagnoses it cites whose ICD-10-CM category is the suspected condition's (the heart
 * failure documented without a type), never the supporting ones (the CKD behind an anemia).
 */
export function implicatedReferences(finding: Finding): string[] {
  if (finding.category !== 'documentation-gap') return [finding.target];
  const category = ICD10_CATEGORY(finding.suspectedCondition);
  const found = finding.facts
    .filter((f) => f.kind === 'diagnosis' && category !== undefined && /^[A-Z][0-9][0-9A-Z]/i.test(f.label) && ICD10_CATEGORY(f.label) === category)
    .map((f) => f.reference)
    .filter((r) => /^(?:Condition|Encounter|Claim|ExplanationOfBenefit)\//.test(r));
  return [...new Set(found)];
}

/** The Condition a query clarifies (Task.focus): the one implicated Condition, if there is exactly one. */
function focusOf(finding: Finding): string | undefined {
  const conditions = implicatedReferences(finding).filter((r) => r.startsWith('Condition/'));
  return conditions.length === 1 ? conditions[0] : undefined;
}

const SEVERITY: Readonly<Record<Finding['severity'], DetectedIssue['severity']>> = { high: 'high', medium: 'moderate', low: 'low' };

/** A Provenance of one write: target, recorded, activity (v3-DataOperation), the agent as author, entities. */
export function provenance(target: Reference, recorded: string, author: Party, activity: 'CREATE' | 'UPDATE', entity?: Provenance['entity']): Provenance {
  return {
    resourceType: 'Provenance',
    target: [target],
    recorded,
    activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: activity, display: activity === 'CREATE' ? 'create' : 'revise' }] },
    agent: [{
      type: { coding: [{ system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'author', display: 'Author' }] },
      who: partyOf(author),
    }],
    ...(entity ? { entity } : {}),
  };
}

/** The DetectedIssue of a finding, as the query transaction writes it (without its fullUrl). */
export function detectedIssueOf(finding: Finding, patient: string, author: Party, identified: string): DetectedIssue {
  const implicated = implicatedReferences(finding);
  return {
    resourceType: 'DetectedIssue',
    identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: finding.id }],
    status: 'preliminary',
    code: {
      coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.FINDING }, { system: RULE_SYSTEM, code: finding.ruleId, display: finding.title }],
      text: finding.title,
    },
    severity: SEVERITY[finding.severity],
    patient: { reference: patient },
    identifiedDateTime: identified,
    author: partyOf(author),
    ...(implicated.length ? { implicated: implicated.map((reference) => ({ reference })) } : {}),
    ...(finding.evidence.length ? { evidence: [{ detail: finding.evidence.map((reference) => ({ reference })) }] } : {}),
    detail: finding.summary,
  };
}

/**
 * The transaction that sends a query (see the file header): DetectedIssue, Task, the Task's Provenance, the
 * DetectedIssue's Provenance, in that order, each a conditional POST with a fullUrl derived from `identifier`.
 * Throws a RangeError on input no caller should pass (a malformed reference, date or identifier).
 */
export function buildQueryTransaction(input: QueryTransactionInput): Bundle {
  const { finding, draft, patient, encounter, author, recipient, authoredOn, dueDate, identifier, existingIssue } = input;
  if (existingIssue !== undefined) checkReference(existingIssue, ['DetectedIssue'], 'the existing finding');
  check(IDENTIFIER_FORM.test(identifier), 'the query identifier must be an opaque token of 8 to 64 letters, digits, hyphens or dots (a UUID)');
  check(FINDING_ID_FORM.test(finding.id), 'the finding id is not an id');
  checkReference(patient, ['Patient'], 'patient');
  if (encounter !== undefined) checkReference(encounter, ['Encounter'], 'encounter');
  checkReference(author.reference, ['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson'], 'author');
  checkReference(recipient.reference, ['Practitioner', 'PractitionerRole'], 'recipient');
  check(isFhirDateTime(authoredOn) && (parseFhirDateTime(authoredOn)!.precision === 'second' || parseFhirDateTime(authoredOn)!.precision === 'minute'), 'authoredOn must be a FHIR dateTime with a time');
  check(DATE_FORM.test(dueDate) && isFhirDateTime(dueDate), 'dueDate must be a FHIR date (YYYY-MM-DD)');

  const issueUrl = existingIssue ?? derivedUuid(identifier, 'detected-issue');
  const taskUrl = derivedUuid(identifier, 'task');
  const findingIdentifier = { system: FINDING_IDENTIFIER_SYSTEM, value: finding.id };
  const queryIdentifier = { system: QUERY_IDENTIFIER_SYSTEM, value: identifier };
  const focus = focusOf(finding);

  const task: Task = {
    resourceType: 'Task',
    contained: [questionnaireOf(draft)],
    identifier: [queryIdentifier],
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
    description: QUERY_TITLES[draft.purpose],
    ...(focus ? { focus: { reference: focus } } : {}),
    for: { reference: patient },
    ...(encounter ? { encounter: { reference: encounter } } : {}),
    authoredOn,
    lastModified: authoredOn,
    requester: partyOf(author),
    owner: partyOf(recipient),
    reasonReference: { reference: issueUrl, identifier: findingIdentifier },
    restriction: { period: { end: dueDate } },
    input: [
      { type: { coding: [{ system: SDC_TEMP_SYSTEM, code: TASK_INPUT.questionnaire }] }, valueCanonical: `#${CONTAINED_QUESTIONNAIRE_ID}` },
      { type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_INPUT.purpose }] }, valueCoding: { system: CLARIFY_SYSTEM, code: draft.purpose } },
      { type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_INPUT.format }] }, valueCoding: { system: CLARIFY_SYSTEM, code: draft.format } },
    ],
  };

  const issueEntry: BundleEntry<FhirResource> = {
    fullUrl: issueUrl,
    resource: detectedIssueOf(finding, patient, author, authoredOn),
    request: { method: 'POST', url: 'DetectedIssue', ifNoneExist: `identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` },
  };
  const entries: BundleEntry<FhirResource>[] = [
    ...(existingIssue ? [] : [issueEntry]),
    {
      fullUrl: taskUrl,
      resource: task,
      request: { method: 'POST', url: 'Task', ifNoneExist: `identifier=${QUERY_IDENTIFIER_SYSTEM}|${identifier}` },
    },
    {
      fullUrl: derivedUuid(identifier, 'task-provenance'),
      resource: provenance({ reference: taskUrl, identifier: queryIdentifier }, authoredOn, author, 'CREATE', [{ role: 'source', what: { reference: issueUrl, identifier: findingIdentifier } }]),
      request: { method: 'POST', url: 'Provenance', ifNoneExist: `target:Task.identifier=${QUERY_IDENTIFIER_SYSTEM}|${identifier}` },
    },
    // The DetectedIssue's creation, recorded once: conditional on no Provenance of it yet. (Skipped when it is known
    // to exist: a disposition adds Provenances of its own, and a condition matching two is refused with 412.)
    ...(existingIssue ? [] : [{
      fullUrl: derivedUuid(identifier, 'detected-issue-provenance'),
      resource: provenance({ reference: issueUrl, identifier: findingIdentifier }, authoredOn, author, 'CREATE'),
      request: { method: 'POST' as const, url: 'Provenance', ifNoneExist: `target:DetectedIssue.identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` },
    }]),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

// ---------------------------------------------------------------------------------------------------------
// Cancelling

/** Task.statusReason of a query the technician withdraws, unless another reason is given. */
export const CANCEL_REASON = 'Query withdrawn by the clinical documentation specialist';
const ID_FORM = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The transaction that cancels a query (issue 10, item 6: **Cancel query** sets `cancelled` with a
 * Provenance, never a delete): the Task PUT with status cancelled, statusReason and lastModified, every other
 * field as the server has it, If-Match `W/"<versionId>"` when the Task has a version (a Task changed since it
 * was read is a conflict, not overwritten); and a Provenance (UPDATE, target the Task, entity the version it
 * revises), conditional on its target and time so a retry adds no second one. Throws a RangeError when the
 * Task has no usable id or `now` is not a FHIR dateTime.
 */
export function buildCancelTransaction(task: Task, author: Party, now: string, reason: string = CANCEL_REASON): Bundle {
  check(task?.resourceType === 'Task' && typeof task.id === 'string' && ID_FORM.test(task.id), 'the query Task has no id');
  check(isFhirDateTime(now), 'now must be a FHIR dateTime');
  checkReference(author.reference, ['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson'], 'author');
  const reference = `Task/${task.id}`;
  const versionId = typeof task.meta?.versionId === 'string' && ID_FORM.test(task.meta.versionId) ? task.meta.versionId : undefined;
  const cancelled: Task = { ...task, status: 'cancelled', statusReason: { text: reason }, lastModified: now };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        resource: cancelled,
        request: { method: 'PUT', url: reference, ...(versionId ? { ifMatch: `W/"${versionId}"` } : {}) },
      },
      {
        resource: provenance({ reference }, now, author, 'UPDATE', versionId ? [{ role: 'revision', what: { reference: `${reference}/_history/${versionId}` } }] : undefined),
        request: { method: 'POST', url: 'Provenance', ifNoneExist: `target=${reference}&recorded=${encodeURIComponent(now)}` },
      },
    ],
  };
}

/**
 * A query transaction rewritten to name the finding's DetectedIssue the EHR already holds (`DetectedIssue/<id>`)
 * instead of creating it: its DetectedIssue entry and that entry's Provenance are dropped, and every reference
 * to the entry's fullUrl names the existing one. For a send refused because the finding was recorded meanwhile
 * with several Provenances (a conditional create matching several resources is refused with 412).
 */
export function referencingExistingIssue(transaction: Bundle, issueReference: string): Bundle {
  checkReference(issueReference, ['DetectedIssue'], 'the existing finding');
  const issueEntry = (transaction.entry ?? []).find((e) => e.resource?.resourceType === 'DetectedIssue' && e.request?.method === 'POST');
  const issueUrl = issueEntry?.fullUrl;
  if (!issueUrl) return transaction;
  const targetsIssue = (entry: BundleEntry) => entry.resource?.resourceType === 'Provenance' && (entry.resource as Provenance).target?.some((t) => t.reference === issueUrl);
  const renamed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(renamed);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'reference' && v === issueUrl ? issueReference : renamed(v)]));
  };
  return {
    ...transaction,
    entry: (transaction.entry ?? []).filter((e) => e !== issueEntry && !targetsIssue(e)).map((e) => renamed(e) as BundleEntry),
  };
}
