/**
 * How a query lives in FHIR (issue 10 item 1, ../shared/DOMAIN.md §4), and `draftFromFhir`, which reads a
 * Task or Questionnaire written that way back into a QueryDraft, so `checkQuery` can judge it and the FHIR
 * writer can be tested by a round trip. Pure.
 *
 * The Task (the query; the Task pattern of HL7 SDC and Da Vinci CDex):
 *
 *     Task.contained: [ the Questionnaire below, id "query" ]
 *     Task.input: [
 *       { type: { coding: [{ system: SDC_TEMP_SYSTEM, code: "questionnaire" }] },
 *         valueCanonical: "#query" },          // or valueReference { reference: "#query" }; in a transaction Bundle
 *                                              // the co-created Questionnaire's fullUrl, Type/id or canonical url
 *       { type: { coding: [{ system: CLARIFY_SYSTEM, code: "query-purpose" }] },
 *         valueCoding: { system: CLARIFY_SYSTEM, code: "clarification" } },        // a QueryPurpose
 *       { type: { coding: [{ system: CLARIFY_SYSTEM, code: "query-format" }] },
 *         valueCoding: { system: CLARIFY_SYSTEM, code: "multiple-choice" } },      // a QueryFormat
 *     ]
 *
 * The Questionnaire (items at the top level, in this order):
 *
 *     { linkId: "question", type: "display", text: <the question> }
 *     { linkId: "indicator-1", type: "display", text: <indicator text, as shown>,
 *       extension: [{ url: INDICATOR_SOURCE_EXTENSION, valueReference: { reference: "Observation/na1" } }] }
 *     ... "indicator-2", "indicator-3": one per indicator, in the draft's order
 *     { linkId: "answer", type: "choice", text: "Answer", answerOption: [            // absent when open-ended
 *         yes/no only, first:   { valueCoding: { system: YES_NO_SYSTEM, code: "Y", display: "Yes" } },
 *                               { valueCoding: { system: YES_NO_SYSTEM, code: "N", display: "No" } },
 *         a diagnosis:          { valueCoding: { system: ICD-10-CM, code: "E87.1", display: "Hyponatremia" },
 *                                 extension: [{ url: OPTION_SNOMED_EXTENSION, valueCoding: <SNOMED CT, when mapped> }] },
 *         an escape:            { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES.other, display: "Other (please specify)" } },
 *         any other answer:     { valueString: "Sepsis ruled out" } ] }
 *     { linkId: "comment", type: "text", text: "Comment" }                          // always: the free-text answer
 *
 * A Questionnaire used on its own (a CDI team's template) may carry the purpose and format as extensions
 * (QUERY_PURPOSE_EXTENSION, QUERY_FORMAT_EXTENSION, valueCoding in CLARIFY_SYSTEM); a Task's inputs win.
 *
 * Why an extension for the indicator's source: `Questionnaire.item.definition` is a uri to an element of a
 * StructureDefinition (SDC data extraction), not a link to a resource instance, and `item.code` is a concept.
 * A `valueReference` keeps the source a real Reference, which FHIR tools resolve like the DetectedIssue's
 * `evidence.detail` (the same references).
 *
 * What draftFromFhir reads: option text is the display (a Coding without one: an escape's standard text, or
 * the code); the escapes are recognised by their text, as everywhere, so an escape code under another display
 * is not taken for the escape. Yes and No of a yes/no query are left out of the draft's options (the format
 * implies them). Other items are ignored; items nested in groups are read too.
 */
import { SYSTEM, canonicalSystem } from '../terminology/systems';
import {
  CLARIFY_SYSTEM, ESCAPE_CODES, ESCAPE_OPTIONS, isQueryFormat, isQueryPurpose, QUERY_FORMATS, QUERY_PURPOSES, yesNoAnswer,
  type EscapeKind, type QueryDraft, type QueryFormat, type QueryIndicator, type QueryOption, type QueryPurpose,
} from './draft';
import type { QueryProblem } from './check-query';
import { type Json, isObject } from '../record/json';

