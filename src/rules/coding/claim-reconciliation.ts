/**
 * Claim reconciliation: the diagnoses on claims against the diagnoses in the record, both ways, and the
 * principal diagnosis of inpatient stays. FHIR only; the ICD-10-CM table, when loaded, supplies titles.
 *
 * - claim-unsupported: a code is assigned on the provider's diagnostic statement that the condition
 *   exists (ICD-10-CM Official Guidelines for Coding and Reporting FY2026, I.A.19), so a diagnosis on a
 *   Claim or ExplanationOfBenefit needs a Condition or Encounter.diagnosis behind it: the same ICD-10-CM
 *   code (compared without the dot), or, for a diagnosisReference, a Condition in the record that is not
 *   refuted or entered in error.
 * - not-on-claim: every documented condition that coexists at the encounter and affects its care is
 *   coded (Guidelines III for inpatients, IV.J for outpatients). An encounter's diagnoses
 *   (Encounter.diagnosis, or Conditions of category encounter-diagnosis, or of no category, whose
 *   Condition.encounter is the encounter) are compared with the claims that bill the encounter
 *   (Claim.item.encounter; Synthea writes it on item[0]). Uncertain diagnoses (provisional, differential,
 *   unconfirmed) are coded for inpatients only (II.H, III.C; IV.H for outpatients).
 * - principal-missing: an inpatient stay (v3 ActCode IMP, or its specializations ACUTE and NONAC) that has
 *   ended carries a principal diagnosis, "the condition established after study to be chiefly
 *   responsible for occasioning the admission" (UHDDS, Guidelines Section II); before discharge none is
 *   expected, so concurrent review of a stay in progress (status planned, arrived, triaged, in-progress,
 *   onleave, or R5 on-hold; or no period.end, or one after now) finds nothing missing. It is an
 *   Encounter.diagnosis of rank 1 whose role (HL7 diagnosis-role,
 *   http://terminology.hl7.org/CodeSystem/diagnosis-role) is billing or DD (discharge diagnosis) or not
 *   stated; AD (admission diagnosis), CC (chief complaint), CM (comorbidity), pre-op and post-op name
 *   other diagnoses. Or a claim diagnosis of sequence 1 typed principal (HL7 ex-diagnosistype). Second
 *   shape: an external cause code (V00–Y99) as the principal or first-listed diagnosis, which
 *   Guidelines I.C.20.a.6 forbid (CMS Medicare Code Editor edit 2, "E-code as principal diagnosis").
 *
 * All checks read only claims and EOBs in the review window (created or billablePeriod.start in it), and,
 * when Clarify is launched in an encounter, only those billing it or no encounter at all, as
 * RuleContext.diagnoses does; the encounters checked are the launch encounter, else those of the window.
 * An EOB whose EOB.claim is a Claim in the record stands for that Claim and is not checked again. Every
 * fix is the coder's: no provider query is offered.
 */
import type { CodeableConcept, Condition, Encounter, Reference, Resource } from 'fhir/r4';
import type { PatientRecord } from '../../record/patient-record';
import { referenceTo } from '../../record/references';
import { fhirTimeMs, formatFhirDateTime, parseFhirDateTime } from '../../record/fhir-dates';
import { isRefutedOrEnteredInError, isUncertain, verificationStatusOf } from '../../record/statuses';
import { dottedIcd10, undottedIcd10 } from '../../terminology/icd10cm/icd10cm-table';
import { codingKey, icd10CmCodings } from '../../terminology/icd10cm-codings';
import { claimEncounters, encounterOfClaim, isMirroredEob, type ClaimResource } from '../engine/claims';
import { dateOfService } from '../engine/coded-diagnoses';
import { nameDiagnosis } from '../engine/describe-diagnosis';
import { capitalize } from '../engine/evidence';
import { statedFact } from '../engine/facts';
import type { CodingDiscrepancyDraft, Fact, Rule, RuleContext } from '../engine/types';
import { ENCOUNTER_CLASS_LABELS } from '../../terminology/encounters';

