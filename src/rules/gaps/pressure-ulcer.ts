/**
 * Pressure ulcer documented without a stage.
 *
 * ICD-10-CM (FY2026 order file): L89 codes carry the site and the stage. Sites L89.0–L89.3, L89.5,
 * L89.6 and L89.8 put the stage in the 6th character (0 unstageable, 1–4 stage, 6 pressure-induced deep
 * tissue damage, 9 unspecified stage, e.g. L89.159); L89.4 (contiguous site of back, buttock and hip) and
 * L89.9 (unspecified site) in the 5th (0 unspecified stage, 1–4 stage, 5 unstageable, 6 deep tissue).
 * Official Guidelines I.C.12.a: the stage code follows the documented stage, and with no documented stage
 * the provider is queried; I.B.14: the stage may be taken from other clinicians' (nursing) documentation,
 * the diagnosis of the ulcer comes from the provider, so a nursing stage Observation is cited as evidence.
 * Stages follow the NPIAP 2016 staging system (stage 1–4, unstageable, deep tissue pressure injury).
 */
import type { CodeableConcept, Observation } from 'fhir/r4';
import { normalizeIcd10, type ObservationPoint } from '../../record/patient-record';
import { PRESSURE_INJURY_STAGE_LOINC } from '../../terminology/loinc';
import { STAGED_PRESSURE_ULCER_SNOMED, UNSTAGED_PRESSURE_ULCER_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, formatTime, preferConditions, referencesOf } from '../engine/evidence';
import type { AnswerOption, DiagnosisTarget, DocumentedDiagnosis, Rule } from '../engine/types';

/** The rule has no numeric criteria: its trigger is a coded diagnosis without a stage. */
export const PRESSURE_ULCER_STAGE_THRESHOLDS = {};

/** L89 sites as the order file names them ("Pressure ulcer of <site>, stage 1"), by code without the dot. */
export const PRESSURE_ULCER_SITES: Readonly<Record<string, string>> = {
  L8900: 'unspecified elbow', L8901: 'right elbow', L8902: 'left elbow',
  L8910: 'unspecified part of back', L8911: 'right upper back', L8912: 'left upper back',
  L8913: 'right lower back', L8914: 'left lower back', L8915: 'sacral region',
  L8920: 'unspecified hip', L8921: 'right hip', L8922: 'left hip',
  L8930: 'unspecified buttock', L8931: 'right buttock', L8932: 'left buttock',
  L894: 'contiguous site of back, buttock and hip',
  L8950: 'unspecified ankle', L8951: 'right ankle', L8952: 'left ankle',
  L8960: 'unspecified heel', L8961: 'right heel', L8962: 'left heel',
  L8981: 'head', L8989: 'other site',
  L899: 'unspecified site',
};

/** Sites whose stage is the 5th character; every other site's is the 6th. */
const FIVE_CHARACTER_SITES = new Set(['L894', 'L899']);
const UNSPECIFIED_SITE = 'L899';

function dotted(code: string): string {
  return `${code.slice(0, 3)}.${code.slice(3)}`;
}

/** The site (code without the dot, e.g. `L8915`) of an L89 code of unspecified stage; undefined otherwise. */
export function unstagedSite(code: string): string | undefined {
  const normalized = normalizeIcd10(code);
  const four = normalized.slice(0, 4);
  if (FIVE_CHARACTER_SITES.has(four)) return normalized === `${four}0` ? four : undefined;
  const five = normalized.slice(0, 5);
  return Object.hasOwn(PRESSURE_ULCER_SITES, five) && normalized === `${five}9` ? five : undefined;
}

/** The staged codes of a site with their order-file titles: stage 1–4, unstageable, deep tissue. */
export function stageOptions(site: string): AnswerOption[] {
  const name = PRESSURE_ULCER_SITES[site]!;
  const [unstageable, deepTissue] = FIVE_CHARACTER_SITES.has(site) ? ['5', '6'] : ['0', '6'];
  return [
    ...[1, 2, 3, 4].map((stage) => ({ text: `Pressure ulcer of ${name}, stage ${stage}`, icd10: dotted(`${site}${stage}`) })),
    { text: `Pressure ulcer of ${name}, unstageable`, icd10: dotted(`${site}${unstageable}`) },
    { text: `Pressure-induced deep tissue damage of ${name}`, icd10: dotted(`${site}${deepTissue}`) },
  ];
}

/** Title of the unspecified-stage code of a site, as the order file words it. */
function unstagedTitle(site: string): string {
  return `Pressure ulcer of ${PRESSURE_ULCER_SITES[site]}, unspecified stage`;
}

/** Every L89 code of unspecified stage (L89.xx9, L89.40, L89.90), and the SNOMED CT codes without stage. */
const UNSTAGED_PRESSURE_ULCER: DiagnosisTarget = {
  icd10: Object.keys(PRESSURE_ULCER_SITES).map((site) => dotted(`${site}${FIVE_CHARACTER_SITES.has(site) ? '0' : '9'}`)),
  snomed: UNSTAGED_PRESSURE_ULCER_SNOMED,
};


