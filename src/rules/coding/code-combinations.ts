/**
 * Checks on codes reported together, from the tabular notes of the ICD-10-CM table (Excludes1, "use
 * additional code", "code first": FY2017 tabular XML, kept for the codes FY2026 still has) and the Official
 * Guidelines for Coding and Reporting:
 *
 * - excludes1-conflict: two codes reported together (one Encounter.diagnosis list, the Conditions of one
 *   encounter, one claim) when an Excludes1 note of one (inherited from its headers) covers the other.
 *   Excludes1 means "not coded here" (I.A.12.a), with one exception: both may be coded when the two
 *   conditions are unrelated. So the finding asks a coder to review; it is not a query.
 * - redundant-codes: pairs where one code adds nothing beside the other, each with its source: diabetes
 *   "without complications" beside a code of the same category naming one (I.C.4.a: as many codes as
 *   needed to describe all complications; the .9 title says there are none); a CKD stage beside N18.6
 *   ("If both a stage of CKD and ESRD are documented, assign code N18.6 only", I.C.14.a.1); E66.01 beside
 *   E66.813 (report the class only when both class 3 and morbid obesity are documented: FY2025 guidance
 *   reported by Solventum 2025 and shared/DOMAIN.md §3); an unspecified code beside a specific code of the
 *   same condition (I.A.9.b); a symptom routinely associated with a confirmed diagnosis (I.B.5), for the
 *   pairs of the coding literature: cough with pneumonia, chest pain with acute myocardial infarction,
 *   abdominal pain with appendicitis, dysuria with cystitis.
 * - missing-combination-code: a code whose "use additional code" or "code first" note names a companion
 *   it cannot do without, and no such companion is coded. Most notes are conditional ("if applicable",
 *   "any associated", "such as"), and the table keeps the note targets, not that wording, so only the
 *   companions a combination code never carries are required (I.B.9: when a combination code lacks the
 *   detail, an additional code is used): the CKD stage (N18), the heart failure type (I50) and the
 *   ulcer site and depth (L97, L98.4-), and only when the code's own title names that condition (E11.22
 *   "w diabetic chronic kidney disease", I13.0 "w hrt fail", I83.0 "with ulcer", D63.1 "Anemia in chronic
 *   kidney disease"). Any code of the companion's category satisfies the note (N18.9 is a CKD code; its
 *   missing stage is coding/unspecified-code's concern).
 *
 * ICD-10-CM codings only, of dates of service from 2015-10-01 (coded-diagnoses.ts: ICD-9-CM before); without
 * the table the checks are silent.
 */