/** HL7 code systems these checks read. */
export const CLAIM_SYSTEM = {
  DIAGNOSIS_ROLE: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
  DIAGNOSIS_TYPE: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  CLAIM_TYPE: 'http://terminology.hl7.org/CodeSystem/claim-type',
  CONDITION_CATEGORY: 'http://terminology.hl7.org/CodeSystem/condition-category',
} as const;

export const CLAIM_RECONCILIATION_SETTINGS = {
  /** v3 ActCode encounter classes of an inpatient stay. */
  inpatientClasses: ['IMP', 'ACUTE', 'NONAC'] as readonly string[],
  /** diagnosis-role codes whose rank-1 Encounter.diagnosis is the principal diagnosis (no role counts too). */
  principalRoles: ['billing', 'DD'] as readonly string[],
  /** claim-type codes of claims that carry the encounter's diagnoses (pharmacy, oral and vision claims do not). */
  diagnosisClaimTypes: ['institutional', 'professional'] as readonly string[],
};
type Settings = typeof CLAIM_RECONCILIATION_SETTINGS;

/** Claim, EOB and Encounter statuses of something that did not happen. */
const VOID = new Set(['cancelled', 'entered-in-error']);
/**
 * Encounter statuses of a stay that has not ended (or never took place): R4 and STU3 share these codes
 * (DSTU2 lacks triaged); R5 names leave of absence on-hold.
 */
const NOT_ENDED = new Set(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'on-hold', 'cancelled', 'entered-in-error']);

/** `system|code` of each coding, ICD-10-CM without the dot, so `E11.9` and `E119` are one code. */
function keysOf(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).map((c) => codingKey(c.system, c.code)).filter((k): k is string => Boolean(k));
}

function sharesCoding(a: CodeableConcept | undefined, b: CodeableConcept | undefined): boolean {
  const keys = new Set(keysOf(a));
  return keysOf(b).some((k) => keys.has(k));
}

function inWindow(context: RuleContext, iso: string | undefined): boolean {
  const ms = fhirTimeMs(iso);
  return ms !== undefined && ms >= context.window.startMs && ms <= context.window.endMs;
}

/** Whether a claim is for the review: when launched in an encounter, it bills that one or none at all. */
function forTheReview(context: RuleContext, claim: ClaimResource): boolean {
  if (!context.encounter) return true;
  const billed = (claim.item ?? []).flatMap((item) => item.encounter ?? []);
  return billed.length === 0 || billed.some((reference) => context.record.resolve(reference, claim) === context.encounter);
}

/**
 * Claims and EOBs of the review (created or billablePeriod.start in the window; when launched in an
 * encounter, billing it or no encounter), cancelled and entered-in-error ones and pre-authorizations
 * left out; EOBs mirroring a Claim only when asked.
 */
export function claimsInWindow(context: RuleContext, { mirrors = false } = {}): ClaimResource[] {
  const { record } = context;
  const { startMs, endMs } = context.window;
  return [...record.during('Claim', startMs, endMs), ...record.during('ExplanationOfBenefit', startMs, endMs)].filter((claim) =>
    !VOID.has(claim.status ?? '')
    && (claim.use === undefined || claim.use === 'claim')
    && (inWindow(context, claim.billablePeriod?.start) || inWindow(context, claim.created))
    && forTheReview(context, claim)
    && (mirrors || !isMirroredEob(record, claim)));
}

/** One claim diagnosis, with the Condition a diagnosisReference points to when it is in the record. */
interface ClaimDiagnosis {
  claim: ClaimResource;
  sequence: number;
  /** diagnosisCodeableConcept, or the referenced Condition's code. */
  concept?: CodeableConcept;
  reference?: Reference;
  /** The referenced resource, when it is a Condition in the record. */
  condition?: Condition;
  /** ex-diagnosistype codes (principal, admitting, discharge, ...). */
  types: string[];
}

function claimDiagnoses(record: PatientRecord, claim: ClaimResource): ClaimDiagnosis[] {
  return (claim.diagnosis ?? []).map((d) => {
    const found = d.diagnosisReference ? record.resolve(d.diagnosisReference, claim) : undefined;
    const condition = found?.resourceType === 'Condition' ? (found as Condition) : undefined;
    const types = (d.type ?? []).flatMap((t) => t.coding ?? [])
      .filter((c) => !c.system || c.system === CLAIM_SYSTEM.DIAGNOSIS_TYPE).map((c) => c.code ?? '');
    return { claim, sequence: d.sequence, concept: d.diagnosisCodeableConcept ?? condition?.code, reference: d.diagnosisReference, condition, types };
  });
}

