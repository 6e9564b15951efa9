/**
 * The query each finding starts from: purpose, format, the question from its family's template, the answer
 * options the rule offers and the finding's facts as indicators. The technician edits it in the composer;
 * checkQuery (check-query.ts) judges every edit. Pure.
 *
 * The templates follow AHIMA/ACDIS, *Guidelines for Achieving a Compliant Query Practice* (2022 update) and
 * AHIMA's query examples (../shared/DOMAIN.md §1):
 * - the question presents the indicators and asks; it never names the diagnosis the rule suspects, never
 *   states a diagnosis as fact, never says "please document" a diagnosis, never mentions payment or quality;
 * - "Based on the clinical indicators below, please clarify the diagnosis, if any, that ... represent" for an
 *   indicator-driven gap (a clarification query), multiple choice with the clinically supported options, "Other
 *   (please specify)", "Clinically undetermined" and, where the rule offers it, "Not clinically significant";
 *   open-ended when the finding offers no diagnosis;
 * - a documented diagnosis lacking its type, acuity, stage or side: a specificity (clarification) query that
 *   cites where it is documented and asks for the detail (heart failure, CKD, pressure ulcer, laterality);
 * - two documented conditions ICD-10-CM links by "with" (diabetes and a complication): a cause-and-effect query,
 *   which QueryPurpose files under `confirm-documented` (draft.ts), with a caution: the classification
 *   presumes the link (Official Guidelines I.A.15), so it is usually the coder's to assign without a query;
 * - a sepsis gap (indicators, no diagnosis) is asked as a clarification; a documented diagnosis the record's
 *   indicators do not support (rules/validation) is a clinical-validation query;
 * - coding discrepancies are the coder's to fix (wrong, non-billable or conflicting codes, claims), except an
 *   unspecified code while the record holds the specificity, which is a specificity query.
 */
import type { AnswerOption, Finding } from '../rules/index';
import {
  ESCAPE_OPTIONS, QUERY_FORMATS, YES_NO_PURPOSES, escapeKind,
  type QueryDraft, type QueryFormat, type QueryOption, type QueryPurpose,
} from './draft';
import { indicatorsFromFinding } from './indicators';

/** Which template a query comes from: the question's shape. */
export type TemplateFamily =
  | 'indicators'
  | 'medication-indication'
  | 'heart-failure-specificity'
  | 'ckd-stage'
  | 'pressure-ulcer-stage'
  | 'laterality'
  | 'specificity'
  | 'diabetes-link'
  | 'clinical-validation';

/** What the composer opens with for a finding: a draft query, or why the finding is not a query. */
export type QueryTemplate =
  | {
    kind: 'query';
    family: TemplateFamily;
    draft: QueryDraft;
    /** The formats the guideline allows for the draft's purpose (allowedFormats). */
    formats: readonly QueryFormat[];
    /** Shown beside the draft when a query is seldom the right step (e.g. a link the classification presumes). */
    caution?: string;
  }
  | {
    kind: 'coder-fix';
    /** Why no query is offered, in one sentence for the technician. */
    reason: string;
  };

/** The formats the guideline allows for a purpose: yes/no only in YES_NO_PURPOSES (draft.ts; AHIMA/ACDIS 2022). */
export function allowedFormats(purpose: QueryPurpose): readonly QueryFormat[] {
  return QUERY_FORMATS.filter((format) => format !== 'yes-no' || YES_NO_PURPOSES.includes(purpose));
}

/** The question of an indicator-driven gap: the findings, never the suspected diagnosis, are named. */
const indicatorQuestion = (subject: string) => `Based on the clinical indicators below, please clarify the diagnosis, if any, that ${subject} represent.`;

/** What each documentation-gap rule's indicators are, in the question's words (plural: "... represent"). */
const INDICATOR_SUBJECTS: Readonly<Record<string, string>> = {
  'electrolytes/hyponatremia': 'the low sodium values',
  'electrolytes/hypokalemia': 'the low potassium values',
  'electrolytes/hyperkalemia': 'the high potassium values',
  'hematology/anemia': 'the low hemoglobin values',
  'hematology/acute-blood-loss-anemia': 'the hemoglobin values and treatment',
  'hematology/thrombocytopenia': 'the low platelet counts',
  'renal/acute-kidney-injury': 'the creatinine values',
  'sepsis/indicators': 'these findings',
  'respiratory/acute-respiratory-failure': 'the oxygenation findings and oxygen support',
  'nutrition/malnutrition-indicators': 'the weight and body mass index findings',
  'nutrition/obesity-class': 'the body mass index values',
};

/** The medicine of each medication-indication rule, as the question names it. */
const MEDICINES: Readonly<Record<string, string>> = {
  'medication-indication/antidiabetic': 'the antidiabetic medication',
  'medication-indication/levothyroxine': 'levothyroxine',
  'medication-indication/anticoagulant': 'the anticoagulant',
  'medication-indication/loop-diuretic': 'the loop diuretic',
  'medication-indication/potassium-chloride': 'potassium chloride',
};

