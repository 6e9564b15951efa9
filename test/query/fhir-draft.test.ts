/**
 * draftFromFhir over the Task and Questionnaire shape documented in src/query/fhir-draft.ts. `toFhir` below
 * writes that shape the way the FHIR writer is to, so a round trip gives back the draft.
 */
import { describe, expect, it } from 'vitest';
import { checkQuery } from '../../src/query/check-query';
import { CLARIFY_SYSTEM, ESCAPE_CODES, escapeKind, yesNoAnswer, type QueryDraft } from '../../src/query/draft';
import {
  CONTAINED_QUESTIONNAIRE_ID, draftFromBundle, draftFromFhir, INDICATOR_SOURCE_EXTENSION, OPTION_SNOMED_EXTENSION, QUERY_FORMAT_EXTENSION,
  QUERY_PURPOSE_EXTENSION, QUESTIONNAIRE_LINK_ID, SDC_TEMP_SYSTEM, TASK_INPUT, YES_NO_SYSTEM, type DraftReading,
} from '../../src/query/fhir-draft';
import { SYSTEM } from '../../src/terminology/systems';
import { COMPLIANT_QUERIES, HYPONATREMIA, PRESSURE_INJURY_POA, AKI_OPEN, variant } from './queries';

type Json = Record<string, any>;

/** The Questionnaire of a draft, as src/query/fhir-draft.ts describes it. */
function questionnaireOf(draft: QueryDraft, id = CONTAINED_QUESTIONNAIRE_ID): Json {
  const answerOptions = [
    ...(draft.format === 'yes-no' ? [
      { valueCoding: { system: YES_NO_SYSTEM, code: 'Y', display: 'Yes' } },
      { valueCoding: { system: YES_NO_SYSTEM, code: 'N', display: 'No' } },
    ] : []),
    ...draft.options.map((option) => {
      const escape = escapeKind(option.text);
      if (escape) return { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES[escape], display: option.text } };
      if (option.code) return { valueCoding: { system: SYSTEM.ICD10CM, code: option.code, display: option.text } };
      return { valueString: option.text };
    }),
  ];
  return {
    resourceType: 'Questionnaire', id, status: 'active',
    item: [
      { linkId: QUESTIONNAIRE_LINK_ID.question, type: 'display', text: draft.question },
      ...draft.indicators.map((indicator, i) => ({
        linkId: `${QUESTIONNAIRE_LINK_ID.indicatorPrefix}${i + 1}`, type: 'display', text: indicator.text,
        extension: [{ url: INDICATOR_SOURCE_EXTENSION, valueReference: { reference: indicator.reference } }],
      })),
      ...(draft.format === 'open-ended' ? [] : [{ linkId: QUESTIONNAIRE_LINK_ID.answer, type: 'choice', text: 'Answer', answerOption: answerOptions }]),
      { linkId: QUESTIONNAIRE_LINK_ID.comment, type: 'text', text: 'Comment' },
    ],
  };
}

const input = (code: string, value: Json) => ({ type: { coding: [{ system: code === TASK_INPUT.questionnaire ? SDC_TEMP_SYSTEM : CLARIFY_SYSTEM, code }] }, ...value });

function toFhir(draft: QueryDraft): Json {
  return {
    resourceType: 'Task', id: 'q1', status: 'requested', intent: 'order',
    contained: [questionnaireOf(draft)],
    input: [
      input(TASK_INPUT.questionnaire, { valueCanonical: `#${CONTAINED_QUESTIONNAIRE_ID}` }),
      input(TASK_INPUT.purpose, { valueCoding: { system: CLARIFY_SYSTEM, code: draft.purpose } }),
      input(TASK_INPUT.format, { valueCoding: { system: CLARIFY_SYSTEM, code: draft.format } }),
    ],
  };
}

function draftOf(reading: DraftReading): QueryDraft {
  if (!reading.ok) throw new Error(reading.error);
  return reading.draft;
}

describe('a round trip through the Task and its Questionnaire', () => {
  it.each(COMPLIANT_QUERIES)('%s', (_name, draft) => {
    const reading = draftFromFhir(toFhir(draft));
    expect(reading).toEqual({ ok: true, draft, problems: [] });
  });

  it('reads the questionnaire input as a valueReference too', () => {
    const task = toFhir(HYPONATREMIA);
    task.input[0] = input(TASK_INPUT.questionnaire, { valueReference: { reference: '#query' } });
    expect(draftOf(draftFromFhir(task))).toEqual(HYPONATREMIA);
  });

  it('reads items nested in a group', () => {
    const task = toFhir(HYPONATREMIA);
    task.contained[0].item = [{ linkId: 'query', type: 'group', item: task.contained[0].item }];
    expect(draftOf(draftFromFhir(task))).toEqual(HYPONATREMIA);
  });
});

