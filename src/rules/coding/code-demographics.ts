/**
 * Sex and age edits: ICD-10-CM codes whose definition restricts the patient's sex or age, checked against
 * Patient.gender and the age at the time of the diagnosis (from Patient.birthDate).
 *
 * Sources:
 * - CMS Medicare Code Editor (MCE), Definitions of Medicare Code Edits v37 (FY2020; lists transcribed in
 *   github.com/nlindner/CMS_Issued_Codes_For_SQL, MCE_Simple_Code_Edits_v37.txt): §4 age conflict,
 *   §5 sex conflict. The code groups below are whole categories or ranges of that list, each checked
 *   against the FY2026 order file; codes the list holds singly (a few infections, injuries, Z-codes)
 *   are left out.
 * - Sex: recent MCE versions deactivated the sex conflict edits (icdlist.com, "ICD-10-CM Medicare Code
 *   Edits"), and Patient.gender is administrative, not anatomy: a sex conflict is a low-severity warning,
 *   and gender other, unknown or absent says nothing.
 * - Age: MCE age categories (americanmedicalcoding.com, "List of MCE Medicare Code Editor edits"):
 *   maternity 9–64 years inclusive (12–55 in older versions), newborn age 0, pediatric 0–17. A Z38
 *   liveborn code is assigned once, at birth (ICD-10-CM Official Guidelines I.C.16.a.2). Chapter 16
 *   perinatal codes may be used throughout life when the condition originated in the perinatal period
 *   (I.C.16.a.4), so one on an adult is a warning only.
 * The age is the patient's at the diagnosis: Condition.recordedDate (else onset), or the claim's date.
 */
import type { Condition } from 'fhir/r4';
import { ageAt, formatFhirDateTime, type AgeRange } from '../../record/fhir-dates';
import { referenceTo } from '../../record/references';
import { isRefutedOrEnteredInError } from '../../record/statuses';
import { matchesIcd10Target } from '../../terminology/icd10cm/icd10cm-table';
import { isMirroredEob } from '../engine/claims';
import { codedDiagnoses, codedDiagnosisFact, type CodedDiagnosis } from '../engine/coded-diagnoses';
import { describeIcd10Code } from '../engine/describe-diagnosis';
import type { CodingDiscrepancyDraft, Fact, Rule, RuleContext } from '../engine/types';

/** A group of codes an edit applies to: an undotted prefix (`E28`) or inclusive range (`C51-C58`). */
export interface CodeGroup {
  target: string;
  /** In the summary's words. */
  label: string;
}

const MCE_V37 = 'MCE v37';

/** MCE §5A, diagnoses for females only (whole categories and ranges of the list). */
export const FEMALE_ONLY_CODES: readonly CodeGroup[] = [
  { target: 'O00-O9A', label: 'pregnancy, childbirth and the puerperium (O00–O9A)' },
  { target: 'A34', label: 'obstetrical tetanus (A34)' },
  { target: 'B373', label: 'candidiasis of vulva and vagina (B37.3-)' },
  // C50 with a 5th character 1 is the female breast (C50.011 … C50.919); C50.A- names no sex.
  ...['C5001', 'C5011', 'C5021', 'C5031', 'C5041', 'C5051', 'C5061', 'C5081', 'C5091']
    .map((target) => ({ target, label: 'malignant neoplasm of the female breast' })),
  { target: 'C51-C58', label: 'malignant neoplasms of female genital organs (C51–C58)' },
  { target: 'C796', label: 'secondary malignant neoplasm of ovary (C79.6-)' },
  { target: 'D06', label: 'carcinoma in situ of cervix uteri (D06)' },
  { target: 'D070-D073', label: 'carcinoma in situ of female genital organs (D07.0–D07.3)' },
  { target: 'D25-D28', label: 'benign neoplasms of female genital organs (D25–D28)' },
  { target: 'D39', label: 'neoplasm of uncertain behavior of female genital organs (D39)' },
  { target: 'E28', label: 'ovarian dysfunction (E28)' },
  { target: 'F53', label: 'mental disorders of the puerperium (F53)' },
  { target: 'N70-N77', label: 'inflammatory diseases of female pelvic organs (N70–N77)' },
  { target: 'N80-N98', label: 'noninflammatory disorders of female genital tract (N80–N98)' },
  { target: 'Q50-Q52', label: 'congenital malformations of female genital organs (Q50–Q52)' },
  { target: 'R87', label: 'abnormal findings in specimens from female genital organs (R87)' },
  { target: 'Z320', label: 'encounter for pregnancy test (Z32.0-)' },
  { target: 'Z33-Z34', label: 'pregnant state and supervision of pregnancy (Z33–Z34)' },
  { target: 'Z36', label: 'antenatal screening of mother (Z36)' },
  { target: 'Z37', label: 'outcome of delivery (Z37)' },
  { target: 'Z39', label: 'maternal postpartum care (Z39)' },
  { target: 'Z3A', label: 'weeks of gestation (Z3A)' },
];