const HEART_FAILURE_QUESTION = 'Heart failure is documented without its type or acuity (see the diagnosis below). '
  + 'Based on the clinical indicators below, please clarify the type and acuity of the heart failure.';
const CKD_QUESTION = 'Chronic kidney disease is documented without a stage (see the diagnosis below). '
  + 'Based on the clinical indicators below, please clarify the stage of the chronic kidney disease.';
const PRESSURE_ULCER_QUESTION = 'A pressure ulcer is documented without a stage (see the diagnosis below). '
  + 'Based on the clinical indicators below, please clarify the stage of the pressure ulcer.';
const LATERALITY_QUESTION = 'The diagnosis below is documented without the side affected. '
  + 'Based on the clinical indicators below, please clarify the laterality of the condition.';
const SPECIFICITY_QUESTION = 'The diagnosis below is documented without full specificity. '
  + 'Based on the clinical indicators below, please clarify the diagnosis with the specificity the documentation supports.';
const DIABETES_LINK_QUESTION = 'Diabetes mellitus and the condition below are both documented, with no relationship stated between them. '
  + 'Based on your clinical judgment, please clarify the relationship, if any, between these conditions.';
/** The balancing answer of a cause-and-effect query, beside "<diabetes> with <complication>". */
export const NOT_DUE_TO_DIABETES = 'Not due to diabetes (please specify the cause)';

const DIABETES_LINK_CAUTION = 'ICD-10-CM presumes a link between diabetes and the conditions listed under "with" (Official Guidelines I.A.15): '
  + 'the coder usually assigns the combination code without a query. Query only when the documentation suggests another cause.';

/** Why each coding discrepancy is the coder's to fix rather than a query (README, "Coding discrepancies"). */
const CODER_FIX: Readonly<Record<string, string>> = {
  'invalid-code': 'The code is not valid ICD-10-CM for the date of service: the coder corrects it from the documentation.',
  'non-billable-code': 'A category header is not reportable: the coder assigns the billable code the documentation supports.',
  'unspecified-code': 'ICD-10-CM presumes the link ("with", Official Guidelines I.A.15): the coder assigns the combination code.',
  'sex-conflict': 'The coder reviews the code against the documentation and Patient.gender.',
  'age-conflict': 'The coder reviews the code against the documentation and the patient\'s age.',
  'excludes1-conflict': 'The coder reviews whether the two conditions are unrelated (Official Guidelines I.A.12.a) and corrects the codes.',
  'redundant-codes': 'The coder removes the code the other one already describes.',
  'missing-combination-code': 'The coder adds the companion code the documentation supports.',
  'coding-mismatch': 'The coder reconciles the two codings of the Condition.',
  'claim-unsupported': 'The coder reconciles the claim with the documented diagnoses.',
  'not-on-claim': 'The coder reconciles the claim with the documented diagnoses.',
  'principal-missing': 'The coder sequences the principal diagnosis from the documentation.',
  'documented-not-coded': 'The physician has documented the diagnosis in a note: the coder adds the code or reviews why it is left out.',
};
/** An unspecified code whose specificity a note states (coding/unspecified-code, stated-in-note). */
const CODER_FIX_STATED_IN_NOTE = 'A note documents the specificity the code lacks: the coder assigns the specific code from it.';
const CODER_FIX_DEFAULT = 'A coding discrepancy: the coder corrects the codes from the documentation.';

/** A rule's answer options as a query's: diagnoses with their ICD-10-CM code, the escapes by their text. */
export function optionsFromFinding(answerOptions: readonly AnswerOption[]): QueryOption[] {
  return answerOptions.map((option) => (option.icd10 !== undefined ? { text: option.text, code: option.icd10 } : { text: option.text }));
}

const clinicalOptions = (options: readonly QueryOption[]) => options.filter((o) => escapeKind(o.text) === undefined);
const categoryOf = (code: string | undefined) => code?.trim().toUpperCase().replace('.', '').slice(0, 3);
const LATERALITY_WORDS = /\b(?:right|left|bilateral)\b/i;

interface Shape {
  family: TemplateFamily;
  purpose: QueryPurpose;
  question: string;
  options: QueryOption[];
  caution?: string;
}

/** The specificity template of a diagnosis documented as `code`, from its category and options. */
function specificityShape(code: string | undefined, options: QueryOption[]): Shape {
  const category = categoryOf(code);
  if (category === 'I50') return { family: 'heart-failure-specificity', purpose: 'clarification', question: HEART_FAILURE_QUESTION, options };
  if (category === 'N18') return { family: 'ckd-stage', purpose: 'clarification', question: CKD_QUESTION, options };
  if (category === 'L89') return { family: 'pressure-ulcer-stage', purpose: 'clarification', question: PRESSURE_ULCER_QUESTION, options };
  const clinical = clinicalOptions(options);
  if (clinical.length > 0 && clinical.every((o) => LATERALITY_WORDS.test(o.text))) {
    return { family: 'laterality', purpose: 'clarification', question: LATERALITY_QUESTION, options };
  }
  return { family: 'specificity', purpose: 'clarification', question: SPECIFICITY_QUESTION, options };
}