describe('a Bundle (the transaction that sends a query)', () => {
  it('finds the Task and its co-created Questionnaire by fullUrl, Type/id or canonical url', () => {
    for (const [reference, fullUrl, extra] of [
      ['urn:uuid:6f1c2b7e-31a4-4b7a-9a53-2a2f4b5ad7d1', 'urn:uuid:6f1c2b7e-31a4-4b7a-9a53-2a2f4b5ad7d1', {}],
      ['Questionnaire/q9', undefined, {}],
      ['http://example.org/q/aki|2', undefined, { url: 'http://example.org/q/aki', version: '2' }],
    ] as const) {
      const task = toFhir(AKI_OPEN);
      const questionnaire = { ...task.contained[0], id: 'q9', ...extra };
      delete task.contained;
      task.input[0] = input(TASK_INPUT.questionnaire, { valueReference: { reference } });
      const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [
        { fullUrl: 'urn:uuid:0b0b0b0b-0000-4000-8000-000000000001', resource: { resourceType: 'DetectedIssue', id: 'd1' } },
        { ...(fullUrl ? { fullUrl } : {}), resource: questionnaire },
        { resource: task },
      ] };
      expect(draftOf(draftFromBundle(bundle)), reference).toEqual(AKI_OPEN);
    }
  });

  it('refuses a Bundle of two queries, or of none', () => {
    const one = toFhir(AKI_OPEN);
    expect(draftFromBundle({ resourceType: 'Bundle', entry: [{ resource: one }, { resource: toFhir(HYPONATREMIA) }] })).toEqual({ ok: false, error: 'holds 2 query Tasks; give one query at a time' });
    expect(draftFromBundle({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient', id: 'p' } }] })).toEqual({ ok: false, error: 'holds no query Task or Questionnaire' });
    expect(draftFromBundle({ resourceType: 'Bundle', entry: {} })).toMatchObject({ ok: false });
  });
});

describe('a Questionnaire alone (a template)', () => {
  it('takes the purpose and format from its extensions', () => {
    const questionnaire = {
      ...questionnaireOf(HYPONATREMIA),
      extension: [
        { url: QUERY_PURPOSE_EXTENSION, valueCoding: { system: CLARIFY_SYSTEM, code: 'clarification' } },
        { url: QUERY_FORMAT_EXTENSION, valueCoding: { system: CLARIFY_SYSTEM, code: 'multiple-choice' } },
      ],
    };
    expect(draftOf(draftFromFhir(questionnaire))).toEqual(HYPONATREMIA);
  });

  it('takes the purpose from the defaults and works out the format from the items', () => {
    expect(draftOf(draftFromFhir(questionnaireOf(HYPONATREMIA), { purpose: 'clarification' })).format).toBe('multiple-choice');
    expect(draftOf(draftFromFhir(questionnaireOf(AKI_OPEN), { purpose: 'clarification' })).format).toBe('open-ended');
    expect(draftOf(draftFromFhir(questionnaireOf(PRESSURE_INJURY_POA), { purpose: 'present-on-admission' }))).toEqual(PRESSURE_INJURY_POA);
  });

  it('lets the file win over the defaults', () => {
    const task = toFhir(HYPONATREMIA);
    expect(draftOf(draftFromFhir(task, { purpose: 'clinical-validation', format: 'open-ended' }))).toEqual(HYPONATREMIA);
  });

  it('says when no purpose is given anywhere', () => {
    expect(draftFromFhir(questionnaireOf(HYPONATREMIA))).toMatchObject({ ok: false, error: expect.stringContaining('--purpose') });
  });
});

describe('answer options', () => {
  const withOptions = (answerOption: unknown[]) => {
    const q = questionnaireOf(HYPONATREMIA);
    q.item.find((i: Json) => i.linkId === 'answer').answerOption = answerOption;
    return draftFromFhir(q, { purpose: 'clarification' });
  };

  it('reads an escape by its code when it has no display, and by its display otherwise', () => {
    expect(draftOf(withOptions([
      { valueCoding: { system: CLARIFY_SYSTEM, code: 'other' } },
      { valueCoding: { system: CLARIFY_SYSTEM, code: 'clinically-undetermined' } },
      { valueCoding: { system: CLARIFY_SYSTEM, code: 'not-clinically-significant', display: 'Sepsis' } },
    ])).options).toEqual([{ text: 'Other (please specify)' }, { text: 'Clinically undetermined' }, { text: 'Sepsis' }]);
  });

  it('reads ICD-10-CM under its OID, keeps only the ICD-10-CM code, and ignores the SNOMED CT extension', () => {
    expect(draftOf(withOptions([
      { valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.90', code: 'E87.1', display: 'Hyponatremia' }, extension: [{ url: OPTION_SNOMED_EXTENSION, valueCoding: { system: SYSTEM.SNOMED, code: '89627008' } }] },
      { valueCoding: { system: SYSTEM.SNOMED, code: '89627008', display: 'Hyponatremia (disorder)' } },
      { valueCoding: { system: SYSTEM.ICD10CM, code: 'E87.1' } },
    ])).options).toEqual([{ text: 'Hyponatremia', code: 'E87.1' }, { text: 'Hyponatremia (disorder)' }, { text: 'E87.1', code: 'E87.1' }]);
  });

  it('refuses an option it cannot read, and options given as a value set', () => {
    expect(withOptions([{ valueInteger: 3 }])).toMatchObject({ ok: false, error: expect.stringContaining('answerOption 1') });
    expect(withOptions(['Hyponatremia'])).toMatchObject({ ok: false });
    const q = questionnaireOf(HYPONATREMIA);
    const answer = q.item.find((i: Json) => i.linkId === 'answer');
    delete answer.answerOption;
    answer.answerValueSet = 'http://example.org/vs';
    expect(draftFromFhir(q, { purpose: 'clarification' })).toMatchObject({ ok: false, error: expect.stringContaining('answerValueSet') });
  });

  it('leaves Yes and No out of a yes/no query\'s options', () => {
    const draft = draftOf(draftFromFhir(toFhir(PRESSURE_INJURY_POA)));
    expect(draft.options.map((o) => yesNoAnswer(o.text))).toEqual([undefined]);
  });
});

describe('indicators', () => {
  it('reads an indicator without its source as one without a reference, which checkQuery blocks', () => {
    const task = toFhir(AKI_OPEN);
    delete task.contained[0].item[1].extension;
    task.contained[0].item[2].extension = [{ url: 'http://example.org/other', valueReference: { reference: 'Observation/x' } }];
    const draft = draftOf(draftFromFhir(task));
    expect(draft.indicators.slice(0, 2).map((i) => i.reference)).toEqual(['', '']);
    expect(checkQuery(draft).filter((p) => p.id === 'indicator-without-source').map((p) => p.indicatorIndex)).toEqual([0, 1]);
  });
});

describe('structure', () => {
  it('reports a Questionnaire with no free-text item as a blocking problem', () => {
    const task = toFhir(AKI_OPEN);
    task.contained[0].item = task.contained[0].item.filter((i: Json) => i.linkId !== 'comment');
    expect(draftFromFhir(task)).toMatchObject({ ok: true, problems: [{ id: 'no-free-text-item', severity: 'blocking' }] });
  });

  it.each([
    ['not an object', 'Task', 'is not a FHIR resource'],
    ['a Patient', { resourceType: 'Patient', id: 'p' }, 'not a query Task or Questionnaire'],
    ['a Task without a questionnaire input', { resourceType: 'Task', input: [] }, 'no questionnaire input'],
    ['a Task whose questionnaire is elsewhere', { resourceType: 'Task', input: [input('questionnaire', { valueCanonical: 'Questionnaire/x' })] }, 'not contained'],
    ['a Task whose contained questionnaire is missing', { resourceType: 'Task', contained: [], input: [input('questionnaire', { valueCanonical: '#query' })] }, 'does not contain'],
    ['a Task with an unknown purpose', { ...toFhir(AKI_OPEN), input: [...toFhir(AKI_OPEN).input.slice(0, 1), input('query-purpose', { valueCoding: { code: 'upcoding' } })] }, 'query-purpose input is not'],
    ['a Task with two formats', { ...toFhir(AKI_OPEN), input: [...toFhir(AKI_OPEN).input, input('query-format', { valueCoding: { code: 'yes-no' } })] }, '2 query-format inputs'],
    ['a Questionnaire without a question', { resourceType: 'Questionnaire', item: [{ linkId: 'comment', type: 'text' }] }, 'no item with linkId "question"'],
    ['a Questionnaire whose question has no text', { resourceType: 'Questionnaire', item: [{ linkId: 'question', type: 'display' }] }, 'has no text'],
    ['a Questionnaire whose items are not a list', { resourceType: 'Questionnaire', item: { linkId: 'question' } }, 'not a list'],
    ['a Questionnaire with an item that is not an object', { resourceType: 'Questionnaire', item: [null] }, 'not an object'],
  ])('refuses %s', (_what, resource, error) => {
    expect(draftFromFhir(resource, { purpose: 'clarification' })).toEqual({ ok: false, error: expect.stringContaining(error) });
  });

  it('refuses more items than a query has', () => {
    const q = questionnaireOf(AKI_OPEN);
    q.item.push(...Array.from({ length: 600 }, (_, i) => ({ linkId: `x${i}`, type: 'display', text: 'x' })));
    expect(draftFromFhir(q, { purpose: 'clarification' })).toMatchObject({ ok: false, error: expect.stringContaining('more than 500 items') });
  });

  it('never changes its input', () => {
    const task = toFhir(variant(PRESSURE_INJURY_POA, {}));
    const copy = structuredClone(task);
    draftFromFhir(task);
    expect(task).toEqual(copy);
  });
});