/** Institutional and professional claims carry diagnoses (or claims of no stated type); pharmacy claims do not. */
function billsDiagnoses(claim: ClaimResource, t: Settings): boolean {
  const type = claim.type?.coding?.find((c) => !c.system || c.system === CLAIM_SYSTEM.CLAIM_TYPE)?.code;
  return !type || t.diagnosisClaimTypes.includes(type);
}

/** The diagnosis-bearing claims of the window by the encounter they bill. */
function diagnosisClaimsByEncounter(context: RuleContext, t: Settings, { mirrors = false } = {}): Map<Encounter, ClaimResource[]> {
  const byEncounter = new Map<Encounter, ClaimResource[]>();
  for (const claim of claimsInWindow(context, { mirrors })) {
    if (!billsDiagnoses(claim, t)) continue;
    for (const encounter of claimEncounters(context.record, claim)) byEncounter.set(encounter, [...(byEncounter.get(encounter) ?? []), claim]);
  }
  return byEncounter;
}

/** A claim or EOB as a fact: `claim c1`, created at its time. */
function claimFact(claim: ClaimResource): Fact {
  // Named by kind and date, never by id: the user reads "claim (2021-03-08 12:00)", the evidence links the resource.
  const kind = claim.resourceType === 'Claim' ? 'claim' : 'explanation of benefit';
  return statedFact('claim', kind, referenceTo(claim), { time: claim.created });
}

/** `claim c1 (2021-03-08 12:00)`: a claim fact in words. */
function claimLabel(claim: Fact): string {
  return `${claim.label}${claim.time ? ` (${formatFhirDateTime(claim.time)})` : ''}`;
}

/** An encounter as a fact: `inpatient stay`, `emergency visit` (its class), at the start of its period. */
function encounterFact(encounter: Encounter): Fact {
  const kind = (encounter.class?.code && ENCOUNTER_CLASS_LABELS.get(encounter.class.code)) || 'encounter';
  return statedFact('encounter', kind.toLowerCase(), referenceTo(encounter), { time: encounter.period?.start });
}

/** `encounter e1 (2021-03-01 08:00 – 2021-03-08 12:00)`: an encounter fact in words, with the end of its period. */
function encounterLabel(fact: Fact, encounter: Encounter): string {
  const end = encounter.period?.end;
  const dates = fact.time ? ` (${formatFhirDateTime(fact.time)}${end ? ` – ${formatFhirDateTime(end)}` : ''})` : '';
  return `${fact.label}${dates}`;
}

/** A diagnosis as a resource codes it: the fact, and how the summary names it (nameDiagnosis). */
interface NamedDiagnosis {
  fact: Fact;
  /** `E11.9 (Type 2 diabetes mellitus without complications)`, `Anemia (SNOMED CT 271737000)`: contains the fact's label. */
  text: string;
  /** The dotted ICD-10-CM code, when the concept has one. */
  code?: string;
}

/**
 * A diagnosis as a resource codes it (a Condition, a claim line): the fact is labelled with the code as the
 * summary names it (the dotted ICD-10-CM code, else the display and code of another system), on the
 * resource's date of service, with the coding's display.
 */
function namedDiagnosis(context: RuleContext, resource: Resource, concept: CodeableConcept | undefined): NamedDiagnosis {
  const name = nameDiagnosis(context, concept);
  const coding = icd10CmCodings(concept)[0] ?? concept?.coding?.find((c) => c.code);
  const fact = statedFact('diagnosis', name.code ?? name.text, referenceTo(resource), {
    time: dateOfService(context.record, resource), text: coding?.display ?? concept?.text,
  });
  return { fact, ...name };
}

/** A Condition a claim line references, as a fact: `Condition/id` and its verification status. */
function citedConditionFact(record: PatientRecord, condition: Condition): Fact {
  return statedFact('diagnosis', referenceTo(condition), referenceTo(condition), { time: dateOfService(record, condition), text: verificationStatusOf(condition) });
}

