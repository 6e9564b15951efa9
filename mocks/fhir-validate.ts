/**
 * What the mock EHR checks on a write, as a FHIR server's validator would for the resources of the query
 * workflow (Task, DetectedIssue, Provenance, Questionnaire, QuestionnaireResponse, and the Condition an answer
 * creates): the required elements and the required-binding status codes of FHIR R4, and ids of the FHIR id form. A problem is an error
 * message naming the element; other types are taken as they come (the seeded record is messy on purpose).
 * https://hl7.org/fhir/R4/task.html, detectedissue.html, provenance.html, questionnaire.html, questionnaireresponse.html,
 * condition.html
 */
import type { Resource } from 'fhir/r4';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const CODES: Record<string, Record<string, readonly string[]>> = {
  Task: {
    status: ['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error'],
    intent: ['unknown', 'proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
  },
  DetectedIssue: { status: ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] },
  Questionnaire: { status: ['draft', 'active', 'retired', 'unknown'] },
  QuestionnaireResponse: { status: ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'] },
};

const REQUIRED_LISTS: Record<string, readonly string[]> = { Provenance: ['target', 'agent'] };

/** Condition's two status CodeableConcepts: their code systems and codes (R4 required bindings). */
const CONDITION_STATUSES: Record<string, { system: string; codes: readonly string[] }> = {
  clinicalStatus: { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', codes: ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] },
  verificationStatus: { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', codes: ['unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered-in-error'] },
};

/** A Condition written by an app: a subject, and statuses from their value sets (con-5: no clinical status when entered in error). */
function checkCondition(r: Json, problems: string[]): void {
  if (!isObject(r.subject) || typeof r.subject.reference !== 'string') problems.push('Condition.subject is required (a reference)');
  for (const [element, { system, codes }] of Object.entries(CONDITION_STATUSES)) {
    const value = r[element];
    if (value === undefined) continue;
    const codings = isObject(value) && Array.isArray(value.coding) ? value.coding : undefined;
    if (!codings || codings.length === 0) problems.push(`Condition.${element} must be a CodeableConcept with a coding`);
    else if (!codings.some((c) => isObject(c) && c.system === system && codes.includes(c.code as string))) problems.push(`Condition.${element} must have a coding of ${system}: ${codes.join(', ')}`);
  }
  const verification = isObject(r.verificationStatus) && Array.isArray(r.verificationStatus.coding) ? r.verificationStatus.coding : [];
  if (r.clinicalStatus !== undefined && verification.some((c) => isObject(c) && c.code === 'entered-in-error')) problems.push('Condition.clinicalStatus must be absent when verificationStatus is entered-in-error (con-5)');
}

const QUESTIONNAIRE_ITEM_TYPES = ['group', 'display', 'boolean', 'decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'text', 'url', 'choice', 'open-choice', 'attachment', 'reference', 'quantity', 'question'];

function checkItems(items: unknown, path: string, problems: string[], typed: boolean): void {
  if (items === undefined) return;
  if (!Array.isArray(items)) return void problems.push(`${path} must be a list`);
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) return void problems.push(`${at} must be an object`);
    if (typeof item.linkId !== 'string' || item.linkId === '') problems.push(`${at}.linkId is required`);
    if (typed && !QUESTIONNAIRE_ITEM_TYPES.includes(item.type as string)) problems.push(`${at}.type is required (a Questionnaire item type)`);
    checkItems(item.item, `${at}.item`, problems, typed);
  });
}

/** The problems of a resource written to the mock (empty: accepted). Contained resources are checked too. */
export function validateForWrite(resource: Resource, depth = 0): string[] {
  const r = resource as unknown as Json;
  const type = resource.resourceType;
  const problems: string[] = [];
  if (r.id !== undefined && (typeof r.id !== 'string' || !FHIR_ID.test(r.id))) problems.push(`${type}.id is not a FHIR id`);
  for (const [element, codes] of Object.entries(CODES[type] ?? {})) {
    if (r[element] === undefined) problems.push(`${type}.${element} is required`);
    else if (!codes.includes(r[element] as string)) problems.push(`${type}.${element} must be one of ${codes.join(', ')}`);
  }
  for (const element of REQUIRED_LISTS[type] ?? []) {
    if (!Array.isArray(r[element]) || (r[element] as unknown[]).length === 0) problems.push(`${type}.${element} is required (at least one)`);
  }
  if (type === 'Provenance') {
    if (typeof r.recorded !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(r.recorded)) problems.push('Provenance.recorded is required (an instant)');
    if (Array.isArray(r.agent) && r.agent.some((a) => !isObject(a) || !isObject(a.who))) problems.push('Provenance.agent.who is required');
  }
  if (type === 'Condition') checkCondition(r, problems);
  if (type === 'Questionnaire') checkItems(r.item, 'Questionnaire.item', problems, true);
  if (type === 'QuestionnaireResponse') checkItems(r.item, 'QuestionnaireResponse.item', problems, false);
  if (r.contained !== undefined) {
    if (!Array.isArray(r.contained)) problems.push(`${type}.contained must be a list`);
    else if (depth > 0 && r.contained.length > 0) problems.push(`${type}.contained: a contained resource cannot contain others`);
    else {
      for (const contained of r.contained) {
        if (!isObject(contained) || typeof contained.resourceType !== 'string') problems.push(`${type}.contained holds something that is not a resource`);
        else if (typeof contained.id !== 'string') problems.push(`${type}.contained: a contained ${contained.resourceType} needs an id`);
        else problems.push(...validateForWrite(contained as unknown as Resource, depth + 1).map((p) => `${type}.contained: ${p}`));
      }
    }
  }
  return problems;
}

/** Every `reference` left as a `urn:` placeholder (a transaction entry it should name was missing), with its path. */
export function unresolvedPlaceholders(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unresolvedPlaceholders(v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'reference' && typeof v === 'string' && /^urn:(uuid|oid):/.test(v)
    ? [`${path}.reference (${v})`]
    : unresolvedPlaceholders(v, `${path}.${key}`)));
}