/** MCE §5C, diagnoses for males only (whole categories and ranges of the list). */
export const MALE_ONLY_CODES: readonly CodeGroup[] = [
  // C50 with a 5th character 2 is the male breast (C50.021 … C50.929).
  ...['C5002', 'C5012', 'C5022', 'C5032', 'C5042', 'C5052', 'C5062', 'C5082', 'C5092']
    .map((target) => ({ target, label: 'malignant neoplasm of the male breast' })),
  { target: 'C60-C63', label: 'malignant neoplasms of male genital organs (C60–C63)' },
  { target: 'D074-D076', label: 'carcinoma in situ of male genital organs (D07.4–D07.6)' },
  { target: 'D29', label: 'benign neoplasm of male genital organs (D29)' },
  { target: 'D40', label: 'neoplasm of uncertain behavior of male genital organs (D40)' },
  { target: 'E29', label: 'testicular dysfunction (E29)' },
  { target: 'N40-N53', label: 'diseases of male genital organs (N40–N53)' },
  { target: 'Q53-Q55', label: 'congenital malformations of male genital organs (Q53–Q55)' },
  { target: 'R86', label: 'abnormal findings in specimens from male genital organs (R86)' },
  { target: 'R972', label: 'elevated prostate specific antigen (R97.2-)' },
];

/** MCE §4C maternity diagnoses: ICD-10-CM chapter 15. */
export const MATERNITY_CODES: readonly CodeGroup[] = [{ target: 'O00-O9A', label: 'pregnancy, childbirth and the puerperium (O00–O9A)' }];
/** MCE §4A newborn diagnoses: the liveborn infant codes, assigned at birth only. */
export const NEWBORN_CODES: readonly CodeGroup[] = [{ target: 'Z38', label: 'liveborn infant (Z38), a birth-episode code' }];
/** ICD-10-CM chapter 16. */
export const PERINATAL_CODES: readonly CodeGroup[] = [{ target: 'P00-P96', label: 'conditions originating in the perinatal period (P00–P96)' }];

/** MCE §4B pediatric diagnoses (ages 0–17), every entry of the v37 list that FY2026 still holds. */
export const PEDIATRIC_CODES: readonly CodeGroup[] = [
  ['A4851', 'infant botulism'], ['B082', 'exanthema subitum'], ['C933', 'juvenile myelomonocytic leukemia'],
  ['E301', 'precocious puberty'], ['E308', 'other disorders of puberty'], ['F642', 'gender identity disorder of childhood'],
  ['F843', 'childhood disintegrative disorder'], ['G937', "Reye's syndrome"], ['H260', 'infantile and juvenile cataract'],
  ['L122', 'chronic bullous disease of childhood'], ['L2083', 'infantile eczema'], ['L211', 'seborrheic infantile dermatitis'],
  ['L444', 'infantile papular acrodermatitis'], ['L704', 'infantile acne'], ['N922', 'excessive menstruation at puberty'],
  ['R0481', 'acute idiopathic pulmonary hemorrhage in infants'], ['R1083', 'colic'], ['R620', 'delayed milestone in childhood'],
  ['R6251', 'failure to thrive (child)'], ['R681', 'nonspecific symptoms peculiar to infancy'],
  ...['T7402', 'T7412', 'T7422', 'T7432', 'T7452', 'T7462', 'T7492'].map((t) => [t, 'child maltreatment, confirmed']),
  ['T744', 'shaken infant syndrome'],
  ...['T7602', 'T7612', 'T7622', 'T7632', 'T7652', 'T7662', 'T7692'].map((t) => [t, 'child maltreatment, suspected']),
  ['Z0012', 'routine child health examination'], ['Z002', 'examination for period of rapid growth in childhood'],
  ['Z003', 'examination for adolescent development state'], ['Z007', 'examination for delayed growth in childhood'],
  ['Z0442', 'examination following alleged child rape'], ['Z0472', 'examination following alleged child physical abuse'],
  ['Z6221', 'child in welfare custody'], ['Z623', 'hostility towards and scapegoating of child'],
  ['Z69010', 'mental health services for victim of parental child abuse'], ['Z69020', 'mental health services for victim of non-parental child abuse'],
  ['Z72810', 'child and adolescent antisocial behavior'], ['Z7381', 'behavioral insomnia of childhood'],
  ['Z762', 'health supervision of healthy infant and child'],
].map(([target, label]) => ({ target: target!, label: label! }));