/** Codings of every diagnosis that can support a claim line: non-refuted Conditions and Encounter.diagnosis. */
function supportingKeys(record: PatientRecord): Set<string> {
  const keys = new Set<string>();
  const add = (condition: Condition) => {
    if (!isRefutedOrEnteredInError(condition)) for (const key of keysOf(condition.code)) keys.add(key);
  };
  for (const condition of record.byType('Condition')) add(condition);
  for (const encounter of record.having('Encounter', 'diagnosis')) {
    for (const d of encounter.diagnosis ?? []) {
      const found = record.resolve(d.condition, encounter); // contained Conditions too
      if (found?.resourceType === 'Condition') add(found as Condition);
    }
  }
  return keys;
}

/**
 * What is wrong with a claim diagnosis, or undefined when the record supports it (or it cannot be checked).
 * `refuted`: the referenced Condition as a fact, when it is refuted or entered in error.
 */
function unsupported(d: ClaimDiagnosis, supported: Set<string>, refuted: Fact | undefined): string | undefined {
  if (d.reference) {
    if (!d.condition) return `references ${d.reference.display ? `the diagnosis "${d.reference.display}"` : 'a diagnosis'}, which is not in the record`;
    if (refuted) return `references ${refuted.label}, which is marked ${refuted.text}`;
    return undefined;
  }
  const codes = icd10CmCodings(d.concept);
  if (codes.length === 0) return undefined; // only ICD-10-CM claim codes are reconciled
  return codes.some((c) => supported.has(codingKey(c.system, c.code)!)) ? undefined : 'has no matching Condition or encounter diagnosis in the record';
}

/**
 * coding/claim-unsupported: a claim or EOB diagnosis in the window that no Condition or Encounter.diagnosis
 * of the record supports (Guidelines I.A.19: codes rest on the provider's diagnostic statement).
 */
export const claimUnsupported: Rule<Settings> = {
  id: 'coding/claim-unsupported',
  title: 'Claim diagnosis without a matching diagnosis in the record',
  category: 'coding-discrepancy',
  severity: 'high',
  rationale: 'A diagnosis code is assigned on the provider\'s diagnostic statement (ICD-10-CM Official Guidelines I.A.19), so every Claim or ExplanationOfBenefit diagnosis needs a Condition or encounter diagnosis in the record behind it.',
  thresholds: CLAIM_RECONCILIATION_SETTINGS,
  evaluate(context) {
    const { record } = context;
    const supported = supportingKeys(record);
    const findings: CodingDiscrepancyDraft[] = [];
    for (const claim of claimsInWindow(context)) {
      for (const d of claimDiagnoses(record, claim)) {
        const refuted = d.condition && isRefutedOrEnteredInError(d.condition) ? citedConditionFact(record, d.condition) : undefined;
        const problem = unsupported(d, supported, refuted);
        if (!problem) continue;
        // The claim line as coded; without a code, the line itself (`diagnosis 2`) with the reference it holds.
        const named = d.concept ? namedDiagnosis(context, claim, d.concept) : undefined;
        const line = named?.fact
          ?? statedFact('claim', `diagnosis ${d.sequence}`, referenceTo(claim), { time: dateOfService(record, claim), text: d.reference?.reference ?? d.reference?.display });
        const where = `diagnosis ${d.sequence} on ${claimLabel(claimFact(claim))}`;
        findings.push({
          kind: 'claim-unsupported',
          target: referenceTo(claim),
          facts: [line, ...(refuted ? [refuted] : [])],
          summary: named ? `${named.text}, ${where}, ${problem}.` : `${capitalize(where)} ${problem}.`,
          evidence: [referenceTo(claim), ...(d.condition ? [referenceTo(d.condition)] : [])],
          suspectedCondition: named?.code,
          encounter: encounterOfClaim(record, claim),
          observedAt: claim.created,
          answerOptions: [],
        });
      }
    }
    return findings;
  },
};

function isInpatient(encounter: Encounter, t: Settings): boolean {
  const code = encounter.class?.code;
  return Boolean(code) && t.inpatientClasses.includes(code!);
}

