/**
 * Code-validity checks on the ICD-10-CM codes of the record's diagnoses (Conditions, Encounter.diagnosis,
 * Claim/ExplanationOfBenefit diagnoses), against the FY2026 code table (CDC/NCHS-CMS order file and addenda):
 *
 * - invalid-code: a code FY2026 does not have. The FY2026 code set applies to dates of service from
 *   2025-10-01; a claim carrying a code outside it is rejected (HIPAA code-set requirement, 45 CFR 162.1002).
 *   Each code is judged by the code set of its date of service (coded-diagnoses.ts): none before
 *   2015-10-01 (ICD-9-CM then); on a service of FY2016–FY2025, a code FY2026 deleted was valid (no finding),
 *   and a code FY2026 lacks for another reason is left alone too. The tables we ship cannot tell whether
 *   it existed then (deletions of FY2017–FY2025 are not in them), and the view files this kind under
 *   "Invalid code": a coder would rather check an older claim in that year's encoder than chase a finding
 *   that is wrong for every code deleted since, on older claims that were paid. One exception: a code
 *   without the form of any ICD-10-CM code (`250.00`, an ICD-9-CM code) is invalid in every fiscal year.
 * - non-billable-code: a header (order file flag 0, e.g. E11) used as a diagnosis. Official Guidelines
 *   I.B.2: "a code is invalid if it has not been coded to the full number of characters required".
 *   Not before 2015-10-01; on a service before FY2026, a code FY2026 subdivided was billable (FY2025) and
 *   is fine. A header FY2026 did not subdivide was a header in FY2025 too; that a year before FY2025
 *   subdivided it is the residual risk, small beside the headers coded as diagnoses on real claims.
 * - unspecified-code: a code whose title leaves out what the record holds (Official Guidelines I.A.9.b:
 *   "unspecified" codes are for when the record is insufficient to assign a more specific code):
 *   heart failure I50.9/I50.1 with an LVEF result (2022 AHA/ACC/HFSA guideline: the LVEF classifies heart
 *   failure); CKD N18.9 with eGFR results (KDIGO 2012: the GFR category stages CKD); diabetes "without
 *   complications" (E08-E13 .9) beside a complication the Alphabetic Index lists under "with" (I.A.15);
 *   pressure ulcer of unspecified stage beside a nursing stage assessment (I.C.12.a, I.B.14); a code of
 *   unspecified side while Condition.bodySite records the side (laterality, I.B.13).
 *
 * unspecified-code judges codes stated for dates of service from 2015-10-01, as the other table checks.
 *
 * Only codings in the ICD-10-CM system (http://hl7.org/fhir/sid/icd-10-cm) are checked: WHO ICD-10
 * (http://hl7.org/fhir/sid/icd-10) is another code system with other codes. Without the table the checks
 * are silent. One finding per code and resource at fault: a Condition repeated on several claims is one
 * finding, the Condition its target and the claims its evidence.
 */
