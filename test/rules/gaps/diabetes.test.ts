import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { diabetesComplicationNotLinked } from '../../../src/rules/gaps/diabetes';
import { SNOMED } from '../../../src/terminology/snomed';
import { claim, encounter, findingsFor, icd10Condition, snomedCondition } from '../support';

// Reviewed on 15 March 2021 without a launch encounter (the last 12 months).
const diabetes = () => icd10Condition('E11.9');

describe('diabetes/complication-not-linked', () => {
  it.each<[string, Resource[], string]>([
    ['chronic kidney disease stage 3a (N18.31)', [diabetes(), icd10Condition('N18.31')], 'E11.22'],
    ['chronic kidney disease without a stage (N18.9)', [diabetes(), icd10Condition('N18.9')], 'E11.22'],
    ['SNOMED-only diabetes and CKD stage 3 (as Synthea codes them)', [snomedCondition(SNOMED.DIABETES_TYPE_2), snomedCondition('433144002')], 'E11.22'],
    ['CKD on the claim', [diabetes(), claim(['E11.9', 'N18.4'], '2021-01-10T00:00:00Z')], 'E11.22'],
    ['polyneuropathy (G62.9)', [diabetes(), icd10Condition('G62.9')], 'E11.42'],
    ['polyneuropathy in diseases classified elsewhere (G63)', [diabetes(), icd10Condition('G63')], 'E11.42'],
    ['SNOMED polyneuropathy (42345000)', [diabetes(), snomedCondition('42345000')], 'E11.42'],
    ['unspecified background retinopathy (H35.00)', [diabetes(), icd10Condition('H35.00')], 'E11.319'],
    ['peripheral vascular disease (I73.9)', [diabetes(), icd10Condition('I73.9')], 'E11.51'],
    ['SNOMED peripheral arterial disease (840580004)', [diabetes(), snomedCondition('840580004')], 'E11.51'],
    ['gastroparesis (K31.84)', [diabetes(), icd10Condition('K31.84')], 'E11.43'],
    ['SNOMED gastroparesis (235675006)', [diabetes(), snomedCondition('235675006')], 'E11.43'],
    ['gastroparesis beside E11.42 (polyneuropathy is not the autonomic link)', [diabetes(), icd10Condition('E11.42'), icd10Condition('K31.84')], 'E11.43'],
  ])('flags type 2 diabetes without complications beside %s', (_scenario, resources, combination) => {
    const [finding] = findingsFor(diabetesComplicationNotLinked, resources);
    expect(finding).toMatchObject({
      ruleId: 'diabetes/complication-not-linked', category: 'documentation-gap', severity: 'low', suspectedCondition: combination,
    });
    expect(finding!.answerOptions.map((o) => o.icd10)).toEqual([combination, undefined, undefined]);
    expect(finding!.answerOptions.map((o) => o.text).slice(1)).toEqual(['Other (please specify)', 'Clinically undetermined']);
  });

  it('states both codes and the "with" presumption of guideline I.A.15, citing both diagnoses', () => {
    const dm = diabetes();
    const kidney = icd10Condition('N18.31', { recordedDate: '2020-11-02T00:00:00Z', encounter: 'enc-7' });
    const [finding] = findingsFor(diabetesComplicationNotLinked, [dm, kidney]);
    expect(finding!.summary).toBe('Type 2 diabetes mellitus coded without a complication (E11.9) and chronic kidney disease (N18.31) are documented, with no code linking them. ICD-10-CM presumes a causal relationship between diabetes and the conditions listed under "with" in the Alphabetic Index (Official Guidelines I.A.15), unless the provider documents that the chronic kidney disease is not due to diabetes.');
    expect(finding!.evidence).toEqual([`Condition/${dm.id}`, `Condition/${kidney.id}`]);
    expect(finding!.encounter).toBe('Encounter/enc-7');
    expect(finding!.observedAt).toBe('2020-11-02T00:00:00Z');
    expect(finding!.answerOptions[0]).toEqual({ text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease', icd10: 'E11.22' });
  });

  it('states each diagnosis as a fact: the code as written, its display, its date and the resource', () => {
    const dm = icd10Condition('E11.9', { recordedDate: '2019-04-01T00:00:00Z', display: 'Type 2 diabetes mellitus without complications' });
    const neuropathy = snomedCondition('42345000', { recordedDate: '2020-11-02T00:00:00Z' });
    const [finding] = findingsFor(diabetesComplicationNotLinked, [dm, neuropathy]);
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'E11.9', text: 'Type 2 diabetes mellitus without complications', time: '2019-04-01T00:00:00Z', reference: `Condition/${dm.id}` },
      { kind: 'diagnosis', label: '42345000', time: '2020-11-02T00:00:00Z', reference: `Condition/${neuropathy.id}` },
    ]);
  });

  it('raises one finding per complication', () => {
    const resources = [diabetes(), icd10Condition('N18.31'), icd10Condition('G62.9'), icd10Condition('K31.84')];
    const findings = findingsFor(diabetesComplicationNotLinked, resources);
    expect(findings.map((f) => f.suspectedCondition).sort()).toEqual(['E11.22', 'E11.42', 'E11.43']);
  });

  it('belongs to the launch encounter when there is one', () => {
    const visit = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-01T09:00:00Z', 'AMB');
    const [finding] = findingsFor(diabetesComplicationNotLinked, [visit, diabetes(), icd10Condition('I73.9')], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({ suspectedCondition: 'E11.51', encounter: 'Encounter/enc-1' });
  });

  it.each<[string, Resource[]]>([
    ['diabetes without any complication', [diabetes()]],
    ['CKD already linked (E11.22)', [diabetes(), icd10Condition('E11.22'), icd10Condition('N18.31')]],
    ['diabetic nephropathy coded (E11.21)', [diabetes(), icd10Condition('E11.21'), icd10Condition('N18.9')]],
    ['polyneuropathy already linked (E11.42)', [diabetes(), icd10Condition('E11.42'), icd10Condition('G62.9')]],
    ['neuropathy linked as E11.40', [diabetes(), icd10Condition('E11.40'), icd10Condition('G62.9')]],
    ['retinopathy already linked (E11.319)', [diabetes(), icd10Condition('E11.319'), icd10Condition('H35.00')]],
    ['PAD already linked (E11.51)', [diabetes(), icd10Condition('E11.51'), icd10Condition('I73.9')]],
    ['gastroparesis already linked (E11.43)', [diabetes(), icd10Condition('E11.43'), icd10Condition('K31.84')]],
    ['SNOMED neuropathy due to type 2 diabetes (368581000119106)', [diabetes(), snomedCondition(SNOMED.DIABETIC_NEUROPATHY_TYPE_2), icd10Condition('G62.9')]],
    ['SNOMED diabetic retinopathy with type 2 diabetes (422034002)', [diabetes(), snomedCondition(SNOMED.DIABETIC_RETINOPATHY_TYPE_2), icd10Condition('H35.00')]],
    ['SNOMED diabetic renal disease (127013003)', [diabetes(), snomedCondition(SNOMED.DIABETIC_RENAL_DISEASE), snomedCondition('433144002')]],
    ['SNOMED gastroparesis due to type 2 diabetes (713703005)', [diabetes(), snomedCondition('713703005'), icd10Condition('K31.84')]],
    ['SNOMED peripheral angiopathy due to type 2 diabetes (314902007)', [diabetes(), snomedCondition('314902007'), icd10Condition('I73.9')]],
    ['hypertensive retinopathy (a cause other than diabetes is named)', [diabetes(), icd10Condition('H35.033')]],
    ['type 1 diabetes with CKD', [icd10Condition('E10.9'), icd10Condition('N18.31')]],
    ['type 2 diabetes resolved years ago', [icd10Condition('E11.9', { clinicalStatus: 'resolved', recordedDate: '2015-01-01T00:00:00Z' }), icd10Condition('N18.31')]],
    ['CKD entered in error', [diabetes(), icd10Condition('N18.31', { verificationStatus: 'entered-in-error' })]],
    ['CKD refuted', [diabetes(), icd10Condition('N18.31', { verificationStatus: 'refuted' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(diabetesComplicationNotLinked, resources)).toEqual([]);
  });

  it('checks only the complications the configuration names', () => {
    const resources = [diabetes(), icd10Condition('N18.31'), icd10Condition('H35.00')];
    const findings = findingsFor(diabetesComplicationNotLinked, resources, { thresholds: { 'diabetes/complication-not-linked': { complications: ['retinopathy'] } } });
    expect(findings.map((f) => f.suspectedCondition)).toEqual(['E11.319']);
  });
});