/**
 * Whether the stay is over: a period.end no later than now and a status other than one of a stay in
 * progress. Without an end (even when marked finished) the stay is taken as still going: no principal
 * diagnosis is expected yet (concurrent review).
 */
function hasEnded(encounter: Encounter, nowMs: number): boolean {
  const end = fhirTimeMs(encounter.period?.end);
  return end !== undefined && end <= nowMs && !NOT_ENDED.has(encounter.status);
}

/** The encounters of the review: the launch encounter alone, else those overlapping the window. */
function encounterInReview(context: RuleContext, encounter: Encounter): boolean {
  if (context.encounter) return encounter === context.encounter;
  const start = fhirTimeMs(encounter.period?.start);
  const end = parseFhirDateTime(encounter.period?.end ?? encounter.period?.start)?.endMs;
  return start !== undefined && start <= context.window.endMs && end !== undefined && end >= context.window.startMs;
}

/** Conditions by the encounter their Condition.encounter resolves to, built once per review. */
function conditionsByEncounter(record: PatientRecord): Map<Encounter, Condition[]> {
  const byEncounter = new Map<Encounter, Condition[]>();
  for (const condition of record.byType('Condition')) {
    const encounter = record.resolve(condition.encounter, condition);
    if (encounter?.resourceType !== 'Encounter') continue;
    const list = byEncounter.get(encounter as Encounter) ?? [];
    list.push(condition);
    byEncounter.set(encounter as Encounter, list);
  }
  return byEncounter;
}

/** An encounter diagnosis, not a problem-list item: category encounter-diagnosis, or no category at all. */
function isEncounterDiagnosis(condition: Condition): boolean {
  const categories = (condition.category ?? []).flatMap((c) => c.coding ?? []);
  return categories.length === 0 || categories.some((c) => c.code === 'encounter-diagnosis');
}

/** The encounter's diagnoses: Encounter.diagnosis and the encounter-diagnosis Conditions pointing to it. */
function encounterDiagnoses(record: PatientRecord, encounter: Encounter, byEncounter: Map<Encounter, Condition[]>): Condition[] {
  const found = new Set<Condition>();
  for (const d of encounter.diagnosis ?? []) {
    const condition = record.resolve(d.condition, encounter);
    if (condition?.resourceType === 'Condition') found.add(condition as Condition);
  }
  for (const condition of byEncounter.get(encounter) ?? []) if (isEncounterDiagnosis(condition)) found.add(condition);
  return [...found];
}

/** Whether the diagnosis belongs on the encounter's claim: confirmed enough to code, and not over before it began. */
function codableAt(condition: Condition, encounter: Encounter, t: Settings): boolean {
  if (isRefutedOrEnteredInError(condition)) return false;
  if (isUncertain(condition) && !isInpatient(encounter, t)) return false;
  // A diagnosis that has resolved since the encounter still belongs on that encounter's claim; one that
  // ended before the encounter began is history, not an encounter diagnosis.
  const abated = parseFhirDateTime(condition.abatementDateTime ?? condition.abatementPeriod?.end)?.endMs;
  const start = fhirTimeMs(encounter.period?.start);
  return abated === undefined || start === undefined || abated >= start;
}

/** Whether a claim's diagnoses can be compared with the Condition: a code system in common, or Condition references. */
function comparable(condition: Condition, onClaims: readonly ClaimDiagnosis[]): boolean {
  if (onClaims.length === 0 || onClaims.some((d) => d.condition)) return true;
  const systems = new Set((condition.code?.coding ?? []).map((c) => c.system));
  return onClaims.some((d) => (d.concept?.coding ?? []).some((c) => systems.has(c.system)));
}

/**
 * coding/not-on-claim: an encounter's diagnosis missing from every claim that bills the encounter
 * (Guidelines III and IV.J: code every coexisting condition that affects the care).
 */