/**
 * The CodeSystem of SDC's Task input types, as CDex uses it too: `questionnaire` is "a canonical reference
 * (possibly version-specific) to the Questionnaire to be completed" (https://hl7.org/fhir/uv/sdc/CodeSystem-temp.html).
 */
export const SDC_TEMP_SYSTEM = 'http://hl7.org/fhir/uv/sdc/CodeSystem/temp';
/** HL7 v2 table 0136 (Yes/No indicator): the Yes and No of a yes/no query. */
export const YES_NO_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0136';

const CLARIFY_BASE = CLARIFY_SYSTEM.replace(/\/CodeSystem\/[^/]+$/, '');
/** On an indicator's display item: valueReference, the resource the indicator comes from. */
export const INDICATOR_SOURCE_EXTENSION = `${CLARIFY_BASE}/StructureDefinition/indicator-source`;
/** On a diagnosis answerOption: valueCoding, its SNOMED CT concept where the map knows it (not read back). */
export const OPTION_SNOMED_EXTENSION = `${CLARIFY_BASE}/StructureDefinition/option-snomed`;
/** On a Questionnaire used alone: valueCoding (CLARIFY_SYSTEM), the query's purpose. */
export const QUERY_PURPOSE_EXTENSION = `${CLARIFY_BASE}/StructureDefinition/query-purpose`;
/** On a Questionnaire used alone: valueCoding (CLARIFY_SYSTEM), the query's format. */
export const QUERY_FORMAT_EXTENSION = `${CLARIFY_BASE}/StructureDefinition/query-format`;

/** The codes of the Task's inputs. */
export const TASK_INPUT = Object.freeze({ questionnaire: 'questionnaire', purpose: 'query-purpose', format: 'query-format' } as const);

/** The Questionnaire's linkIds. */
export const QUESTIONNAIRE_LINK_ID = Object.freeze({
  question: 'question',
  /** Followed by 1, 2, ...: `indicator-1`. */
  indicatorPrefix: 'indicator-',
  answer: 'answer',
  comment: 'comment',
} as const);

/** Id of the Questionnaire contained in the Task. */
export const CONTAINED_QUESTIONNAIRE_ID = 'query';

/** Bounds on what is read from a file: a query is short. */
export const DRAFT_LIMITS = Object.freeze({ questionCharacters: 20_000, textCharacters: 2_000, options: 100, indicators: 200, items: 500 });

/** A draft read from outside, with the problems its FHIR structure has (e.g. no free-text item), or why it could not be read. */
export type DraftReading =
  | { ok: true; draft: QueryDraft; problems: QueryProblem[] }
  | { ok: false; error: string };