import type { Condition } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { describeServiceDate, formatFhirDateTime } from '../../record/fhir-dates';
import { DIABETES_CATEGORIES } from '../../terminology/diagnoses';
import { dottedIcd10, hasIcd10CmForm, undottedIcd10, type Icd10CmCode, type Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import { hasIcd10CmPrefix } from '../../terminology/icd10cm-codings';
import { LOINC, PRESSURE_INJURY_STAGE_LOINC } from '../../terminology/loinc';
import { unstagedPressureUlcerSite } from '../../terminology/pressure-ulcer';
import { SYSTEM } from '../../terminology/systems';
import { CKD_STAGE_OPTIONS, HEART_FAILURE_TYPE_OPTIONS, withStandardOptions } from '../engine/answer-options';
import { latestTime, referencesOf } from '../engine/evidence';
import { describeFact, noteFact, resultFact, statedFact } from '../engine/facts';
import { stageOptions, stageValue } from '../engine/pressure-injury';
import type { AnswerOption, CodingDiscrepancyDraft, Fact, Rule, RuleContext } from '../engine/types';
import { codedDiagnoses, codedDiagnosisFact, type CodedDiagnosis } from '../engine/coded-diagnoses';
import { describeIcd10Code } from '../engine/describe-diagnosis';


/** `E11.00–E11.A (87 billable codes)` */
function childRange(children: readonly Icd10CmCode[]): string {
  if (children.length === 1) return children[0]!.code;
  return `${children[0]!.code}–${children.at(-1)!.code} (${children.length} billable codes)`;
}

/** The longest prefix of a code that FY2026 has (its nearest parent), if any. */
function nearestParent(table: Icd10CmTable, code: string): Icd10CmCode | undefined {
  // No ICD-10-CM code is longer than 8 characters with its dot: a longer "code" is judged in constant time.
  for (let length = Math.min(code.length - 1, 8); length >= 3; length--) {
    const found = table.lookup(code.slice(0, length));
    if (found) return found;
  }
  return undefined;
}

/** The finding about a coded diagnosis; its facts are the code as coded (`coded`, first) and any `extra.facts`. */
function draftFor(diagnosis: CodedDiagnosis, coded: Fact, summary: string, extra: Partial<CodingDiscrepancyDraft> & Pick<CodingDiscrepancyDraft, 'kind'>): CodingDiscrepancyDraft {
  return {
    summary,
    facts: [coded],
    evidence: diagnosis.evidence,
    suspectedCondition: diagnosis.dotted,
    target: diagnosis.reference,
    encounter: diagnosis.encounter,
    observedAt: diagnosis.time,
    answerOptions: [],
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------
// invalid-code

/** These checks have no numeric criteria: the code table decides. */
export const CODE_TABLE_THRESHOLDS = {};

/**
 * An ICD-10-CM code FY2026 does not have, on a service of FY2026 (or of unknown date): "deleted in FY2026"
 * with its FY2025 title when the FY2026 addenda delete it, else "not an ICD-10-CM FY2026 code"; names the
 * nearest FY2026 parent and its billable codes. On a service of FY2016–FY2025, only a code without the
 * ICD-10-CM form (the table cannot judge the others for that year).
 */
export const invalidCode: Rule<typeof CODE_TABLE_THRESHOLDS> = {
  id: 'coding/invalid-code',
  title: 'Diagnosis code not in ICD-10-CM FY2026',
  category: 'coding-discrepancy',
  severity: 'high',
  rationale: 'A diagnosis code outside the ICD-10-CM FY2026 code set (CDC/NCHS-CMS order file and addenda, in effect for dates of service from 2025-10-01) is not valid on a claim and is rejected.',
  thresholds: CODE_TABLE_THRESHOLDS,
  evaluate(context) {
    const table = context.icd10cm;
    if (!table) return [];
    return codedDiagnoses(context).filter((d) => !table.lookup(d.code)).flatMap((d) => {
      const coded = codedDiagnosisFact(d);
      if (d.era === 'earlier-fy') {
        if (hasIcd10CmForm(d.code) || !d.serviceDate) return [];
        return [draftFor(d, coded, `${coded.label} does not have the form of an ICD-10-CM code (a letter, a digit and a character, then up to four characters) in any fiscal year; its date of service is ${describeServiceDate(d.serviceDate)}.`, { kind: 'invalid-code' })];
      }
      const deletedTitle = table.deletedInFy2026(d.code);
      const parent = nearestParent(table, d.code);
      const children = parent && !parent.billable ? table.billableChildren(parent.code) : [];
      const parentFact = !parent ? ''
        : children.length ? ` Its nearest FY2026 parent, ${parent.code} (${parent.title}), is a header: use one of ${childRange(children)}.`
        : ` Its nearest FY2026 parent is ${parent.code} (${parent.title}).`;
      const what = deletedTitle !== undefined
        ? `${coded.label} (FY2025 title: ${deletedTitle}) was deleted in FY2026: it is not a valid ICD-10-CM code for dates of service from 2025-10-01.`
        : `${coded.label} is not an ICD-10-CM FY2026 code.`;
      return [draftFor(d, coded, `${what}${parentFact}`, { kind: 'invalid-code' })];
    });
  },
};

// ---------------------------------------------------------------------------------------------------------
// non-billable-code

/**
 * A header (E11, G35) used as a diagnosis: names its billable codes, and says when FY2026 subdivided it.
 * A code FY2026 subdivided was billable on services before 2025-10-01: no finding for them.
 */
export const nonBillableCode: Rule<typeof CODE_TABLE_THRESHOLDS> = {
  id: 'coding/non-billable-code',
  title: 'Category header used as a diagnosis code',
  category: 'coding-discrepancy',
  severity: 'high',
  rationale: 'A header code is not valid on a claim: a code must be reported to the full number of characters required (ICD-10-CM Official Guidelines I.B.2; order file flag 0).',
  thresholds: CODE_TABLE_THRESHOLDS,
  evaluate(context) {
    const table = context.icd10cm;
    if (!table) return [];
    return codedDiagnoses(context).flatMap((d) => {
      const entry = table.lookup(d.code);
      if (!entry || entry.billable) return [];
      const subdividedInFy2026 = table.subdividedInFy2026(d.code);
      if (subdividedInFy2026 && d.era === 'earlier-fy') return [];
      const children = table.billableChildren(d.code);
      const subdivided = subdividedInFy2026 ? ' (subdivided in FY2026: billable until FY2025)' : '';
      // Before FY2026 the children may differ: FY2026's are named, the coder takes that year's.
      const earlier = d.era === 'earlier-fy' && d.serviceDate ? d.serviceDate : undefined;
      const use = !children.length ? '' : earlier ? `: FY2026 lists ${childRange(children)}` : `: use one of ${childRange(children)}`;
      const when = earlier ? ` It was a header in FY2025 as well; for its date of service, ${describeServiceDate(earlier)}, a billable code of that year is reported.` : '';
      const coded = codedDiagnosisFact(d);
      return [draftFor(d, coded, `${coded.label} (${entry.title}) is a category header${subdivided}, not a billable code${use}.${when}`, { kind: 'non-billable-code' })];
    });
  },
};

// ---------------------------------------------------------------------------------------------------------
// unspecified-code

export const UNSPECIFIED_CODE_THRESHOLDS = {
  /** LVEF results in the review window that specify an unspecified heart failure code. */
  lvefResultsAtLeast: 1,
  /** eGFR results in the review window that specify an unstaged CKD code. */
  egfrResultsAtLeast: 1,
};
type UnspecifiedThresholds = typeof UNSPECIFIED_CODE_THRESHOLDS;

/** LVEF by modality, beside LOINC.LVEF 10230-1 (codes and names as in DICOM PS3.16 CID 3467, 3833, 12202). */
export const LVEF_BY_MODALITY_LOINC = {
  ULTRASOUND: '18043-0', // Left Ventricular Ejection Fraction by US
  ANGIOGRAPHY: '8808-8', // Left Ventricular Ejection Fraction by Angiography
  CT: '8810-4', // Left ventricular ejection fraction by CT
  MR: '8811-2', // Left ventricular ejection fraction by MR
} as const;
const LVEF = [LOINC.LVEF, ...Object.values(LVEF_BY_MODALITY_LOINC)];
const EGFR = [LOINC.EGFR_MDRD, LOINC.EGFR_NON_BLACK, LOINC.EGFR_CKD_EPI_2021];

/** What a specificity check found for one coded diagnosis. */
interface Specificity {
  /** What the record holds, one sentence without the final period, rendered from `facts`. */
  statement: string;
  /** The observations the statement cites, in its order. */
  facts: Fact[];
  evidence: string[];
  /** Specific codes for a query; [] when the classification settles it and the coder fixes it. */
  options: AnswerOption[];
  times: string[];
  /** The provider's documentation already states the specificity: the coder codes it, no query is needed. */
  documented?: true;
}

/** One "unspecified code while the record holds the specificity" check. */
interface SpecificityCheck {
  key: string;
  check(diagnosis: CodedDiagnosis, context: RuleContext, table: Icd10CmTable, t: UnspecifiedThresholds): Specificity | undefined;
}

/** Whether any diagnosis of the record carries a code starting with one of the prefixes (undotted). */
function codedWith(context: RuleContext, prefixes: readonly string[]): CodedDiagnosis[] {
  return codedDiagnoses(context).filter((d) => hasIcd10CmPrefix(d.code, prefixes));
}

/** The latest point as a fact, described, and the references of all. */
function pointFacts(label: string, points: readonly ObservationPoint[]): Pick<Specificity, 'facts' | 'evidence' | 'times'> & { described: string } {
  const latest = resultFact(label, points.at(-1)!);
  const count = points.length > 1 ? ` (latest of ${points.length} results)` : '';
  return { described: `${describeFact(latest)}${count}`, facts: [latest], evidence: referencesOf(points), times: [latestTime(points)!] };
}

/** I50.9 Heart failure, unspecified / I50.1 Left ventricular failure, unspecified, with an LVEF in the window. */
const heartFailureType: SpecificityCheck = {
  key: 'heart-failure-type',
  check(d, context, _table, t) {
    if (d.code !== 'I509' && d.code !== 'I501') return undefined;
    if (codedWith(context, ['I50.2', 'I50.3', 'I50.4', 'I50.8']).length) return undefined; // typed elsewhere: redundant, not unspecified
    const lvef = context.observations(...LVEF);
    if (lvef.length === 0 || lvef.length < t.lvefResultsAtLeast) return undefined;
    const { described, facts, evidence, times } = pointFacts('LVEF', lvef);
    return { statement: `the record holds ${described}, which classifies heart failure by type`, facts, evidence, times, options: [...HEART_FAILURE_TYPE_OPTIONS] };
  },
};

/** N18.9 Chronic kidney disease, unspecified, with eGFR results in the window. */
const ckdStage: SpecificityCheck = {
  key: 'ckd-stage',
  check(d, context, _table, t) {
    if (d.code !== 'N189') return undefined;
    if (codedWith(context, ['N18.1', 'N18.2', 'N18.3', 'N18.4', 'N18.5', 'N18.6']).length) return undefined;
    const egfr = context.observations(...EGFR);
    if (egfr.length === 0 || egfr.length < t.egfrResultsAtLeast) return undefined;
    const { described, facts, evidence, times } = pointFacts('eGFR', egfr);
    return { statement: `the record holds ${described}, which stages chronic kidney disease (KDIGO GFR categories)`, facts, evidence, times, options: [...CKD_STAGE_OPTIONS] };
  },
};

/** A complication the Alphabetic Index lists under Diabetes, "with", and the combination subcategory it takes. */
export interface DiabetesComplication {
  name: string;
  /** ICD-10-CM codes of the complication coded on its own (prefixes). */
  complication: readonly string[];
  /** Subcategory after the diabetes category (E11 + `.22`): the combination code ICD-10-CM presumes. */
  combination: string;
  /** Subcategories (after the category) that already link the complication: E11 + `.2` → E11.2-. */
  linkedBy: string;
}

/**
 * Index: Diabetes, with: chronic kidney disease (.22), polyneuropathy (.42), retinopathy (.319), peripheral
 * angiopathy (.51), gastroparesis (.43). Retinopathy only as H35.00 Unspecified background retinopathy: the
 * other H35.0- codes name another cause or a finding (as in src/rules/diabetes.ts).
 */
export const DIABETES_COMPLICATIONS: readonly DiabetesComplication[] = [
  { name: 'chronic kidney disease', complication: ['N18'], combination: '.22', linkedBy: '.2' },
  { name: 'polyneuropathy', complication: ['G62.9', 'G63'], combination: '.42', linkedBy: '.4' },
  { name: 'retinopathy', complication: ['H35.00'], combination: '.319', linkedBy: '.3' },
  { name: 'peripheral vascular disease', complication: ['I73.9'], combination: '.51', linkedBy: '.5' },
  { name: 'gastroparesis', complication: ['K31.84'], combination: '.43', linkedBy: '.43' },
];

/** E08.9–E13.9 "without complications" beside a complication coded on its own: a coder fix (I.A.15 "with"). */
const diabetesWithoutComplications: SpecificityCheck = {
  key: 'diabetes-complication',
  check(d, context, table) {
    const category = DIABETES_CATEGORIES.find((c) => d.code === `${c}9`);
    if (!category) return undefined;
    const found = DIABETES_COMPLICATIONS.flatMap((c) => {
      if (codedWith(context, [`${category}${c.linkedBy}`]).length) return [];
      const coded = codedWith(context, c.complication);
      return coded.length ? [{ complication: c, coded }] : [];
    });
    if (found.length === 0) return undefined;
    const withFacts = found.map((f) => ({ ...f, facts: f.coded.map(codedDiagnosisFact) }));
    const described = withFacts.map(({ complication, facts }) =>
      `${[...new Set(facts.map((f) => describeIcd10Code(table, f.label)))].join(', ')} (${[...new Set(facts.map((f) => f.reference))].join(', ')}), which with diabetes is coded ${dottedIcd10(`${category}${complication.combination}`)}`);
    return {
      statement: `the record documents ${described.join('; ')}: ICD-10-CM presumes the link ("with", Official Guidelines I.A.15) unless the provider documents another cause`,
      facts: withFacts.flatMap((f) => f.facts),
      evidence: [...new Set(found.flatMap((f) => f.coded.flatMap((x) => x.evidence)))],
      times: found.flatMap((f) => f.coded.flatMap((x) => (x.time ? [x.time] : []))),
      options: [],
    };
  },
};

/** L89 of unspecified stage (L89.xx9, L89.40, L89.90) with a nursing stage assessment in the window. */
const pressureUlcerStage: SpecificityCheck = {
  key: 'pressure-ulcer-stage',
  check(d, context) {
    const site = unstagedPressureUlcerSite(d.code);
    if (!site) return undefined;
    const staged = stageOptions(site);
    if (codedWith(context, staged.map((o) => o.icd10!)).length) return undefined;
    const stages = context.observations(PRESSURE_INJURY_STAGE_LOINC.MDS, PRESSURE_INJURY_STAGE_LOINC.NPUAP)
      .filter((p) => stageValue(p.observation) !== undefined);
    if (stages.length === 0) return undefined;
    const facts = stages.map((p) => statedFact('assessment', 'pressure injury stage', p.reference, { time: p.time, text: stageValue(p.observation) }));
    const described = facts.map((f) => `${f.label} "${f.text}" on ${formatFhirDateTime(f.time)}`).join(', ');
    return { statement: `nursing recorded ${described} (the stage may come from nursing documentation, Official Guidelines I.B.14)`, facts, evidence: referencesOf(stages), times: stages.map((p) => p.time), options: staged };
  },
};

// Laterality ----------------------------------------------------------------------------------------------

/** SNOMED CT laterality (HL7 laterality value sets: mCODE LateralityVS, HL7 CH EMS). */
export const LATERALITY_SNOMED = {
  LEFT: '7771000', // Left (qualifier value)
  RIGHT: '24028007', // Right (qualifier value)
  BILATERAL: '51440002', // Right and left (qualifier value)
  ATTRIBUTE: '272741003', // Laterality (attribute), in post-coordinated body sites: `<site>:272741003=7771000`
} as const;

export type Side = 'right' | 'left' | 'bilateral';

/** The side a Condition's body site records: SNOMED CT laterality (plain or post-coordinated), or the words. */
export function bodySiteSide(condition: Condition): Side | undefined {
  const sides = new Set<Side>();
  for (const site of condition.bodySite ?? []) {
    for (const coding of site.coding ?? []) {
      if (coding.system !== SYSTEM.SNOMED || !coding.code) continue;
      const value = new RegExp(`${LATERALITY_SNOMED.ATTRIBUTE}\\s*(?:\\|[^|]*\\|)?\\s*=\\s*(\\d+)`).exec(coding.code)?.[1] ?? coding.code;
      if (value === LATERALITY_SNOMED.LEFT) sides.add('left');
      if (value === LATERALITY_SNOMED.RIGHT) sides.add('right');
      if (value === LATERALITY_SNOMED.BILATERAL) sides.add('bilateral');
    }
    for (const text of [site.text, ...(site.coding ?? []).map((c) => c.display)]) {
      if (!text) continue;
      if (/\bbilateral\b/i.test(text)) sides.add('bilateral');
      if (/\bleft\b/i.test(text)) sides.add('left');
      if (/\bright\b/i.test(text)) sides.add('right');
    }
  }
  if (sides.has('bilateral') || (sides.has('left') && sides.has('right'))) return 'bilateral';
  return sides.has('left') ? 'left' : sides.has('right') ? 'right' : undefined;
}

function bodySiteText(condition: Condition): string {
  return (condition.bodySite ?? []).map((s) => s.text ?? s.coding?.find((c) => c.display)?.display ?? s.coding?.find((c) => c.code)?.code).filter(Boolean).join(', ');
}

/**
 * A code of unspecified side on a Condition whose body site records the side. Its right, left (and bilateral)
 * codes come from the table, which the generator precomputes from the order file's titles (M17.10 unspecified
 * knee → M17.11 right knee, M17.12 left knee; none for the "dominant side" hemiplegia codes, where the side
 * alone does not choose the code).
 */
const laterality: SpecificityCheck = {
  key: 'laterality',
  check(d, _context, table) {
    if (d.target.resourceType !== 'Condition') return undefined;
    const condition = d.target as Condition;
    const side = bodySiteSide(condition);
    if (!side) return undefined;
    const siblings = table.lateralSiblings(d.code);
    if (!siblings.right || !siblings.left) return undefined;
    const options = (['right', 'left', 'bilateral'] as const).flatMap((s) => (siblings[s] ? [{ text: siblings[s].title, icd10: siblings[s].code }] : []));
    const site = statedFact('diagnosis', bodySiteText(condition), d.reference, { text: side });
    return {
      statement: `${site.reference} records the body site "${site.label}" (${site.text}); the codes naming the side are ${options.map((o) => o.icd10).join(', ')}`,
      facts: [site], evidence: [], times: [], options,
    };
  },
};

/** "unspecified" (or the short titles' "unsp") in a code's title. */
const UNSPECIFIED_TITLE = /\bunsp(?:ecified)?\b/i;

/**
 * An unspecified code while a note of the review affirms a more specific diagnosis of the same category
 * (code I50.9, the progress note: "acute on chronic systolic heart failure", I50.23): the documentation
 * supports the specific code (Official Guidelines I.A.9.b, I.A.19), so the coder assigns it.
 */
const statedInNote: SpecificityCheck = {
  key: 'stated-in-note',
  check(d, context, table) {
    if (!UNSPECIFIED_TITLE.test(table.lookup(d.code)?.title ?? '')) return undefined;
    const category = d.code.slice(0, 3);
    const said = context.noteMentions().filter(({ mention }) => {
      const code = undottedIcd10(mention.diagnosis.icd10);
      const title = table.lookup(code)?.title;
      return mention.assertion === 'affirmed' && code.startsWith(category) && code !== d.code && title !== undefined && !UNSPECIFIED_TITLE.test(title);
    });
    if (said.length === 0) return undefined;
    const oncePerNote = said.filter((m, i) => said.findIndex((x) => x.note === m.note) === i);
    const facts = oncePerNote.map(noteFact);
    const stated = oncePerNote.map(({ mention }, i) =>
      `${facts[i]!.label}${facts[i]!.time ? ` of ${formatFhirDateTime(facts[i]!.time)}` : ''} states "${mention.words}" (${mention.diagnosis.icd10})`);
    return {
      statement: `the ${stated.join(', and the ')}`,
      facts, evidence: [...new Set(facts.map((f) => f.reference))], times: facts.flatMap((f) => (f.time ? [f.time] : [])),
      options: [], documented: true,
    };
  },
};

/** The checks, in the order their facts and options are reported. */
export const SPECIFICITY_CHECKS: readonly SpecificityCheck[] = [statedInNote, heartFailureType, ckdStage, diabetesWithoutComplications, pressureUlcerStage, laterality];

/**
 * An unspecified code while the record holds what specifies it: one finding per code and resource, with
 * the facts of every check that applies. A query (the specific codes, then the standard escapes) when the
 * provider must say; none (a coder fix) when the classification settles it, as for the diabetes "with" link.
 */
export const unspecifiedCode: Rule<UnspecifiedThresholds> = {
  id: 'coding/unspecified-code',
  title: 'Unspecified code while the record holds the specificity',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'Codes titled "unspecified" are for when the record is insufficient to assign a more specific code (ICD-10-CM Official Guidelines I.A.9.b); a note stating the specific diagnosis (I.A.19), an LVEF, eGFR results, a coded diabetic complication (I.A.15), a nursing ulcer stage (I.B.14) or a recorded body side make the specific code assignable or queryable.',
  thresholds: UNSPECIFIED_CODE_THRESHOLDS,
  evaluate(context, t) {
    const table = context.icd10cm;
    if (!table) return [];
    return codedDiagnoses(context).flatMap((d) => {
      const entry = table.lookup(d.code);
      if (!entry?.billable) return [];
      const found = SPECIFICITY_CHECKS.map((c) => c.check(d, context, table, t)).filter((s): s is Specificity => s !== undefined);
      if (found.length === 0) return [];
      // A note that states the specificity settles it: the coder codes from it, no query.
      const options = found.some((s) => s.documented) ? [] : found.flatMap((s) => s.options).filter((o, i, all) => all.findIndex((x) => x.icd10 === o.icd10) === i);
      const times = [d.time, ...found.flatMap((s) => s.times)].filter((x): x is string => Boolean(x)).sort();
      const coded = codedDiagnosisFact(d);
      return [draftFor(d, coded, `${coded.label} (${entry.title}) is coded while ${found.map((s) => s.statement).join('; and ')}.`, {
        kind: 'unspecified-code',
        facts: [coded, ...found.flatMap((s) => s.facts)],
        evidence: [...new Set([...d.evidence, ...found.flatMap((s) => s.evidence)])],
        observedAt: times.at(-1),
        answerOptions: options.length ? withStandardOptions(options, { notSignificant: false }) : [],
      })];
    });
  },
};

export const CODE_VALIDITY_RULES: readonly Rule[] = [invalidCode, nonBillableCode, unspecifiedCode] as Rule[];