export const CODE_AGE_LIMITS = {
  /** Years, inclusive: maternity codes outside this range conflict (MCE maternity 9–64). */
  maternityMinAge: 9,
  maternityMaxAge: 64,
  /** Years, inclusive: the newborn codes belong to age 0 (the first year of life). */
  newbornMaxAge: 0,
  /** Years: from this age a perinatal code is flagged, as a warning (I.C.16.a.4 allows it lifelong). */
  perinatalWarningFromAge: 18,
  /** Years, inclusive: pediatric codes belong to ages 0–17 (MCE pediatric). */
  pediatricMaxAge: 17,
};

const SEX_WARNING = 'A warning only: Patient.gender is administrative, and recent Medicare Code Editor versions deactivated the sex edits.';

/** The group a code falls in, if any. */
function groupOf(code: string, groups: readonly CodeGroup[]): CodeGroup | undefined {
  return groups.find((g) => matchesIcd10Target(code, g.target));
}

/**
 * The ICD-10-CM codes of the review whatever their date of service (the edits hold in any fiscal year),
 * once per resource at fault (engine/coded-diagnoses.ts). Refuted and entered-in-error Conditions and EOBs
 * mirroring a Claim of the record add nothing: the Claim speaks for its EOB.
 */
function demographicDiagnoses(context: RuleContext): CodedDiagnosis[] {
  const { record } = context;
  const mirror = (reference: string) => {
    const resource = record.resolve(reference);
    return resource !== undefined && isMirroredEob(record, resource);
  };
  return codedDiagnoses(context, { anyDateOfService: true }).flatMap((d) => {
    if (isMirroredEob(record, d.target)) return [];
    if (d.target.resourceType === 'Condition' && isRefutedOrEnteredInError(d.target as Condition)) return [];
    return [{ ...d, evidence: d.evidence.filter((reference) => !mirror(reference)) }];
  });
}

/** The finding about a code as coded (`coded`, its one fact: the patient's gender and age are not facts). */
function draft(context: RuleContext, d: CodedDiagnosis, coded: Fact, kind: 'sex-conflict' | 'age-conflict', summary: string): CodingDiscrepancyDraft {
  const patient = context.record.patient;
  return {
    kind,
    target: d.reference,
    facts: [coded],
    summary,
    evidence: [...new Set([...d.evidence, ...(patient ? [referenceTo(patient)] : [])])],
    suspectedCondition: d.dotted,
    encounter: d.encounter,
    observedAt: d.diagnosedAt,
    answerOptions: [],
  };
}

/** `O80 (Encounter for full-term uncomplicated delivery)`: the code fact titled from the table, else with the coding's display. */
function codeText(context: RuleContext, coded: Fact): string {
  return describeIcd10Code(context.icd10cm, coded.label, { label: coded.text });
}

/**
 * coding/sex-conflict: a code of the MCE female-only or male-only lists against Patient.gender male or
 * female. Low severity: gender is administrative and the MCE sex edits are deactivated.
 */
