/**
 * A query from outside (`clarify check-query FILE`): parsed JSON that is either a draft
 * `{"purpose","format","question","options":[{"text","code"?}],"indicators":[{"text","reference"}]}` or a FHIR
 * Task, Questionnaire or Bundle as Clarify writes them (fhir-draft.ts). Untrusted: every field is checked and
 * only known fields are copied. Pure.
 */
import { isQueryFormat, isQueryPurpose, QUERY_FORMATS, QUERY_PURPOSES, type QueryDraft, type QueryIndicator, type QueryOption } from './draft';
import { draftFromBundle, draftFromFhir, DRAFT_LIMITS, limitsError, type DraftDefaults, type DraftReading } from './fhir-draft';
import { type Json, isObject } from '../record/json';

const fail = (error: string): DraftReading => ({ ok: false, error });
const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** A draft, a Task, a Questionnaire or a Bundle holding one query, read into a QueryDraft. */
export function readQueryInput(value: unknown, defaults: DraftDefaults = {}): DraftReading {
  if (!isObject(value)) return fail('is not a JSON object (a query draft, or a FHIR Task, Questionnaire or Bundle)');
  if (own(value, 'resourceType') !== undefined) {
    return own(value, 'resourceType') === 'Bundle' ? draftFromBundle(value, defaults) : draftFromFhir(value, defaults);
  }
  return draftFromJson(value, defaults);
}

/** A draft object; `defaults` stand in for a missing purpose or format. */
export function draftFromJson(value: unknown, defaults: DraftDefaults = {}): DraftReading {
  if (!isObject(value)) return fail('is not a JSON object');
  const purpose = own(value, 'purpose') ?? defaults.purpose;
  if (purpose === undefined) return fail('the draft has no "purpose" (give it, or --purpose)');
  if (!isQueryPurpose(purpose)) return fail(`"purpose" must be one of ${QUERY_PURPOSES.join(', ')}`);
  const format = own(value, 'format') ?? defaults.format;
  if (format === undefined) return fail('the draft has no "format" (give it, or --query-format)');
  if (!isQueryFormat(format)) return fail(`"format" must be one of ${QUERY_FORMATS.join(', ')}`);
  const question = own(value, 'question');
  if (question === undefined) return fail('the draft has no "question"');
  if (typeof question !== 'string') return fail('"question" must be a string');

  const list = (key: 'options' | 'indicators', limit: number): unknown[] | string => {
    const items = own(value, key);
    if (items === undefined) return `the draft has no "${key}" (an empty list [] if there are none)`;
    if (!Array.isArray(items)) return `"${key}" must be a list`;
    if (items.length > limit) return `"${key}" has more than ${limit} entries`;
    return items;
  };
  const rawOptions = list('options', DRAFT_LIMITS.options);
  if (typeof rawOptions === 'string') return fail(rawOptions);
  const rawIndicators = list('indicators', DRAFT_LIMITS.indicators);
  if (typeof rawIndicators === 'string') return fail(rawIndicators);

  const options: QueryOption[] = [];
  for (const [i, option] of rawOptions.entries()) {
    if (!isObject(option)) return fail(`options[${i}] must be an object {"text", "code"?}`);
    const text = own(option, 'text');
    const code = own(option, 'code');
    if (typeof text !== 'string') return fail(`options[${i}].text must be a string`);
    if (code !== undefined && code !== null && typeof code !== 'string') return fail(`options[${i}].code must be a string (an ICD-10-CM code)`);
    options.push(typeof code === 'string' ? { text, code } : { text });
  }
  const indicators: QueryIndicator[] = [];
  for (const [i, indicator] of rawIndicators.entries()) {
    if (!isObject(indicator)) return fail(`indicators[${i}] must be an object {"text", "reference"}`);
    const text = own(indicator, 'text');
    const reference = own(indicator, 'reference');
    if (typeof text !== 'string') return fail(`indicators[${i}].text must be a string`);
    if (typeof reference !== 'string') return fail(`indicators[${i}].reference must be a string (Type/id of the source resource)`);
    indicators.push({ text, reference });
  }
  const draft: QueryDraft = { purpose, format, question, options, indicators };
  const tooLarge = limitsError(draft);
  return tooLarge ? fail(tooLarge) : { ok: true, draft, problems: [] };
}
