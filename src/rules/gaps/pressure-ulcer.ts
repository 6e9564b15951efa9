/**
 * Pressure ulcer documented without a stage.
 *
 * ICD-10-CM (FY2026 order file): L89 codes carry the site and the stage (terminology/pressure-ulcer.ts:
 * the sites and where each puts its stage, e.g. L89.159 unspecified stage of the sacral region).
 * Official Guidelines I.C.12.a: the stage code follows the documented stage, and with no documented stage
 * the provider is queried; I.B.14: the stage may be taken from other clinicians' (nursing) documentation,
 * the diagnosis of the ulcer comes from the provider, so a nursing stage Observation is cited as evidence.
 * Stages follow the NPIAP 2016 staging system (stage 1–4, unstageable, deep tissue pressure injury).
 */
import type { CodeableConcept } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { formatFhirDateTime } from '../../record/fhir-dates';
import { dottedIcd10 } from '../../terminology/icd10cm/icd10cm-table';
import { icd10CmCodes } from '../../terminology/icd10cm-codings';
import { PRESSURE_INJURY_STAGE_LOINC } from '../../terminology/loinc';
import {
  PRESSURE_ULCER_SITES, UNSPECIFIED_PRESSURE_ULCER_SITE as UNSPECIFIED_SITE, unstagedPressureUlcerCode, unstagedPressureUlcerSite,
  unstagedPressureUlcerTitle,
} from '../../terminology/pressure-ulcer';
import { STAGED_PRESSURE_ULCER_SNOMED, UNSTAGED_PRESSURE_ULCER_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, preferConditions, referencesOf } from '../engine/evidence';
import { mergeFacts, statedFact } from '../engine/facts';
import { stageOptions, stageValue } from '../engine/pressure-injury';
import type { DiagnosisTarget, DocumentedDiagnosis, Fact, Rule } from '../engine/types';

/** The rule has no numeric criteria: its trigger is a coded diagnosis without a stage. */
export const PRESSURE_ULCER_STAGE_THRESHOLDS = {};

/** Every L89 code of unspecified stage (L89.xx9, L89.40, L89.90), and the SNOMED CT codes without stage. */
const UNSTAGED_PRESSURE_ULCER: DiagnosisTarget = {
  icd10: Object.keys(PRESSURE_ULCER_SITES).map(unstagedPressureUlcerCode),
  snomed: UNSTAGED_PRESSURE_ULCER_SNOMED,
};