import type { PatientRecord } from '../../record/patient-record';
import { formatFhirDate } from '../../record/fhir-dates';
import { DIABETES_CATEGORIES } from '../../terminology/diagnoses';
import { dottedIcd10, matchesIcd10Target, type Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import { hasIcd10CmPrefix } from '../../terminology/icd10cm-codings';
import { codedDiagnoses, codedDiagnosisFact, type CodedDiagnosis } from '../engine/coded-diagnoses';
import { describeIcd10Code } from '../engine/describe-diagnosis';
import type { CodingDiscrepancyDraft, Fact, Rule, RuleContext } from '../engine/types';

/** These checks have no numeric criteria: the tabular notes and the guidelines decide. */
export const CODE_COMBINATION_THRESHOLDS = {};

/** Codes reported together, by where they are reported (`Encounter/id` or `Claim/id`). */
function reportedTogether(context: RuleContext): Map<string, CodedDiagnosis[]> {
  const byScope = new Map<string, CodedDiagnosis[]>();
  for (const d of codedDiagnoses(context)) {
    for (const scope of d.scopes) byScope.set(scope, [...(byScope.get(scope) ?? []), d]);
  }
  return byScope;
}

/** `E11` → `E11.-`, `O244` → `O24.4-`, `P702` → `P70.2`, `N181-N186` → `N18.1–N18.6`. */
export function describeNoteTarget(table: Icd10CmTable, target: string): string {
  const dash = target.indexOf('-');
  if (dash >= 0) return `${dottedIcd10(target.slice(0, dash))}–${dottedIcd10(target.slice(dash + 1))}`;
  return table.lookup(target)?.billable ? dottedIcd10(target) : `${dottedIcd10(target)}${target.length > 3 ? '' : '.'}-`;
}

function laterOf(a?: string, b?: string): string | undefined {
  return !a ? b : !b ? a : a > b ? a : b;
}

/** A finding about a code and the codes reported with it, accumulated over every place they meet. */
interface Pairing {
  /** The code at fault (the one to drop, the excluded one). */
  at: CodedDiagnosis;
  /** The codes that make it so. */
  others: CodedDiagnosis[];
  /** Where they are reported together. */
  scopes: string[];
  /** Why, one clause each (notes, guideline rules). */
  notes: string[];
}

function addPairing(found: Map<string, Pairing>, key: string, at: CodedDiagnosis, other: CodedDiagnosis, scope: string, note: string): void {
  let pairing = found.get(key);
  if (!pairing) found.set(key, (pairing = { at, others: [], scopes: [], notes: [] }));
  if (!pairing.others.includes(other)) pairing.others.push(other);
  if (!pairing.scopes.includes(scope)) pairing.scopes.push(scope);
  if (!pairing.notes.includes(note)) pairing.notes.push(note);
}

/** The codes a pairing names as facts: the code at fault and the codes reported with it. */
interface PairingFacts {
  at: Fact;
  others: Fact[];
}

function pairingFacts(pairing: Pairing): PairingFacts {
  return { at: codedDiagnosisFact(pairing.at), others: pairing.others.map(codedDiagnosisFact) };
}

function pairingDraft(pairing: Pairing, facts: Fact[], summary: string, kind: CodingDiscrepancyDraft['kind']): CodingDiscrepancyDraft {
  const all = [pairing.at, ...pairing.others];
  return {
    kind,
    facts,
    summary,
    evidence: [...new Set(all.flatMap((d) => d.evidence))],
    suspectedCondition: pairing.at.dotted,
    target: pairing.at.reference,
    encounter: pairing.at.encounter ?? pairing.scopes.find((s) => s.startsWith('Encounter/')),
    observedAt: all.reduce<string | undefined>((latest, d) => laterOf(latest, d.time), undefined),
    answerOptions: [],
  };
}

/** `the encounter of 2013-11-18`, `the claim of 2013-11-18`: where codes are reported, in words. */
function place(record: PatientRecord, scope: string): string {
  const resource = record.resolve(scope) as { resourceType: string; period?: { start?: string }; created?: string } | undefined;
  const encounterDay = resource?.resourceType === 'Encounter' ? formatFhirDate(resource.period?.start) : undefined;
  if (encounterDay) return `the encounter of ${encounterDay}`;
  const claimDay = resource?.resourceType === 'Claim' || resource?.resourceType === 'ExplanationOfBenefit' ? formatFhirDate(resource.created) : undefined;
  return claimDay ? `the claim of ${claimDay}` : scope;
}

/** `the encounter of 2013-11-18, the claim of 2013-11-20`, the first few: a chronic pair may repeat on every claim of the year. */
function places(record: PatientRecord, scopes: readonly string[], shown = 3): string {
  const named = scopes.map((scope) => place(record, scope));
  return named.length <= shown ? named.join(', ') : `${named.slice(0, shown).join(', ')} and ${named.length - shown} more`;
}

/** `E11.9 (Type 2 diabetes mellitus without complications)`: a code fact with its FY2026 title. */
function describeCode(table: Icd10CmTable, fact: Fact): string {
  return describeIcd10Code(table, fact.label);
}

function codesOf(table: Icd10CmTable, facts: readonly Fact[]): string {
  return [...new Set(facts.map((f) => describeCode(table, f)))].join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// redundant-codes

/** A code that adds nothing beside another, with why (and its source). */
export interface RedundantPair {
  key: string;
  /** The code to drop: ICD-10-CM prefixes, dotted. */
  drop: readonly string[];
  /** The code to keep: prefixes; a code that also matches `drop` is never one. */
  keep: readonly string[];
  /** Why, one clause, with its source. */
  why: string;
}

const SYMPTOM_RULE = 'signs and symptoms routinely associated with a disease process are not coded in addition to it unless the classification instructs otherwise (Official Guidelines I.B.5)';

export const REDUNDANT_PAIRS: readonly RedundantPair[] = [
  ...DIABETES_CATEGORIES.map((category) => ({
    key: `diabetes-without-complications-${category}`,
    drop: [`${category}.9`],
    keep: [category],
    why: `${category}.9 says the diabetes is without complications, while another ${category} code describes it more specifically (Official Guidelines I.C.4.a: as many ${category} codes as needed to describe all complications)`,
  })),
  {
    key: 'ckd-stage-with-esrd',
    drop: ['N18.1', 'N18.2', 'N18.3', 'N18.4', 'N18.5', 'N18.9'],
    keep: ['N18.6'],
    why: 'when both a stage of CKD and ESRD are documented, only N18.6 is assigned (Official Guidelines I.C.14.a.1)',
  },
  {
    key: 'ckd-unspecified-with-stage',
    drop: ['N18.9'],
    keep: ['N18.1', 'N18.2', 'N18.3', 'N18.4', 'N18.5'],
    why: 'an unspecified code is for when the record is insufficient to assign a more specific one (Official Guidelines I.A.9.b)',
  },
  {
    key: 'heart-failure-unspecified-with-type',
    drop: ['I50.9'],
    keep: ['I50.2', 'I50.3', 'I50.4', 'I50.8'],
    why: 'an unspecified code is for when the record is insufficient to assign a more specific one (Official Guidelines I.A.9.b)',
  },
  {
    key: 'morbid-obesity-with-class-3',
    drop: ['E66.01'],
    keep: ['E66.813'],
    why: 'when both class 3 and morbid (severe) obesity are documented, only E66.813 is reported (FY2025 ICD-10-CM guidance)',
  },
  // R05.4 Cough syncope is left out: it is a syncope, not the cough of a pneumonia.
  { key: 'cough-with-pneumonia', drop: ['R05.1', 'R05.2', 'R05.3', 'R05.8', 'R05.9'], keep: ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18'], why: SYMPTOM_RULE },
  // R07.0 Pain in throat and R07.81/R07.82 (pleurodynia, intercostal pain) are left out: not the pain of an infarction.
  { key: 'chest-pain-with-acute-mi', drop: ['R07.1', 'R07.2', 'R07.89', 'R07.9'], keep: ['I21'], why: SYMPTOM_RULE },
  { key: 'abdominal-pain-with-appendicitis', drop: ['R10'], keep: ['K35', 'K36', 'K37'], why: SYMPTOM_RULE },
  { key: 'dysuria-with-cystitis', drop: ['R30'], keep: ['N30'], why: SYMPTOM_RULE },
];

/** The redundant pair (drop first) two codes form, if any. */
export function redundantPair(drop: string, keep: string): RedundantPair | undefined {
  return REDUNDANT_PAIRS.find((p) => hasIcd10CmPrefix(drop, p.drop) && hasIcd10CmPrefix(keep, p.keep) && !hasIcd10CmPrefix(keep, p.drop));
}

/**
 * A code reported with another that makes it redundant: one finding per code to drop and resource,
 * naming the codes that make it so. A coder fix (no query).
 */
export const redundantCodes: Rule<typeof CODE_COMBINATION_THRESHOLDS> = {
  id: 'coding/redundant-codes',
  title: 'Redundant diagnosis codes',
  category: 'coding-discrepancy',
  severity: 'low',
  rationale: 'A code that adds nothing beside another is not reported with it: diabetes "without complications" beside a complication (I.C.4.a), a CKD stage beside ESRD (I.C.14.a.1), an unspecified code beside a specific one (I.A.9.b), morbid obesity beside class 3 obesity, a symptom integral to a confirmed diagnosis (I.B.5).',
  thresholds: CODE_COMBINATION_THRESHOLDS,
  evaluate(context) {
    const table = context.icd10cm;
    if (!table) return [];
    const found = new Map<string, Pairing>();
    for (const [scope, diagnoses] of reportedTogether(context)) {
      for (const drop of diagnoses) {
        for (const keep of diagnoses) {
          const pair = keep.code === drop.code ? undefined : redundantPair(drop.code, keep.code);
          if (pair) addPairing(found, `${drop.code}|${drop.reference}`, drop, keep, scope, pair.why);
        }
      }
    }
    return [...found.values()].map((p) => {
      const { at, others } = pairingFacts(p);
      return pairingDraft(p, [at, ...others],
        `${describeCode(table, at)} is reported with ${codesOf(table, others)} (${places(context.record, p.scopes)}): ${p.notes.join('; ')}.`,
        'redundant-codes');
    });
  },
};

// ---------------------------------------------------------------------------------------------------------
// excludes1-conflict

/**
 * Two codes reported together when an Excludes1 note of one (on it or a header above it) covers the
 * other. A pair both notes cover is reported once (the first code's note); pairs coding/redundant-codes
 * explains (N18.5 with N18.6) are left to it. The target is the resource stating the excluded code.
 */
export const excludes1Conflict: Rule<typeof CODE_COMBINATION_THRESHOLDS> = {
  id: 'coding/excludes1-conflict',
  title: 'Codes an Excludes1 note forbids together',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'An Excludes1 note means the excluded code is never used with the code above the note (ICD-10-CM Official Guidelines I.A.12.a), except when the two conditions are unrelated: a coder review.',
  thresholds: CODE_COMBINATION_THRESHOLDS,
  evaluate(context) {
    const table = context.icd10cm;
    if (!table) return [];
    const excludes = (a: string, b: string) => table.notesFor(a, 'excludes1').filter((n) => matchesIcd10Target(b, n.target) && !matchesIcd10Target(a, n.target));
    const found = new Map<string, Pairing>();
    for (const [scope, diagnoses] of reportedTogether(context)) {
      for (const owner of diagnoses) {
        for (const excluded of diagnoses) {
          if (owner.code === excluded.code) continue;
          const notes = excludes(owner.code, excluded.code);
          if (notes.length === 0) continue;
          if (owner.code > excluded.code && excludes(excluded.code, owner.code).length) continue; // mutual: reported once
          if (redundantPair(owner.code, excluded.code) || redundantPair(excluded.code, owner.code)) continue;
          for (const note of notes) {
            addPairing(found, `${excluded.code}|${excluded.reference}`, excluded, owner, scope, `the Excludes1 note at ${note.owner} excludes ${describeNoteTarget(table, note.target)}`);
          }
        }
      }
    }
    return [...found.values()].map((p) => {
      const { at, others } = pairingFacts(p);
      return pairingDraft(p, [...others, at],
        `${codesOf(table, others)} and ${describeCode(table, at)} are reported together (${places(context.record, p.scopes)}): ${p.notes.join('; ')}. Both are coded only when the conditions are unrelated (Official Guidelines I.A.12.a).`,
        'excludes1-conflict');
    });
  },
};

// ---------------------------------------------------------------------------------------------------------
// missing-combination-code

/** A companion a combination code cannot carry, and the title words that show the code asserts it. */
export interface RequiredCompanion {
  /** Categories (prefixes) of the companion; any code in them satisfies the note. */
  categories: readonly string[];
  /** What the companion tells, for summaries. */
  detail: string;
  /** The code's short title names the companion condition (a "w/o" negation does not). */
  asserted: RegExp;
}

export const REQUIRED_COMPANIONS: readonly RequiredCompanion[] = [
  { categories: ['N18'], detail: 'the stage of chronic kidney disease', asserted: /(?<!w\/o )\b(chronic kidney|chr kidney|chr kdny|ckd|esrd|end stage renal)/i },
  { categories: ['I50'], detail: 'the type of heart failure', asserted: /(?<!w\/o )\b(heart fail|hrt fail)/i },
  { categories: ['L97', 'L98.4'], detail: 'the site and depth of the ulcer', asserted: /\bulc(er|eration)?\b/i },
];

/** The required companions a code's notes name, with the note targets of each. */
export function requiredCompanions(table: Icd10CmTable, code: string): Array<{ companion: RequiredCompanion; kind: 'useadditional' | 'codefirst'; targets: string[] }> {
  const title = table.lookup(code)?.title ?? '';
  return (['useadditional', 'codefirst'] as const).flatMap((kind) => {
    const notes = table.notesFor(code, kind);
    return REQUIRED_COMPANIONS.flatMap((companion) => {
      const targets = notes.map((n) => n.target).filter((t) => hasIcd10CmPrefix(t, companion.categories));
      return targets.length && companion.asserted.test(title) ? [{ companion, kind, targets: [...new Set(targets)] }] : [];
    });
  });
}

/**
 * A combination code whose "use additional code" / "code first" note names a companion it cannot do
 * without (N18 stage, I50 type, L97/L98.4 ulcer), with no code of that companion in the record.
 */
export const missingCombinationCode: Rule<typeof CODE_COMBINATION_THRESHOLDS> = {
  id: 'coding/missing-combination-code',
  title: 'Required companion code missing',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'A combination code that lacks the detail of a condition it names takes an additional code for it, as its "use additional code" or "code first" note says (ICD-10-CM Official Guidelines I.A.13, I.B.7, I.B.9): E11.22 and the CKD stage, I13.0 and the heart failure type, D63.1 and the CKD it is due to.',
  thresholds: CODE_COMBINATION_THRESHOLDS,
  evaluate(context) {
    const table = context.icd10cm;
    if (!table) return [];
    const coded = codedDiagnoses(context);
    return coded.flatMap((d) => {
      const missing = requiredCompanions(table, d.code).filter((r) => !coded.some((x) => hasIcd10CmPrefix(x.code, r.companion.categories)));
      if (missing.length === 0) return [];
      const notes = missing.map((r) =>
        `its "${r.kind === 'codefirst' ? 'code first' : 'use additional code'}" note names ${r.targets.map((t) => describeNoteTarget(table, t)).join(', ')} for ${r.companion.detail}, and no ${r.companion.categories.map((c) => `${c}${c.length > 3 ? '' : '.'}-`).join(' or ')} code is reported for ${context.window.label}`);
      const fact = codedDiagnosisFact(d);
      return [{
        kind: 'missing-combination-code',
        facts: [fact],
        summary: `${describeCode(table, fact)} is reported, but ${notes.join('; and ')}.`,
        evidence: d.evidence,
        suspectedCondition: d.dotted,
        target: d.reference,
        encounter: d.encounter,
        observedAt: d.time,
        answerOptions: [],
      } satisfies CodingDiscrepancyDraft];
    });
  },
};

export const CODE_COMBINATION_RULES: readonly Rule[] = [excludes1Conflict, redundantCodes, missingCombinationCode] as Rule[];