/** The purpose and format to use when the input does not say (clarify check-query --purpose, --query-format). */
export interface DraftDefaults {
  purpose?: QueryPurpose;
  format?: QueryFormat;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const fail = (error: string): DraftReading => ({ ok: false, error });
const codings = (concept: unknown): Json[] => (isObject(concept) && Array.isArray(concept.coding) ? concept.coding.filter(isObject) : []);

const ESCAPE_BY_CODE = new Map<string, EscapeKind>(Object.entries(ESCAPE_CODES).map(([kind, code]) => [code, kind as EscapeKind]));

/**
 * A Task (with its Questionnaire contained, or found by `resolve`) or a Questionnaire, read into a draft.
 * `resolve` finds a resource a Task's questionnaire input refers to other than `#contained` (a Bundle's entries).
 */
export function draftFromFhir(resource: unknown, defaults: DraftDefaults = {}, resolve?: (reference: string) => unknown): DraftReading {
  if (!isObject(resource)) return fail('is not a FHIR resource');
  if (resource.resourceType === 'Questionnaire') return fromQuestionnaire(resource, {}, defaults);
  if (resource.resourceType !== 'Task') return fail(`is a ${typeof resource.resourceType === 'string' ? 'FHIR resource of another type' : 'JSON object without a resourceType'}, not a query Task or Questionnaire`);
  const inputs = Array.isArray(resource.input) ? resource.input.filter(isObject) : [];
  const inputOf = (code: string) => inputs.filter((input) => codings(input.type).some((c) => c.code === code));

  const said: DraftDefaults = {};
  for (const [code, key, allowed, isAllowed] of [
    [TASK_INPUT.purpose, 'purpose', QUERY_PURPOSES, isQueryPurpose],
    [TASK_INPUT.format, 'format', QUERY_FORMATS, isQueryFormat],
  ] as const) {
    const found = inputOf(code);
    if (found.length > 1) return fail(`the Task has ${found.length} ${code} inputs; it needs one`);
    if (found.length === 0) continue;
    const value = codeOf(found[0]!);
    if (!isAllowed(value)) return fail(`the Task's ${code} input is not a code of Clarify's CodeSystem (${allowed.join(', ')})`);
    (said as Record<string, string>)[key] = value;
  }

  const questionnaireInputs = inputOf(TASK_INPUT.questionnaire);
  if (questionnaireInputs.length !== 1) return fail(questionnaireInputs.length ? 'the Task has more than one questionnaire input' : 'the Task has no questionnaire input (type "questionnaire"): it is not a query as Clarify writes it');
  const input = questionnaireInputs[0]!;
  const reference = str(input.valueCanonical) ?? (isObject(input.valueReference) ? str(input.valueReference.reference) : undefined);
  if (reference === undefined) return fail('the Task\'s questionnaire input has no valueCanonical or valueReference.reference');
  let questionnaire: unknown;
  if (reference.startsWith('#')) {
    const contained = Array.isArray(resource.contained) ? resource.contained.filter(isObject) : [];
    questionnaire = contained.find((r) => r.resourceType === 'Questionnaire' && r.id === reference.slice(1));
    if (questionnaire === undefined) return fail('the Task\'s questionnaire input refers to a contained Questionnaire the Task does not contain');
  } else {
    questionnaire = resolve?.(reference);
    if (!isObject(questionnaire) || questionnaire.resourceType !== 'Questionnaire') {
      return fail('the Task\'s Questionnaire is not contained in it and not found beside it: give the Questionnaire file, or a Bundle holding both');
    }
  }
  return fromQuestionnaire(questionnaire as Json, said, defaults);
}

/** A Bundle (e.g. the transaction that sends a query): its one query Task with its Questionnaire, or its one Questionnaire. */
export function draftFromBundle(bundle: unknown, defaults: DraftDefaults = {}): DraftReading {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return fail('is not a Bundle');
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) return fail('is not a valid Bundle (entry is not a list)');
  const entries = ((bundle.entry ?? []) as unknown[]).filter(isObject).filter((e) => isObject(e.resource)).slice(0, 10_000);
  const byReference = new Map<string, Json>();
  for (const entry of entries) {
    const resource = entry.resource as Json;
    const fullUrl = str(entry.fullUrl);
    if (fullUrl) byReference.set(fullUrl, resource);
    if (typeof resource.resourceType === 'string' && typeof resource.id === 'string') byReference.set(`${resource.resourceType}/${resource.id}`, resource);
    const url = str(resource.url);
    if (resource.resourceType === 'Questionnaire' && url) {
      byReference.set(url, resource);
      if (typeof resource.version === 'string') byReference.set(`${url}|${resource.version}`, resource);
    }
  }
  const resources = entries.map((e) => e.resource as Json);
  const tasks = resources.filter((r) => r.resourceType === 'Task' && Array.isArray(r.input) && r.input.some((i) => isObject(i) && codings(i.type).some((c) => c.code === TASK_INPUT.questionnaire)));
  if (tasks.length > 1) return fail(`holds ${tasks.length} query Tasks; give one query at a time`);
  if (tasks.length === 1) return draftFromFhir(tasks[0], defaults, (reference) => byReference.get(reference));
  const questionnaires = resources.filter((r) => r.resourceType === 'Questionnaire');
  if (questionnaires.length === 1) return draftFromFhir(questionnaires[0], defaults);
  return fail(questionnaires.length ? `holds ${questionnaires.length} Questionnaires and no query Task; give one query at a time` : 'holds no query Task or Questionnaire');
}