export const notOnClaim: Rule<Settings> = {
  id: 'coding/not-on-claim',
  title: 'Encounter diagnosis missing from the encounter\'s claim',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'Every documented condition that coexists at the encounter and affects its care is coded (ICD-10-CM Official Guidelines III and IV.J), so an encounter diagnosis belongs on the claim that bills the encounter.',
  thresholds: CLAIM_RECONCILIATION_SETTINGS,
  evaluate(context, t) {
    const { record } = context;
    const claimsByEncounter = diagnosisClaimsByEncounter(context, t);
    if (claimsByEncounter.size === 0) return [];
    const byEncounter = conditionsByEncounter(record);
    const findings: CodingDiscrepancyDraft[] = [];
    for (const [encounter, claims] of claimsByEncounter) {
      const onClaims = claims.flatMap((claim) => claimDiagnoses(record, claim));
      for (const condition of encounterDiagnoses(record, encounter, byEncounter)) {
        if (!codableAt(condition, encounter, t)) continue;
        if (onClaims.some((d) => d.condition === condition || sharesCoding(d.concept, condition.code))) continue;
        if (!comparable(condition, onClaims)) continue;
        const coded = namedDiagnosis(context, condition, condition.code);
        const stay = encounterFact(encounter);
        const billed = claims.map(claimFact);
        const claimText = billed.length === 1
          ? `that encounter's ${claimLabel(billed[0]!)}`
          : `any of that encounter's claims (${billed.map(claimLabel).join(', ')})`;
        const created = claims.map((c) => c.created).filter((c): c is string => Boolean(c)).sort();
        findings.push({
          kind: 'not-on-claim',
          target: referenceTo(condition),
          facts: [coded.fact, stay, ...billed],
          summary: `${coded.text}, a diagnosis of ${encounterLabel(stay, encounter)}, is not on ${claimText}.`,
          evidence: [referenceTo(condition), referenceTo(encounter), ...claims.map(referenceTo)],
          suspectedCondition: coded.code,
          encounter: referenceTo(encounter),
          observedAt: created[created.length - 1],
          answerOptions: [],
        });
      }
    }
    return findings;
  },
};

function roleOf(d: NonNullable<Encounter['diagnosis']>[number]): string | undefined {
  return d.use?.coding?.find((c) => !c.system || c.system === CLAIM_SYSTEM.DIAGNOSIS_ROLE)?.code;
}

/** Rank-1 Encounter.diagnosis entries in a principal role (billing, DD, or none stated), with their Conditions. */
function principalOnEncounter(record: PatientRecord, encounter: Encounter, t: Settings): Array<Condition | undefined> {
  return (encounter.diagnosis ?? [])
    .filter((d) => d.rank === 1 && (d.use === undefined || t.principalRoles.includes(roleOf(d) ?? '')))
    .map((d) => {
      const found = record.resolve(d.condition, encounter);
      return found?.resourceType === 'Condition' ? (found as Condition) : undefined;
    })
    .filter((condition) => !condition || !isRefutedOrEnteredInError(condition));
}

/** The principal (first-listed) diagnosis of a claim: the first typed principal, else sequence 1. */
function principalOnClaim(record: PatientRecord, claim: ClaimResource): ClaimDiagnosis | undefined {
  const diagnoses = claimDiagnoses(record, claim).sort((a, b) => a.sequence - b.sequence);
  return diagnoses.find((d) => d.types.includes('principal')) ?? diagnoses.find((d) => d.sequence === 1);
}

/** ICD-10-CM chapter 20, External causes of morbidity (V00–Y99). */
function externalCauseCode(concept: CodeableConcept | undefined): string | undefined {
  const coding = icd10CmCodings(concept).find((c) => /^[VWXY]/.test(undottedIcd10(c.code!)));
  return coding ? dottedIcd10(coding.code!) : undefined;
}

const EXTERNAL_CAUSE_RULE = 'external cause codes are never the principal or first-listed diagnosis (ICD-10-CM Official Guidelines I.C.20.a.6)';

/**
 * coding/principal-missing: an ended inpatient stay (never one in progress) with no principal diagnosis on
 * the encounter or its claims (UHDDS principal diagnosis; HL7 diagnosis-role and ex-diagnosistype), and an
 * external cause code (V00–Y99) as principal on an encounter or claim (Guidelines I.C.20.a.6, MCE edit 2).
 */