/**
 * A documented diagnosis the indicators do not support (AHIMA/ACDIS clinical validation query): it names the
 * documented diagnosis, which the provider wrote, presents what the record holds, and asks for the provider's
 * judgment; the options confirm it (with its indicators documented) or rule it out, never a default.
 */
const CLINICAL_VALIDATION_QUESTION = 'The diagnosis below is documented for this patient. Based on the clinical indicators below and your '
  + 'clinical judgment, please clarify the status of this diagnosis.';

function shapeOf(finding: Finding): Shape | { coderFix: string } {
  const options = optionsFromFinding(finding.answerOptions);
  if (finding.category === 'clinical-validation') {
    return { family: 'clinical-validation', purpose: 'clinical-validation', question: CLINICAL_VALIDATION_QUESTION, options };
  }
  if (finding.category === 'coding-discrepancy') {
    if (finding.kind === 'unspecified-code' && finding.facts.some((f) => f.kind === 'note') && clinicalOptions(options).length === 0) return { coderFix: CODER_FIX_STATED_IN_NOTE };
    if (finding.kind !== 'unspecified-code' || clinicalOptions(options).length === 0) return { coderFix: CODER_FIX[finding.kind] ?? CODER_FIX_DEFAULT };
    return specificityShape(finding.suspectedCondition, options);
  }
  const ruleId = finding.ruleId;
  if (ruleId === 'heart-failure/type-acuity-unspecified') return specificityShape('I50', options);
  if (ruleId === 'ckd/stage-unspecified') return specificityShape('N18', options);
  if (ruleId === 'pressure-ulcer/stage-unspecified') return specificityShape('L89', options);
  if (ruleId === 'diabetes/complication-not-linked') {
    const clinical = clinicalOptions(options);
    const escapes = options.filter((o) => escapeKind(o.text) !== undefined);
    return {
      family: 'diabetes-link', purpose: 'confirm-documented', question: DIABETES_LINK_QUESTION, caution: DIABETES_LINK_CAUTION,
      options: [...clinical, { text: NOT_DUE_TO_DIABETES }, ...escapes],
    };
  }
  const medicine = MEDICINES[ruleId];
  if (medicine) {
    return { family: 'medication-indication', purpose: 'clarification', question: `Based on the clinical indicators below, please clarify the condition being treated with ${medicine}.`, options };
  }
  return { family: 'indicators', purpose: 'clarification', question: indicatorQuestion(INDICATOR_SUBJECTS[ruleId] ?? 'these findings'), options };
}

/**
 * The query a finding starts from, or why it is not a query. The draft's indicators are the finding's facts
 * (indicatorsFromFinding); its options the rule's answer options (ICD-10-CM coded, escapes by their text),
 * multiple choice, or open-ended with no options when the rule offers no diagnosis.
 */
export function templateFor(finding: Finding): QueryTemplate {
  const shape = shapeOf(finding);
  if ('coderFix' in shape) return { kind: 'coder-fix', reason: shape.coderFix };
  const format: QueryFormat = clinicalOptions(shape.options).length > 0 ? 'multiple-choice' : 'open-ended';
  const draft: QueryDraft = {
    purpose: shape.purpose,
    format,
    question: shape.question,
    options: format === 'open-ended' ? [] : shape.options,
    indicators: indicatorsFromFinding(finding),
  };
  return { kind: 'query', family: shape.family, draft, formats: allowedFormats(shape.purpose), ...(shape.caution ? { caution: shape.caution } : {}) };
}

/** The draft a finding starts from, or undefined when the finding is the coder's to fix. */
export function defaultDraft(finding: Finding): QueryDraft | undefined {
  const template = templateFor(finding);
  return template.kind === 'query' ? template.draft : undefined;
}

/**
 * The draft in another format, its question and indicators kept: open-ended drops the options (the answer is
 * free text); multiple choice takes the finding's options back when the draft has no clinical one; yes/no keeps
 * only "Clinically undetermined" beside the Yes and No the format implies. Undefined when the guideline does not
 * allow the format for the draft's purpose (allowedFormats).
 */
export function draftInFormat(draft: QueryDraft, format: QueryFormat, finding?: Finding): QueryDraft | undefined {
  if (!allowedFormats(draft.purpose).includes(format)) return undefined;
  if (format === draft.format) return draft;
  if (format === 'open-ended') return { ...draft, format, options: [] };
  if (format === 'yes-no') return { ...draft, format, options: [{ text: ESCAPE_OPTIONS.undetermined }] };
  const fromFinding = finding ? shapeOf(finding) : undefined;
  const options = clinicalOptions(draft.options).length > 0 ? draft.options
    : fromFinding && !('coderFix' in fromFinding) ? fromFinding.options
      : [{ text: ESCAPE_OPTIONS.other }, { text: ESCAPE_OPTIONS.undetermined }];
  return { ...draft, format, options };
}