function hasSnomed(concept: CodeableConcept, codes: readonly string[]): boolean {
  return (concept.coding ?? []).some((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && codes.includes(c.code));
}

function icd10Codes(concept: CodeableConcept): string[] {
  return (concept.coding ?? []).flatMap((c) => (c.system === SYSTEM.ICD10CM && c.code ? [c.code] : []));
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

/** A stage recorded by nursing, as text: coded answer, string or number. */
export function stageValue(observation: Observation): string | undefined {
  const coded = observation.valueCodeableConcept;
  const text = coded?.text ?? coded?.coding?.find((c) => c.display)?.display ?? coded?.coding?.find((c) => c.code)?.code;
  if (text) return text;
  if (observation.valueString) return observation.valueString;
  const number = observation.valueInteger ?? observation.valueQuantity?.value;
  return number !== undefined ? String(number) : undefined;
}

function describeNursingStage(point: ObservationPoint): string {
  const site = point.observation.bodySite;
  const siteText = site?.text ?? site?.coding?.find((c) => c.display)?.display;
  return `nursing pressure injury stage "${stageValue(point.observation)}" on ${formatTime(point.time)}${siteText ? ` (${siteText})` : ''}`;
}

interface UnstagedUlcer {
  site: string;
  diagnoses: DocumentedDiagnosis[];
  labels: Set<string>;
}

/**
 * Unstaged pressure ulcers by site: ICD-10-CM L89 codes of unspecified stage, unless the same diagnosis
 * also carries a staged SNOMED code; SNOMED pressure ulcer codes without stage count as an unspecified
 * site only when no L89 code is documented at all (the L89 code then says more).
 */
function unstagedUlcers(diagnoses: readonly DocumentedDiagnosis[], anyL89: boolean): UnstagedUlcer[] {
  const bySite = new Map<string, UnstagedUlcer>();
  const add = (site: string, diagnosis: DocumentedDiagnosis, label: string) => {
    let ulcer = bySite.get(site);
    if (!ulcer) bySite.set(site, (ulcer = { site, diagnoses: [], labels: new Set() }));
    ulcer.diagnoses.push(diagnosis);
    ulcer.labels.add(label);
  };
  for (const diagnosis of diagnoses) {
    if (hasSnomed(diagnosis.concept, STAGED_PRESSURE_ULCER_SNOMED)) continue;
    for (const code of icd10Codes(diagnosis.concept)) {
      const site = unstagedSite(code);
      if (site) add(site, diagnosis, `${unstagedTitle(site)} (${dotted(normalizeIcd10(code))})`);
    }
    if (anyL89) continue;
    const snomed = (diagnosis.concept.coding ?? []).find((c) => c.system === SYSTEM.SNOMED && UNSTAGED_PRESSURE_ULCER_SNOMED.some((code) => code === c.code));
    if (snomed) add(UNSPECIFIED_SITE, diagnosis, `${snomed.display ?? diagnosis.concept.text ?? 'Pressure ulcer'} (SNOMED CT ${snomed.code})`);
  }
  return [...bySite.values()].map((ulcer) => ({ ...ulcer, diagnoses: preferConditions(ulcer.diagnoses) }));
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
    const anyL89 = context.documentedDiagnoses({ icd10: ['L89'], snomed: [] }).some((d) => (d.concept.coding ?? []).some((c) =>
      c.system === SYSTEM.ICD10CM && c.code !== undefined && normalizeIcd10(c.code).startsWith('L89')));
    const ulcers = unstagedUlcers(context.documentedDiagnoses(UNSTAGED_PRESSURE_ULCER), anyL89)
      .filter((u) => !context.isDocumented(stagedAt(u.site)));
    if (ulcers.length === 0) return [];
    // The body site of a nursing assessment rarely maps to an L89 site, so every stage assessment in the window is cited.
    const nursing = context.observations(PRESSURE_INJURY_STAGE_LOINC.MDS, PRESSURE_INJURY_STAGE_LOINC.NPUAP)
      .filter((p) => stageValue(p.observation) !== undefined);
    const nursingFacts = nursing.length ? ` ${capitalize(nursing.map(describeNursingStage).join('; '))}.` : '';
    return ulcers.map((ulcer) => {
      const siteName = ulcer.site === UNSPECIFIED_SITE ? '' : ` of ${PRESSURE_ULCER_SITES[ulcer.site]}`;
      const times = [...nursing.map((p) => p.time), ...ulcer.diagnoses.flatMap((d) => (d.time ? [d.time] : []))];
      return {
        summary: `Pressure ulcer${siteName} documented without a stage: ${[...ulcer.labels].join(', ')}.${nursingFacts} No staged pressure ulcer${siteName} is documented for ${context.window.label}.`,
        evidence: [...ulcer.diagnoses.map((d) => d.reference), ...referencesOf(nursing)],
        suspectedCondition: dotted(ulcer.site),
        encounter: encounterOf(nursing) ?? ulcer.diagnoses.find((d) => d.encounter)?.encounter,
        observedAt: times.sort().at(-1),
        answerOptions: withStandardOptions(stageOptions(ulcer.site), { notSignificant: false }),
      };
    });
  },
};