/** The code of an input's (or extension's) valueCoding, or of the first Coding of its valueCodeableConcept. */
function codeOf(element: Json): string | undefined {
  if (isObject(element.valueCoding)) return str(element.valueCoding.code);
  return str(codings(element.valueCodeableConcept)[0]?.code);
}

/** The items of a Questionnaire, groups opened (a few levels deep), in document order. */
function itemsOf(questionnaire: Json): Json[] | string {
  const out: Json[] = [];
  const walk = (items: unknown, depth: number): string | undefined => {
    if (items === undefined) return undefined;
    if (!Array.isArray(items)) return 'an item list of the Questionnaire is not a list';
    for (const item of items) {
      if (!isObject(item)) return 'the Questionnaire has an item that is not an object';
      if (out.length >= DRAFT_LIMITS.items) return `the Questionnaire has more than ${DRAFT_LIMITS.items} items`;
      out.push(item);
      if (depth < 4) {
        const problem = walk(item.item, depth + 1);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return walk(questionnaire.item, 0) ?? out;
}

function fromQuestionnaire(questionnaire: Json, said: DraftDefaults, defaults: DraftDefaults): DraftReading {
  const items = itemsOf(questionnaire);
  if (typeof items === 'string') return fail(items);
  const withLinkId = (linkId: string) => items.filter((item) => item.linkId === linkId);

  const questions = withLinkId(QUESTIONNAIRE_LINK_ID.question);
  if (questions.length !== 1) return fail(questions.length ? 'the Questionnaire has more than one "question" item' : 'the Questionnaire has no item with linkId "question" (the question text): it is not a query as Clarify writes it');
  const question = str(questions[0]!.text);
  if (question === undefined) return fail('the Questionnaire\'s "question" item has no text');

  const indicators: QueryIndicator[] = [];
  for (const item of items) {
    const linkId = str(item.linkId);
    if (!linkId || !/^indicator-\d{1,4}$/.test(linkId)) continue;
    const source = (Array.isArray(item.extension) ? item.extension.filter(isObject) : []).find((e) => e.url === INDICATOR_SOURCE_EXTENSION);
    const reference = source && isObject(source.valueReference) ? str(source.valueReference.reference) : undefined;
    indicators.push({ text: str(item.text) ?? '', reference: reference ?? '' });
  }

  const purposeExtension = extensionCode(questionnaire, QUERY_PURPOSE_EXTENSION);
  const formatExtension = extensionCode(questionnaire, QUERY_FORMAT_EXTENSION);
  if (purposeExtension !== undefined && !isQueryPurpose(purposeExtension)) return fail(`the Questionnaire's query-purpose extension is not one of ${QUERY_PURPOSES.join(', ')}`);
  if (formatExtension !== undefined && !isQueryFormat(formatExtension)) return fail(`the Questionnaire's query-format extension is not one of ${QUERY_FORMATS.join(', ')}`);

  const answers = withLinkId(QUESTIONNAIRE_LINK_ID.answer);
  if (answers.length > 1) return fail('the Questionnaire has more than one "answer" item');
  let options: Array<QueryOption & { yesNo?: boolean }> = [];
  if (answers.length === 1) {
    const answer = answers[0]!;
    if (answer.answerOption === undefined && answer.answerValueSet !== undefined) return fail('the "answer" item gives its options as a value set (answerValueSet); Clarify lists them as answerOption');
    if (answer.answerOption !== undefined && !Array.isArray(answer.answerOption)) return fail('the "answer" item\'s answerOption is not a list');
    const raw = (answer.answerOption ?? []) as unknown[];
    if (raw.length > DRAFT_LIMITS.options + 2) return fail(`the "answer" item has more than ${DRAFT_LIMITS.options} options`);
    for (const [k, answerOption] of raw.entries()) {
      const option = optionOf(answerOption);
      if (!option) return fail(`answerOption ${k + 1} of the "answer" item has neither a valueCoding with a code or display nor a valueString`);
      options.push(option);
    }
  }

  const purpose = said.purpose ?? (purposeExtension as QueryPurpose | undefined) ?? defaults.purpose;
  if (!purpose) return fail(`the query's purpose is not given (a Task input "query-purpose", or the Questionnaire's extension ${QUERY_PURPOSE_EXTENSION}); give it with --purpose`);
  const inferred: QueryFormat = answers.length === 0 ? 'open-ended'
    : options.some((o) => o.yesNo && yesNoAnswer(o.text) === 'yes') && options.some((o) => o.yesNo && yesNoAnswer(o.text) === 'no') ? 'yes-no' : 'multiple-choice';
  const format = said.format ?? (formatExtension as QueryFormat | undefined) ?? defaults.format ?? inferred;
  // Yes and No are the format's own answers, not options of the draft.
  if (format === 'yes-no') options = options.filter((o) => !(o.yesNo || yesNoAnswer(o.text)));

  const problems: QueryProblem[] = [];
  const comments = withLinkId(QUESTIONNAIRE_LINK_ID.comment);
  if (!comments.some((item) => item.type === 'text' || item.type === 'string')) {
    problems.push({
      id: 'no-free-text-item', severity: 'blocking', field: 'options',
      message: 'The Questionnaire has no free-text item (linkId "comment", type text): a query always leaves room for the provider\'s own words.',
    });
  }
  const draft: QueryDraft = { purpose, format, question, options: options.map(({ text, code }) => (code === undefined ? { text } : { text, code })), indicators };
  const tooLarge = limitsError(draft);
  return tooLarge ? fail(tooLarge) : { ok: true, draft, problems };
}

function extensionCode(resource: Json, url: string): string | undefined {
  const extension = (Array.isArray(resource.extension) ? resource.extension.filter(isObject) : []).find((e) => e.url === url);
  return extension ? codeOf(extension) ?? '' : undefined;
}

function optionOf(answerOption: unknown): (QueryOption & { yesNo?: boolean }) | undefined {
  if (!isObject(answerOption)) return undefined;
  const valueString = str(answerOption.valueString);
  if (valueString !== undefined) return { text: valueString };
  if (!isObject(answerOption.valueCoding)) return undefined;
  const coding = answerOption.valueCoding;
  const system = str(coding.system) !== undefined ? canonicalSystem(coding.system as string) : undefined;
  const code = str(coding.code);
  const display = str(coding.display);
  if (system === SYSTEM.ICD10CM && code) return { text: display ?? code, code };
  if (system === CLARIFY_SYSTEM && code && ESCAPE_BY_CODE.has(code)) return { text: display ?? ESCAPE_OPTIONS[ESCAPE_BY_CODE.get(code)!] };
  if (system === YES_NO_SYSTEM && (code === 'Y' || code === 'N')) return { text: display ?? (code === 'Y' ? 'Yes' : 'No'), yesNo: true };
  const text = display ?? code;
  return text === undefined ? undefined : { text };
}

/** Why a draft is too large to be a query, if it is. */
export function limitsError(draft: QueryDraft): string | undefined {
  if (draft.question.length > DRAFT_LIMITS.questionCharacters) return `the question is longer than ${DRAFT_LIMITS.questionCharacters} characters`;
  if (draft.options.length > DRAFT_LIMITS.options) return `the query has more than ${DRAFT_LIMITS.options} options`;
  if (draft.indicators.length > DRAFT_LIMITS.indicators) return `the query has more than ${DRAFT_LIMITS.indicators} indicators`;
  if (draft.options.some((o) => o.text.length > DRAFT_LIMITS.textCharacters) || draft.indicators.some((i) => i.text.length > DRAFT_LIMITS.textCharacters || i.reference.length > DRAFT_LIMITS.textCharacters)) {
    return `an option or indicator is longer than ${DRAFT_LIMITS.textCharacters} characters`;
  }
  return undefined;
}
