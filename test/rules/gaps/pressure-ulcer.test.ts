import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation, Resource } from 'fhir/r4';
import { pressureUlcerStageUnspecified } from '../../../src/rules/gaps/pressure-ulcer';
import { stageOptions } from '../../../src/rules/engine/pressure-injury';
import { PRESSURE_ULCER_SITES } from '../../../src/terminology/pressure-ulcer';
import { PRESSURE_INJURY_STAGE_LOINC } from '../../../src/terminology/loinc';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, snomedCondition } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const ESCAPES = ['Other (please specify)', 'Clinically undetermined'];
const PRESSURE_ULCER = '399912005';
const PRESSURE_INJURY = '1163215007';
const PRESSURE_INJURY_STAGE_II = '1163220007';
const PRESSURE_INJURY_STAGE_III = '1163222004';

/** A nursing stage assessment with a coded answer (LOINC answer list LL36-5), as flowsheets send it. */
function nursingStage(text: string, time: string, options: { loinc?: string; bodySite?: string; status?: Observation['status'] } = {}): Observation {
  const { valueQuantity: _numeric, ...base } = lab(options.loinc ?? PRESSURE_INJURY_STAGE_LOINC.MDS, 0, '', time, { encounter: 'enc-1', category: 'vital-signs', ...(options.status ? { status: options.status } : {}) });
  return {
    ...base,
    valueCodeableConcept: { coding: [{ system: SYSTEM.LOINC, code: 'LA149-7', display: text }], text },
    ...(options.bodySite ? { bodySite: { text: options.bodySite } } : {}),
  };
}