export const principalMissing: Rule<Settings> = {
  id: 'coding/principal-missing',
  title: 'Inpatient stay without a valid principal diagnosis',
  category: 'coding-discrepancy',
  severity: 'high',
  rationale: 'Every inpatient stay reports one principal diagnosis, the condition established after study to be chiefly responsible for the admission (UHDDS, ICD-10-CM Official Guidelines Section II), and it is never an external cause code (I.C.20.a.6; Medicare Code Editor edit 2).',
  thresholds: CLAIM_RECONCILIATION_SETTINGS,
  evaluate(context, t) {
    const { record } = context;
    // Mirroring EOBs count here: Synthea types the principal diagnosis on the EOB only.
    const claimsByEncounter = diagnosisClaimsByEncounter(context, t, { mirrors: true });
    const findings: CodingDiscrepancyDraft[] = [];
    // The launch encounter, or the stays the window may overlap (not a whole history of visits, read).
    const candidates = context.encounter ? [context.encounter] : record.encountersOverlapping(context.window.startMs, context.window.endMs);
    for (const encounter of candidates) {
      if (!encounterInReview(context, encounter) || VOID.has(encounter.status)) continue;
      const principals = principalOnEncounter(record, encounter, t);
      const claims = claimsByEncounter.get(encounter) ?? [];
      const stay = encounterFact(encounter);
      for (const condition of principals) {
        const code = externalCauseCode(condition?.code);
        if (!condition || !code) continue;
        const coded = namedDiagnosis(context, condition, condition.code);
        findings.push({
          kind: 'principal-missing',
          target: referenceTo(encounter),
          facts: [coded.fact, stay],
          summary: `${coded.text}, the rank-1 diagnosis of ${encounterLabel(stay, encounter)}, is an external cause code: ${EXTERNAL_CAUSE_RULE}.`,
          evidence: [referenceTo(encounter), referenceTo(condition)],
          suspectedCondition: code,
          encounter: referenceTo(encounter),
          observedAt: encounter.period?.end ?? encounter.period?.start,
          answerOptions: [],
        });
      }
      if (!isInpatient(encounter, t) || !hasEnded(encounter, context.nowMs) || principals.length > 0) continue;
      const typedPrincipal = claims.some((claim) => claimDiagnoses(record, claim).some((d) =>
        d.sequence === 1 && d.types.includes('principal') && !(d.condition && isRefutedOrEnteredInError(d.condition))));
      if (typedPrincipal) continue;
      const billed = claims.map(claimFact);
      const onClaims = !claims.length ? 'no claim in the record bills it'
        : claims.every((c) => !c.diagnosis?.length) ? `its claims list no diagnosis (${billed.map(claimLabel).join(', ')})`
          : `no diagnosis of sequence 1 is typed principal on ${billed.map(claimLabel).join(', ')}`;
      findings.push({
        kind: 'principal-missing',
        target: referenceTo(encounter),
        facts: [stay, ...billed],
        summary: `${capitalize(encounterLabel(stay, encounter))} has no principal diagnosis: none of its diagnoses is ranked first for billing or discharge, and ${onClaims}.`,
        evidence: [referenceTo(encounter), ...claims.map(referenceTo)],
        encounter: referenceTo(encounter),
        observedAt: encounter.period?.end ?? encounter.period?.start,
        answerOptions: [],
      });
    }
    for (const claim of claimsInWindow(context)) {
      const principal = principalOnClaim(record, claim);
      const code = externalCauseCode(principal?.concept);
      if (!principal || !code) continue;
      const coded = namedDiagnosis(context, claim, principal.concept);
      findings.push({
        kind: 'principal-missing',
        target: referenceTo(claim),
        facts: [coded.fact],
        summary: `${coded.text}, the principal diagnosis (sequence ${principal.sequence}) on ${claimLabel(claimFact(claim))}, is an external cause code: ${EXTERNAL_CAUSE_RULE}.`,
        evidence: [referenceTo(claim), ...(principal.condition ? [referenceTo(principal.condition)] : [])],
        suspectedCondition: code,
        encounter: encounterOfClaim(record, claim),
        observedAt: claim.created,
        answerOptions: [],
      });
    }
    return findings;
  },
};

export const CLAIM_RECONCILIATION_RULES: readonly Rule[] = [claimUnsupported, notOnClaim, principalMissing] as Rule[];
