/**
 * The query each finding starts from. For every rule Clarify runs, a realistic finding (the rule run on a
 * Synthea-shaped scenario record) gives either a draft checkQuery finds nothing blocking in, or the reason it
 * is the coder's to fix (AHIMA/ACDIS, Guidelines for Achieving a Compliant Query Practice, 2022 update).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkQuery } from '../../src/query/check-query';
import { ESCAPE_OPTIONS, QUERY_PURPOSES, escapeKind, type QueryDraft } from '../../src/query/draft';
import { draftFromFhir } from '../../src/query/fhir-draft';
import { indicatorsFromFinding } from '../../src/query/indicators';
import { NOT_DUE_TO_DIABETES, allowedFormats, defaultDraft, draftInFormat, optionsFromFinding, templateFor, type QueryTemplate } from '../../src/query/templates';
import { buildQueryTransaction } from '../../src/query/build-query';
import { ALL_RULES, CLINICAL_VALIDATION_RULES, type Finding } from '../../src/rules/index';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { DIAGNOSIS_TERMS } from '../../src/terminology/query-language';
import { FINDING_SCENARIOS, UNSPECIFIED_CODE_SCENARIOS, findingsOf, type FindingScenario } from './finding-scenarios';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()), 60_000);

function onlyFinding(scenario: FindingScenario): Finding {
  const findings = findingsOf(scenario, icd10cm);
  expect(findings, scenario.name).toHaveLength(1);
  return findings[0]!;
}

function queryOf(template: QueryTemplate): Extract<QueryTemplate, { kind: 'query' }> {
  if (template.kind !== 'query') throw new Error(`no query: ${template.reason}`);
  return template;
}

const blocking = (draft: QueryDraft) => checkQuery(draft).filter((p) => p.severity === 'blocking');

/** What each rule's finding becomes: the template family and purpose, or a coder fix. */
const EXPECTED: Record<string, string> = {
  'electrolytes/hyponatremia': 'indicators clarification',
  'electrolytes/hypokalemia': 'indicators clarification',
  'electrolytes/hyperkalemia': 'indicators clarification',
  'hematology/anemia': 'indicators clarification',
  'hematology/acute-blood-loss-anemia': 'indicators clarification',
  'hematology/thrombocytopenia': 'indicators clarification',
  'renal/acute-kidney-injury': 'indicators clarification',
  'sepsis/indicators': 'indicators clarification',
  'respiratory/acute-respiratory-failure': 'indicators clarification',
  'heart-failure/type-acuity-unspecified': 'heart-failure-specificity clarification',
  'ckd/stage-unspecified': 'ckd-stage clarification',
  'diabetes/complication-not-linked': 'diabetes-link confirm-documented',
  'pressure-ulcer/stage-unspecified': 'pressure-ulcer-stage clarification',
  'nutrition/malnutrition-indicators': 'indicators clarification',
  'nutrition/obesity-class': 'indicators clarification',
  'medication-indication/antidiabetic': 'medication-indication clarification',
  'medication-indication/levothyroxine': 'medication-indication clarification',
  'medication-indication/anticoagulant': 'medication-indication clarification',
  'medication-indication/loop-diuretic': 'medication-indication clarification',
  'medication-indication/potassium-chloride': 'medication-indication clarification',
  'coding/invalid-code': 'coder-fix',
  'coding/non-billable-code': 'coder-fix',
  'coding/unspecified-code': 'heart-failure-specificity clarification',
  'coding/excludes1-conflict': 'coder-fix',
  'coding/redundant-codes': 'coder-fix',
  'coding/missing-combination-code': 'coder-fix',
  'coding/sex-conflict': 'coder-fix',
  'coding/age-conflict': 'coder-fix',
  'coding/claim-unsupported': 'coder-fix',
  'coding/not-on-claim': 'coder-fix',
  'coding/principal-missing': 'coder-fix',
  'coding/documented-not-coded': 'coder-fix',
  ...Object.fromEntries(CLINICAL_VALIDATION_RULES.map((r) => [r.id, 'clinical-validation clinical-validation'])),
  'coding/coding-mismatch': 'coder-fix',
};