function hasSnomed(concept: CodeableConcept, codes: readonly string[]): boolean {
  return (concept.coding ?? []).some((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && codes.includes(c.code));
}

/** Every staged code of every site, and the staged SNOMED codes: any staged pressure ulcer. */
const ANY_STAGED_PRESSURE_ULCER: DiagnosisTarget = {
  icd10: Object.keys(PRESSURE_ULCER_SITES).flatMap((site) => stageOptions(site).map((o) => o.icd10!)),
  snomed: STAGED_PRESSURE_ULCER_SNOMED,
};

/** What documents the stage of an ulcer at this site: a staged code of the site (any staged ulcer for an unspecified site). */
function stagedAt(site: string): DiagnosisTarget {
  return site === UNSPECIFIED_SITE ? ANY_STAGED_PRESSURE_ULCER : { icd10: stageOptions(site).map((o) => o.icd10!), snomed: [] };
}

/** A nursing stage assessment as a fact: the stage recorded, as text, at its time. */
function nursingStageFact(point: ObservationPoint): Fact {
  return statedFact('assessment', 'nursing pressure injury stage', point.reference, { time: point.time, text: stageValue(point.observation) });
}

/** `nursing pressure injury stage "Stage 3" on 2021-03-03 10:00 (Sacrum)`: the fact, and the body site its Observation names. */
function describeNursingStage(fact: Fact, point: ObservationPoint): string {
  const site = point.observation.bodySite;
  const siteText = site?.text ?? site?.coding?.find((c) => c.display)?.display;
  return `${fact.label} "${fact.text}" on ${formatFhirDateTime(fact.time!)}${siteText ? ` (${siteText})` : ''}`;
}

/** One coding of an unstaged ulcer: the code as the summary shows it and the title or display beside it. */
interface UnstagedCoding {
  diagnosis: DocumentedDiagnosis;
  /** `L89.159`, `SNOMED CT 1163215007`. */
  code: string;
  title: string;
}

interface UnstagedUlcer {
  site: string;
  diagnoses: DocumentedDiagnosis[];
  codings: UnstagedCoding[];
}

/** The coded diagnosis as a fact: label the code as the summary shows it, text its title. */
function codingFact({ diagnosis, code, title }: UnstagedCoding): Fact {
  return statedFact('diagnosis', code, diagnosis.reference, { time: diagnosis.time, text: title });
}

/** `Pressure ulcer of sacral region, unspecified stage (L89.159)`, each coding once. */
function describeCodings(facts: readonly Fact[]): string {
  return [...new Set(facts.map((f) => `${f.text} (${f.label})`))].join(', ');
}

/**
 * Unstaged pressure ulcers by site: ICD-10-CM L89 codes of unspecified stage, unless the same diagnosis
 * also carries a staged SNOMED code; SNOMED pressure ulcer codes without stage count as an unspecified
 * site only when no L89 code is documented at all (the L89 code then says more).
 */
function unstagedUlcers(diagnoses: readonly DocumentedDiagnosis[], anyL89: boolean): UnstagedUlcer[] {
  const bySite = new Map<string, UnstagedUlcer>();
  const add = (site: string, diagnosis: DocumentedDiagnosis, code: string, title: string) => {
    let ulcer = bySite.get(site);
    if (!ulcer) bySite.set(site, (ulcer = { site, diagnoses: [], codings: [] }));
    ulcer.diagnoses.push(diagnosis);
    ulcer.codings.push({ diagnosis, code, title });
  };
  for (const diagnosis of diagnoses) {
    if (hasSnomed(diagnosis.concept, STAGED_PRESSURE_ULCER_SNOMED)) continue;
    for (const code of icd10CmCodes(diagnosis.concept)) {
      const site = unstagedPressureUlcerSite(code);
      if (site) add(site, diagnosis, dottedIcd10(code), unstagedPressureUlcerTitle(site));
    }
    if (anyL89) continue;
    const snomed = (diagnosis.concept.coding ?? []).find((c) => c.system === SYSTEM.SNOMED && UNSTAGED_PRESSURE_ULCER_SNOMED.some((code) => code === c.code));
    if (snomed) add(UNSPECIFIED_SITE, diagnosis, `SNOMED CT ${snomed.code}`, snomed.display ?? diagnosis.concept.text ?? 'Pressure ulcer');
  }
  return [...bySite.values()].map((ulcer) => {
    const diagnoses = preferConditions(ulcer.diagnoses);
    return { ...ulcer, diagnoses, codings: ulcer.codings.filter((c) => diagnoses.includes(c.diagnosis)) };
  });
}

/**
 * A pressure ulcer coded without a stage (ICD-10-CM L89 unspecified stage, or SNOMED CT without stage)
 * and no staged code for that site: asks for the stage, offering the site's stage 1–4, unstageable and
 * deep tissue codes, and cites nursing stage assessments (LOINC 45780-4, 91150-3) when recorded.
 */
export const pressureUlcerStageUnspecified: Rule<typeof PRESSURE_ULCER_STAGE_THRESHOLDS> = {
  id: 'pressure-ulcer/stage-unspecified',
  title: 'Pressure ulcer documented without a stage',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'A pressure ulcer coded with an unspecified stage is a query opportunity: the stage code follows the documented stage, the provider is queried when none is documented (ICD-10-CM Official Guidelines I.C.12.a), and a nursing-documented stage may support it (I.B.14).',
  thresholds: PRESSURE_ULCER_STAGE_THRESHOLDS,
  evaluate(context) {
    // An L89 code written in ICD-10-CM (a SNOMED ulcer that merely maps to L89 does not say the site).
    const anyL89 = context.documentedDiagnoses({ icd10: ['L89'], snomed: [] }).some((d) => icd10CmCodes(d.concept).some((code) => code.startsWith('L89')));
    const ulcers = unstagedUlcers(context.documentedDiagnoses(UNSTAGED_PRESSURE_ULCER), anyL89)
      .filter((u) => !context.isDocumented(stagedAt(u.site)));
    if (ulcers.length === 0) return [];
    // The body site of a nursing assessment rarely maps to an L89 site, so every stage assessment in the window is cited.
    const nursing = context.observations(PRESSURE_INJURY_STAGE_LOINC.MDS, PRESSURE_INJURY_STAGE_LOINC.NPUAP)
      .filter((p) => stageValue(p.observation) !== undefined);
    const stages = nursing.map(nursingStageFact);
    const nursingFacts = nursing.length ? ` ${capitalize(stages.map((fact, i) => describeNursingStage(fact, nursing[i]!)).join('; '))}.` : '';
    return ulcers.map((ulcer) => {
      const siteName = ulcer.site === UNSPECIFIED_SITE ? '' : ` of ${PRESSURE_ULCER_SITES[ulcer.site]}`;
      const times = [...nursing.map((p) => p.time), ...ulcer.diagnoses.flatMap((d) => (d.time ? [d.time] : []))];
      const coded = mergeFacts([], ulcer.codings.map(codingFact));
      return {
        facts: [...coded, ...stages],
        summary: `Pressure ulcer${siteName} documented without a stage: ${describeCodings(coded)}.${nursingFacts} No staged pressure ulcer${siteName} is documented for ${context.window.label}.`,
        evidence: [...ulcer.diagnoses.map((d) => d.reference), ...referencesOf(nursing)],
        suspectedCondition: dottedIcd10(ulcer.site),
        encounter: encounterOf(nursing) ?? ulcer.diagnoses.find((d) => d.encounter)?.encounter,
        observedAt: times.sort().at(-1),
        answerOptions: withStandardOptions(stageOptions(ulcer.site), { notSignificant: false }),
      };
    });
  },
};