describe('pressure-ulcer/stage-unspecified', () => {
  it.each<[string, Resource[], string, string[]]>([
    ['L89.159 sacral region, unspecified stage', [icd10Condition('L89.159')], 'L89.15', ['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156']],
    ['L89.619 right heel, unspecified stage', [icd10Condition('L89.619')], 'L89.61', ['L89.611', 'L89.612', 'L89.613', 'L89.614', 'L89.610', 'L89.616']],
    ['a dotless l89159', [icd10Condition('l89159')], 'L89.15', ['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156']],
    ['L89.40 contiguous site, unspecified stage (stage in the 5th character)', [icd10Condition('L89.40')], 'L89.4', ['L89.41', 'L89.42', 'L89.43', 'L89.44', 'L89.45', 'L89.46']],
    ['L89.90 unspecified site, unspecified stage', [icd10Condition('L89.90')], 'L89.9', ['L89.91', 'L89.92', 'L89.93', 'L89.94', 'L89.95', 'L89.96']],
    ['L89.159 only on the claim for the stay', [claim(['A41.9', 'L89.159'], '2021-03-08T12:00:00Z')], 'L89.15', ['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156']],
    ['L89.159 with a staged ulcer of another site (L89.613)', [icd10Condition('L89.159'), icd10Condition('L89.613')], 'L89.15', ['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156']],
    ['L89.159 with a stage 3 of the same site resolved years ago', [icd10Condition('L89.159'),
      icd10Condition('L89.153', { clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z', onsetDateTime: '2016-01-01T00:00:00Z' })], 'L89.15', ['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156']],
    ['a SNOMED "Pressure ulcer" without stage or site', [snomedCondition(PRESSURE_ULCER, { display: 'Pressure ulcer' })], 'L89.9', ['L89.91', 'L89.92', 'L89.93', 'L89.94', 'L89.95', 'L89.96']],
    ['a SNOMED "Pressure injury" without stage or site', [snomedCondition(PRESSURE_INJURY)], 'L89.9', ['L89.91', 'L89.92', 'L89.93', 'L89.94', 'L89.95', 'L89.96']],
  ])('flags %s', (_scenario, resources, suspected, codes) => {
    const [finding, ...more] = findingsFor(pressureUlcerStageUnspecified, [stay, ...resources], { encounterId: 'enc-1' });
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'pressure-ulcer/stage-unspecified', category: 'documentation-gap', severity: 'medium', suspectedCondition: suspected, encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(codes);
    expect(finding!.answerOptions.slice(-2).map((o) => o.text)).toEqual(ESCAPES);
  });

  it('cites the diagnosis and the nursing stage assessment (I.B.14), with the site titles of the order file', () => {
    const ulcer = icd10Condition('L89.159', { encounter: 'enc-1' });
    const assessment = nursingStage('Stage 3', '2021-03-03T10:00:00Z', { bodySite: 'Sacrum' });
    const [finding] = findingsFor(pressureUlcerStageUnspecified, [stay, ulcer, assessment], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Condition/${ulcer.id}`, `Observation/${assessment.id}`]);
    expect(finding!.summary).toBe('Pressure ulcer of sacral region documented without a stage: Pressure ulcer of sacral region, unspecified stage (L89.159). Nursing pressure injury stage "Stage 3" on 2021-03-03 10:00 (Sacrum). No staged pressure ulcer of sacral region is documented for this encounter.');
    expect(finding!.observedAt).toBe('2021-03-03T10:00:00Z');
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'L89.159', text: 'Pressure ulcer of sacral region, unspecified stage', time: '2015-01-01T00:00:00Z', reference: `Condition/${ulcer.id}` },
      { kind: 'assessment', label: 'nursing pressure injury stage', text: 'Stage 3', time: '2021-03-03T10:00:00Z', reference: `Observation/${assessment.id}` },
    ]);
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Pressure ulcer of sacral region, stage 1', 'Pressure ulcer of sacral region, stage 2', 'Pressure ulcer of sacral region, stage 3',
      'Pressure ulcer of sacral region, stage 4', 'Pressure ulcer of sacral region, unstageable', 'Pressure-induced deep tissue damage of sacral region', ...ESCAPES]);
  });

  it('states a SNOMED CT ulcer without stage by its code as the summary shows it', () => {
    const ulcer = snomedCondition(PRESSURE_ULCER, { display: 'Pressure ulcer' });
    const [finding] = findingsFor(pressureUlcerStageUnspecified, [stay, ulcer], { encounterId: 'enc-1' });
    expect(finding!.summary).toContain('documented without a stage: Pressure ulcer (SNOMED CT 399912005).');
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'SNOMED CT 399912005', text: 'Pressure ulcer', time: '2015-01-01T00:00:00Z', reference: `Condition/${ulcer.id}` }]);
  });

  it('cites an NPUAP stage assessment too, and none entered in error', () => {
    const npuap = nursingStage('Stage 2', '2021-03-02T10:00:00Z', { loinc: PRESSURE_INJURY_STAGE_LOINC.NPUAP });
    const wrong = nursingStage('Stage 4', '2021-03-02T11:00:00Z', { status: 'entered-in-error' });
    const [finding] = findingsFor(pressureUlcerStageUnspecified, [stay, icd10Condition('L89.90'), npuap, wrong], { encounterId: 'enc-1' });
    expect(finding!.evidence).toContain(`Observation/${npuap.id}`);
    expect(finding!.evidence).not.toContain(`Observation/${wrong.id}`);
    expect(finding!.summary).toContain('Nursing pressure injury stage "Stage 2" on 2021-03-02 10:00.');
  });

  it('asks once per site when two sites are unstaged', () => {
    const findings = findingsFor(pressureUlcerStageUnspecified, [stay, icd10Condition('L89.159'), icd10Condition('L89.629')], { encounterId: 'enc-1' });
    expect(findings.map((f) => f.suspectedCondition).sort()).toEqual(['L89.15', 'L89.62']);
  });

  it('takes a SNOMED pressure ulcer beside an L89 code for the same ulcer: one query, for the coded site', () => {
    const findings = findingsFor(pressureUlcerStageUnspecified, [stay, snomedCondition(PRESSURE_ULCER), icd10Condition('L89.159')], { encounterId: 'enc-1' });
    expect(findings.map((f) => f.suspectedCondition)).toEqual(['L89.15']);
  });

  it.each<[string, Resource[]]>([
    ['a staged ulcer only (L89.153)', [icd10Condition('L89.153')]],
    ['an unstageable ulcer (L89.150 is a stage, not an unspecified one)', [icd10Condition('L89.150')]],
    ['L89.159 with stage 3 of the same site documented', [icd10Condition('L89.159'), icd10Condition('L89.153')]],
    ['L89.159 with deep tissue damage of the same site documented', [icd10Condition('L89.159'), icd10Condition('L89.156')]],
    ['L89.159 with stage 2 of the same site on the claim', [icd10Condition('L89.159'), claim(['L89.152'], '2021-03-08T12:00:00Z')]],
    ['L89.40 with L89.45 unstageable contiguous site documented', [icd10Condition('L89.40'), icd10Condition('L89.45')]],
    ['L89.90 with a SNOMED stage III pressure injury documented', [icd10Condition('L89.90'), snomedCondition(PRESSURE_INJURY_STAGE_III)]],
    ['L89.90 with a staged ulcer of a known site', [icd10Condition('L89.90'), icd10Condition('L89.214')]],
    ['SNOMED pressure ulcer with a SNOMED stage II documented', [snomedCondition(PRESSURE_ULCER), snomedCondition(PRESSURE_INJURY_STAGE_II)]],
    ['SNOMED pressure ulcer with a staged L89.152 documented', [snomedCondition(PRESSURE_ULCER), icd10Condition('L89.152')]],
    ['one diagnosis coded L89.159 and SNOMED stage III together', [icd10Condition('L89.159', { also: [{ system: SYSTEM.SNOMED, code: PRESSURE_INJURY_STAGE_III }] })]],
    ['a refuted L89.159', [icd10Condition('L89.159', { verificationStatus: 'refuted' })]],
    ['an L89.159 entered in error', [icd10Condition('L89.159', { verificationStatus: 'entered-in-error' })]],
    ['an L89.159 resolved years ago', [icd10Condition('L89.159', { clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z', onsetDateTime: '2016-01-01T00:00:00Z' })]],
    ['a non-pressure chronic ulcer (L97.919)', [icd10Condition('L97.919')]],
    ['a nursing stage assessment without any ulcer diagnosis', [nursingStage('Stage 2', '2021-03-02T10:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(pressureUlcerStageUnspecified, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const resources = [icd10Condition('L89.159', { clinicalStatus: 'resolved', recordedDate: '2020-06-01T00:00:00Z', onsetDateTime: '2020-06-01T00:00:00Z' })];
    expect(findingsFor(pressureUlcerStageUnspecified, resources, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(pressureUlcerStageUnspecified, resources, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  // The FY2026 order file (fixed width: code cols 7-13, billable flag col 15, long title from col 78).
  const ORDER_FILE = [resolve(process.cwd(), '../shared/data/icd10cm/icd10cm-order-2026.txt')].find((f) => existsSync(f));
  it('offers only billable FY2026 codes (checked against the shipped ICD-10-CM table)', async () => {
    const { loadIcd10Cm } = await import('../../../src/terminology/icd10cm/icd10cm-table');
    const table = await loadIcd10Cm();
    for (const site of Object.keys(PRESSURE_ULCER_SITES)) {
      for (const option of stageOptions(site)) {
        expect(table.lookup(option.icd10!)?.billable, option.icd10).toBe(true);
      }
    }
  });

  it.skipIf(!ORDER_FILE)('offers, for every site, billable codes with their titles exactly as the FY2026 order file has them', () => {
    const titles = new Map(readFileSync(ORDER_FILE!, 'utf8').split('\n').filter((l) => l[14] === '1')
      .map((l) => [l.slice(6, 13).trim(), l.slice(77).trim()] as const));
    for (const site of Object.keys(PRESSURE_ULCER_SITES)) {
      for (const option of stageOptions(site)) {
        expect(titles.get(option.icd10!.replace('.', '')), option.icd10).toBe(option.text);
      }
    }
  });
});