export const sexConflict: Rule<Record<string, never>> = {
  id: 'coding/sex-conflict',
  title: 'Sex-specific code against Patient.gender',
  category: 'coding-discrepancy',
  severity: 'low',
  rationale: 'The CMS Medicare Code Editor lists diagnoses for females only and for males only (MCE sex conflict edit); as Patient.gender is administrative and recent MCE versions deactivated the sex edits, a conflict is a warning for the coder to review.',
  thresholds: {},
  evaluate(context) {
    const gender = context.gender;
    if (gender !== 'male' && gender !== 'female') return [];
    const [groups, sex] = gender === 'male' ? [FEMALE_ONLY_CODES, 'female'] : [MALE_ONLY_CODES, 'male'];
    return demographicDiagnoses(context).flatMap((d) => {
      const group = groupOf(d.code, groups);
      if (!group) return [];
      const coded = codedDiagnosisFact(d);
      return [draft(context, d, coded, 'sex-conflict',
        `${codeText(context, coded)} is a ${sex}-only code (${MCE_V37} sex edit: ${group.label}) but Patient.gender is ${gender}. ${SEX_WARNING}`)];
    });
  },
};

function describeAge(age: AgeRange): string {
  return age.min === age.max ? `${age.min}` : `${age.min}–${age.max}`;
}

/**
 * coding/age-conflict: maternity codes outside ages 9–64, newborn Z38 codes after the first year,
 * pediatric codes after 17 (MCE age edits), and perinatal codes from age 18 as a warning (I.C.16.a.4).
 */
export const ageConflict: Rule<typeof CODE_AGE_LIMITS> = {
  id: 'coding/age-conflict',
  title: 'Age-specific code against the patient\'s age',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'The CMS Medicare Code Editor age conflict edit limits maternity codes to ages 9–64, newborn codes to age 0 and pediatric codes to ages 0–17; perinatal codes on adults are only a warning, as ICD-10-CM Official Guidelines I.C.16.a.4 allow them lifelong for conditions that began in the perinatal period.',
  thresholds: CODE_AGE_LIMITS,
  evaluate(context, t) {
    const birthDate = context.record.patient?.birthDate;
    if (!birthDate) return [];
    const at = (d: CodedDiagnosis) => d.diagnosedAt ?? new Date(context.nowMs).toISOString();
    return demographicDiagnoses(context).flatMap((d): CodingDiscrepancyDraft[] => {
      const age = ageAt(birthDate, at(d));
      if (!age) return [];
      const code = d.code;
      const agePhrase = `the patient was ${describeAge(age)} on ${formatFhirDateTime(at(d))} (born ${birthDate})`;
      const coded = codedDiagnosisFact(d);
      const maternity = groupOf(code, MATERNITY_CODES);
      // Ages are ranges when a date is partial: flag only what holds for every possible age.
      if (maternity && (age.max < t.maternityMinAge || age.min > t.maternityMaxAge)) {
        return [draft(context, d, coded, 'age-conflict',
          `${codeText(context, coded)} is a maternity code (${MCE_V37} age edit: ages ${t.maternityMinAge}–${t.maternityMaxAge}) but ${agePhrase}.`)];
      }
      if (groupOf(code, NEWBORN_CODES) && age.min > t.newbornMaxAge) {
        return [draft(context, d, coded, 'age-conflict',
          `${codeText(context, coded)} is a newborn code, assigned once at birth (${MCE_V37} age edit: age ${t.newbornMaxAge}; Official Guidelines I.C.16.a.2), but ${agePhrase}.`)];
      }
      // Low severity: the list is MCE v37 (FY2020), and pediatric care often runs past 17.
      if (groupOf(code, PEDIATRIC_CODES) && age.min > t.pediatricMaxAge) {
        return [{ ...draft(context, d, coded, 'age-conflict',
          `${codeText(context, coded)} is a pediatric code (${MCE_V37} age edit: ages 0–${t.pediatricMaxAge}) but ${agePhrase}.`), severity: 'low' }];
      }
      if (groupOf(code, PERINATAL_CODES) && age.min >= t.perinatalWarningFromAge) {
        return [{ ...draft(context, d, coded, 'age-conflict',
          `${codeText(context, coded)} is a perinatal code and ${agePhrase}. A warning only: a Chapter 16 code stays in use throughout life when the condition originated in the perinatal period (Official Guidelines I.C.16.a.4).`), severity: 'low' }];
      }
      return [];
    });
  },
};

export const CODE_DEMOGRAPHIC_RULES: readonly Rule[] = [sexConflict, ageConflict] as Rule[];