describe('a template for every rule', () => {
  it('has a scenario and an expectation for every rule Clarify runs', () => {
    expect(new Set(FINDING_SCENARIOS.map((s) => s.ruleId))).toEqual(new Set(ALL_RULES.map((r) => r.id)));
    expect(Object.keys(EXPECTED).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it.each(FINDING_SCENARIOS.map((s) => [`${s.ruleId}: ${s.name}`, s] as const))('%s', (_name, scenario) => {
    const finding = onlyFinding(scenario);
    const template = templateFor(finding);
    expect(template.kind === 'query' ? `${template.family} ${template.draft.purpose}` : template.kind).toBe(EXPECTED[scenario.ruleId]);
    if (template.kind === 'coder-fix') {
      expect(template.reason).toMatch(/\bcoder\b/);
      expect(defaultDraft(finding)).toBeUndefined();
      return;
    }
    const { draft } = template;
    // Nothing blocking: the template, the finding's indicators and its options make a compliant query.
    expect(blocking(draft)).toEqual([]);
    expect(draft.indicators).toEqual(indicatorsFromFinding(finding));
    expect(draft.indicators.length).toBeGreaterThan(0);
    expect(draft.format).toBe('multiple-choice');
    expect(template.formats).toEqual(allowedFormats(draft.purpose));
    // The rule's options, coded in ICD-10-CM, with the escapes the guideline requires.
    const fromRule = optionsFromFinding(finding.answerOptions);
    expect(draft.options.filter((o) => o.text !== NOT_DUE_TO_DIABETES)).toEqual(fromRule);
    expect(draft.options.map((o) => o.text)).toEqual(expect.arrayContaining([ESCAPE_OPTIONS.other, ESCAPE_OPTIONS.undetermined]));
    // Every diagnosis is coded; the balancing answers (not due to diabetes; a documented diagnosis ruled out) are not diagnoses.
    const balancing = (text: string) => text === NOT_DUE_TO_DIABETES || (draft.purpose === 'clinical-validation' && text.endsWith(', ruled out'));
    for (const option of draft.options) if (!escapeKind(option.text) && !balancing(option.text)) expect(option.code).toMatch(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/);
  });

  it.each(UNSPECIFIED_CODE_SCENARIOS.map((s) => [s.name, s] as const))('coding/unspecified-code: %s', (_name, scenario) => {
    const finding = onlyFinding(scenario);
    const template = templateFor(finding);
    if (finding.answerOptions.length === 0) {
      // The "with" convention settles diabetes; a note that states the specificity settles the rest.
      const settledByNote = finding.facts.some((f) => f.kind === 'note');
      expect(template).toEqual({ kind: 'coder-fix', reason: expect.stringContaining(settledByNote ? 'A note documents the specificity' : 'I.A.15') });
      return;
    }
    const query = queryOf(template);
    expect(['ckd-stage', 'pressure-ulcer-stage', 'laterality']).toContain(query.family);
    expect(query.draft).toMatchObject({ purpose: 'clarification', format: 'multiple-choice' });
    expect(blocking(query.draft)).toEqual([]);
  });
});

describe('the questions', () => {
  const queries = () => FINDING_SCENARIOS.flatMap((scenario) => {
    const finding = onlyFinding(scenario);
    const template = templateFor(finding);
    return template.kind === 'query' ? [{ scenario, finding, template }] : [];
  });

  it('never name the diagnosis an indicator-driven gap suspects (the physician draws the conclusion)', () => {
    for (const { finding, template } of queries()) {
      if (template.family !== 'indicators' && template.family !== 'medication-indication') continue;
      const named = DIAGNOSIS_TERMS.filter((term) => term.pattern.test(template.draft.question)).map((term) => term.id);
      expect(named, finding.ruleId).toEqual([]);
      for (const option of template.draft.options.filter((o) => o.code)) {
        expect(template.draft.question.toLowerCase(), finding.ruleId).not.toContain(option.text.toLowerCase());
      }
    }
  });

  it('ask, in the words of AHIMA\'s examples, what the indicators represent', () => {
    const sodium = queries().find((q) => q.finding.ruleId === 'electrolytes/hyponatremia')!;
    expect(sodium.template.draft.question).toBe('Based on the clinical indicators below, please clarify the diagnosis, if any, that the low sodium values represent.');
    const warfarin = queries().find((q) => q.finding.ruleId === 'medication-indication/anticoagulant')!;
    expect(warfarin.template.draft.question).toBe('Based on the clinical indicators below, please clarify the condition being treated with the anticoagulant.');
  });

  it('cite where a documented diagnosis lacking specificity is documented, and ask for the detail', () => {
    const hf = queries().find((q) => q.finding.ruleId === 'heart-failure/type-acuity-unspecified')!;
    expect(hf.template.draft.question).toMatch(/^Heart failure is documented without its type or acuity .*please clarify the type and acuity of the heart failure\.$/);
    expect(hf.template.draft.indicators[0]!.text).toMatch(/^I50\.9 \(Heart failure, unspecified\) documented on /);
  });

  it('are neutral in every purpose and never long', () => {
    for (const { template } of queries()) {
      expect(checkQuery(template.draft).filter((p) => p.id === 'long-question')).toEqual([]);
      expect(template.draft.question).not.toMatch(/\b(?:DRG|CC|MCC|HCC|reimburse|billing|payment)\b/i);
    }
  });
});

describe('diabetes beside a complication the classification links to it', () => {
  it('is a cause-and-effect query on two documented conditions, offering the link, its absence and the escapes, with a caution', () => {
    const finding = onlyFinding(FINDING_SCENARIOS.find((s) => s.ruleId === 'diabetes/complication-not-linked')!);
    const template = queryOf(templateFor(finding));
    expect(template.draft.purpose).toBe('confirm-documented');
    expect(template.draft.options.map((o) => o.text)).toEqual([
      'Type 2 diabetes mellitus with diabetic chronic kidney disease', NOT_DUE_TO_DIABETES, ESCAPE_OPTIONS.other, ESCAPE_OPTIONS.undetermined,
    ]);
    expect(template.caution).toMatch(/Official Guidelines I\.A\.15/);
    // Yes/no is allowed for a documented diagnosis's cause and effect.
    expect(template.formats).toContain('yes-no');
  });
});

describe('sepsis', () => {
  it('is asked as a clarification (clinical validation of a documented sepsis is a later issue)', () => {
    const finding = onlyFinding(FINDING_SCENARIOS.find((s) => s.ruleId === 'sepsis/indicators')!);
    expect(queryOf(templateFor(finding)).draft).toMatchObject({ purpose: 'clarification', format: 'multiple-choice' });
  });
});

describe('a finding with no diagnosis to offer', () => {
  it('is an open-ended query, the most defensible format', () => {
    const finding = onlyFinding(FINDING_SCENARIOS[0]!);
    const bare: Finding = { ...finding, answerOptions: finding.answerOptions.filter((o) => !o.icd10) };
    const template = queryOf(templateFor(bare));
    expect(template.draft).toMatchObject({ format: 'open-ended', options: [] });
    expect(blocking(template.draft)).toEqual([]);
  });

  it('a rule Clarify does not know yet still gets a neutral question', () => {
    const finding = onlyFinding(FINDING_SCENARIOS[0]!);
    const template = queryOf(templateFor({ ...finding, ruleId: 'future/new-rule' }));
    expect(template.draft.question).toBe('Based on the clinical indicators below, please clarify the diagnosis, if any, that these findings represent.');
    expect(blocking(template.draft)).toEqual([]);
  });
});

describe('allowedFormats', () => {
  it.each(QUERY_PURPOSES.map((p) => [p] as const))('%s', (purpose) => {
    const yesNo = ['confirm-documented', 'present-on-admission', 'conflicting-documentation'].includes(purpose);
    expect(allowedFormats(purpose)).toEqual(yesNo ? ['open-ended', 'multiple-choice', 'yes-no'] : ['open-ended', 'multiple-choice']);
  });
});

describe('draftInFormat: changing the format keeps the question and indicators', () => {
  const finding = () => onlyFinding(FINDING_SCENARIOS[0]!);

  it('open-ended drops the options; multiple choice brings the finding\'s back', () => {
    const draft = defaultDraft(finding())!;
    const open = draftInFormat(draft, 'open-ended', finding())!;
    expect(open).toEqual({ ...draft, format: 'open-ended', options: [] });
    expect(blocking(open)).toEqual([]);
    expect(draftInFormat(open, 'multiple-choice', finding())).toEqual(draft);
  });

  it('refuses yes/no for a clarification query (indicators alone)', () => {
    expect(draftInFormat(defaultDraft(finding())!, 'yes-no', finding())).toBeUndefined();
  });

  it('yes/no keeps "Clinically undetermined" beside Yes and No, where the purpose allows it', () => {
    const diabetes = onlyFinding(FINDING_SCENARIOS.find((s) => s.ruleId === 'diabetes/complication-not-linked')!);
    const yesNo = draftInFormat(defaultDraft(diabetes)!, 'yes-no', diabetes)!;
    expect(yesNo.options).toEqual([{ text: ESCAPE_OPTIONS.undetermined }]);
    expect(checkQuery(yesNo).filter((p) => p.field === 'format' || p.field === 'options')).toEqual([]);
  });
});

describe('the drafts survive the trip through FHIR', () => {
  it('every template, written as the query transaction writes it, reads back the same with the same problems', () => {
    for (const scenario of [...FINDING_SCENARIOS, ...UNSPECIFIED_CODE_SCENARIOS]) {
      const finding = onlyFinding(scenario);
      const draft = defaultDraft(finding);
      if (!draft) continue;
      const bundle = buildQueryTransaction({
        finding, draft, patient: 'Patient/pat-1', encounter: 'Encounter/enc-1', author: { reference: 'Practitioner/cdi-1' }, recipient: { reference: 'Practitioner/md-1' },
        authoredOn: '2021-03-15T12:00:00Z', dueDate: '2021-03-17', identifier: '0b8f3c1e-7a52-4d7e-9d0a-3f1e2b4c5d6e',
      });
      const task = bundle.entry!.find((e) => e.resource?.resourceType === 'Task')!.resource;
      const reading = draftFromFhir(task);
      expect(reading, scenario.name).toEqual({ ok: true, draft, problems: [] });
      if (reading.ok) expect(checkQuery(reading.draft)).toEqual(checkQuery(draft));
    }
  });
});
