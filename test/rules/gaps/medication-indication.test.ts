import { describe, expect, it } from 'vitest';
import type { MedicationRequest, Resource } from 'fhir/r4';
import {
  antidiabeticWithoutIndication, anticoagulantWithoutIndication, levothyroxineWithoutIndication,
  loopDiureticWithoutIndication, MEDICATION_INDICATION_RULES, potassiumChlorideWithoutIndication,
} from '../../../src/rules/gaps/medication-indication';
import { SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import {
  claim, encounter, findingsFor, icd10Condition, medicationAdministration, medicationRequest, patient, procedure, snomedCondition,
} from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const inStay = '2021-03-02T10:00:00Z';
const order = (rxcui: string | undefined, display: string, authoredOn = inStay, overrides: Partial<MedicationRequest> = {}) =>
  medicationRequest(rxcui, display, authoredOn, { encounter: { reference: 'Encounter/enc-1' }, ...overrides });
/** An order that carries only the RxNorm code, no display and no text. */
const codeOnly = (rxcui: string) => medicationRequest(undefined, '', inStay, { medicationCodeableConcept: { coding: [{ system: SYSTEM.RXNORM, code: rxcui }] } });
const run = (rule: Parameters<typeof findingsFor>[0], resources: Resource[]) => findingsFor(rule, [stay, ...resources], { encounterId: 'enc-1' });

// Synthea's products (RxCUI and display exactly as Synthea writes them).
const warfarin = () => order('855332', 'Warfarin Sodium 5 MG Oral Tablet');
const lasix = () => order('315971', 'Lasix 40mg');
const furosemideInjection = () => order('1719286', '10 ML Furosemide 10 MG/ML Injection');
const metformin = () => order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet');
const humulin = () => order('106892', 'insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML Injectable Suspension [Humulin]');
const hydrochlorothiazide = () => order('316049', 'Hydrochlorothiazide 25 MG');

const ESCAPES = ['Other (please specify)', 'Clinically undetermined'];

describe('medication-indication/antidiabetic', () => {
  it.each<[string, Resource[]]>([
    ["Synthea's metformin ER (RxCUI 860975)", [metformin()]],
    ["Synthea's Humulin 70/30 (RxCUI 106892)", [humulin()]],
    ['an order coded with the product RxCUI only (no name)', [codeOnly('860975')]],
    ['an ingredient-coded order (insulin glargine, RxCUI 274783)', [order('274783', 'insulin glargine')]],
    ['a text-only order', [order(undefined, 'Insulin lispro sliding scale per protocol')]],
    ['a brand-name-only order', [order(undefined, 'Januvia 100 MG Oral Tablet')]],
    ['a combination brand (Janumet)', [order(undefined, 'Janumet 50-1000 mg tablet')]],
    ['an administration without an order', [medicationAdministration(undefined, 'Insulin Regular, Human 100 UNT/ML Injectable Solution', '2021-03-03T07:00:00Z')]],
    ['a standing order written years before the stay and still active', [order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2015-06-01')]],
    ['an order stopped during the stay', [order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', inStay, { status: 'stopped' })]],
    ['metformin with only obesity documented (obesity is not a metformin indication)', [metformin(), snomedCondition(SNOMED.OBESITY_BMI_30)]],
    ['insulin with only prediabetes documented (prediabetes explains metformin alone)', [humulin(), snomedCondition(SNOMED.PREDIABETES)]],
    ['sitagliptin/metformin with only prediabetes documented (sitagliptin has no such indication)', [order(undefined, 'sitagliptin 50 MG / metformin hydrochloride 1000 MG Oral Tablet [Janumet]'), icd10Condition('R73.03')]],
    ['Ozempic-class semaglutide with only heart failure documented', [order(undefined, 'Ozempic 1 MG/DOSE pen'), icd10Condition('I50.22')]],
    ['a resolved diabetes diagnosis from years ago', [metformin(), icd10Condition('E11.9', { clinicalStatus: 'resolved', recordedDate: '2012-01-01T00:00:00Z' })]],
  ])('flags %s with no diabetes diagnosis', (_scenario, resources) => {
    const [finding] = run(antidiabeticWithoutIndication, resources);
    expect(finding).toMatchObject({
      ruleId: 'medication-indication/antidiabetic', category: 'documentation-gap', severity: 'low', suspectedCondition: 'E11.9', encounter: 'Encounter/enc-1',
    });
  });

  it('cites the product, when it was ordered and its status, and every order and dose as evidence', () => {
    const first = order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2021-03-01T09:00:00Z', { status: 'stopped' });
    const second = metformin();
    const dose1 = medicationAdministration('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2021-03-02T21:00:00Z');
    const dose2 = medicationAdministration('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2021-03-03T21:00:00Z');
    const [finding] = run(antidiabeticWithoutIndication, [first, second, dose1, dose2]);
    expect(finding!.evidence).toEqual([`MedicationRequest/${first.id}`, `MedicationRequest/${second.id}`, `MedicationAdministration/${dose1.id}`, `MedicationAdministration/${dose2.id}`]);
    expect(finding!.summary).toBe('24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet ordered on 2021-03-01 09:00 (stopped), ordered on 2021-03-02 10:00 (active), given 2 times from 2021-03-02 21:00 to 2021-03-03 21:00. No diagnosis on the record documents an indication for it.');
    expect(finding!.observedAt).toBe('2021-03-03T21:00:00Z');
  });

  it('makes one finding for every antidiabetic product, insulin and metformin together', () => {
    const findings = run(antidiabeticWithoutIndication, [metformin(), humulin()]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toHaveLength(2);
    expect(findings[0]!.summary).toContain('No diagnosis on the record documents an indication for them.');
  });

  it('offers diabetes types, and prediabetes and PCOS only for metformin alone', () => {
    const [forMetformin] = run(antidiabeticWithoutIndication, [metformin()]);
    expect(forMetformin!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['E11.9', 'E13.9', 'R73.03', 'E28.2', ...ESCAPES]);
    const [forInsulin] = run(antidiabeticWithoutIndication, [humulin()]);
    expect(forInsulin!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['E11.9', 'E13.9', 'E10.9', 'E09.9', 'R73.9', ...ESCAPES]);
    expect(forInsulin!.answerOptions[0]).toEqual({ text: 'Type 2 diabetes mellitus without complications', icd10: 'E11.9' });
  });

  it('does not offer polycystic ovarian syndrome to a male patient', () => {
    const [finding] = findingsFor(antidiabeticWithoutIndication, [patient({ gender: 'male' }), stay, metformin()], { encounterId: 'enc-1' });
    expect(finding!.answerOptions.map((o) => o.icd10)).not.toContain('E28.2');
  });

  it.each<[string, Resource[]]>([
    ['an active ICD-10-CM E11.9', [metformin(), icd10Condition('E11.9')]],
    ['a dotless e1165 diagnosis', [humulin(), icd10Condition('e1165')]],
    ['type 1 diabetes (E10.9) with insulin', [humulin(), icd10Condition('E10.9')]],
    ['gestational diabetes (O24.410)', [humulin(), icd10Condition('O24.410')]],
    ["Synthea's SNOMED-only diabetes (44054006)", [metformin(), snomedCondition(SNOMED.DIABETES_TYPE_2)]],
    ['SNOMED type 1 diabetes (46635009)', [humulin(), snomedCondition('46635009')]],
    ['a SNOMED diabetic complication only (neuropathy due to type 2 diabetes)', [metformin(), snomedCondition(SNOMED.DIABETIC_NEUROPATHY_TYPE_2)]],
    ['diabetes on the claim for the stay', [humulin(), claim(['I10', 'E11.65'], '2021-03-08T12:00:00Z')]],
    ['metformin alone with prediabetes (SNOMED 15777000, as Synthea codes it)', [metformin(), snomedCondition(SNOMED.PREDIABETES)]],
    ['metformin alone with prediabetes (R73.03)', [metformin(), icd10Condition('R73.03')]],
    ['metformin alone with polycystic ovarian syndrome (E28.2)', [metformin(), icd10Condition('E28.2')]],
    ['semaglutide (Wegovy, brand only) with obesity (E66.01)', [order(undefined, 'Wegovy 2.4 MG/0.75ML Auto-Injector'), icd10Condition('E66.01')]],
    ['liraglutide with SNOMED BMI 30+ obesity', [order('475968', 'liraglutide 6 MG/ML Pen Injector [Saxenda]'), snomedCondition(SNOMED.OBESITY_BMI_30)]],
    ['empagliflozin (Jardiance) with heart failure (I50.22)', [order(undefined, 'Jardiance 10 MG Oral Tablet'), icd10Condition('I50.22')]],
    ['dapagliflozin with chronic kidney disease (N18.31)', [order('1488564', 'dapagliflozin 10 MG Oral Tablet'), icd10Condition('N18.31')]],
    ['IV regular insulin with hyperkalemia (E87.5)', [medicationAdministration(undefined, 'Insulin Regular, Human 100 UNT/ML Injectable Solution', '2021-03-03T07:00:00Z'), icd10Condition('E87.5')]],
    ['insulin with steroid hyperglycemia (R73.9)', [humulin(), icd10Condition('R73.9')]],
    ['an order stopped before the stay', [order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2020-01-01', { status: 'stopped' })]],
    ['an order completed before the stay', [order('106892', 'Humulin 70/30', '2020-11-01', { status: 'completed' })]],
    ['an order entered in error', [order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', inStay, { status: 'entered-in-error' })]],
    ['a cancelled order', [order('106892', 'Humulin 70/30', inStay, { status: 'cancelled' })]],
    ['metoprolol, which is not metformin', [order('866414', '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(antidiabeticWithoutIndication, resources)).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const given = [medicationAdministration(undefined, 'insulin glargine 100 UNT/ML Injectable Solution', '2020-06-01T09:00:00Z')];
    expect(findingsFor(antidiabeticWithoutIndication, given, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(antidiabeticWithoutIndication, given, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('ignores standing orders written before the window when configured to', () => {
    const standing = order('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2015-06-01');
    expect(run(antidiabeticWithoutIndication, [standing])).toHaveLength(1);
    expect(findingsFor(antidiabeticWithoutIndication, [stay, standing], {
      encounterId: 'enc-1', thresholds: { 'medication-indication/antidiabetic': { includeActiveOrders: false } },
    })).toEqual([]);
  });
});

describe('medication-indication/levothyroxine', () => {
  it.each<[string, Resource[]]>([
    ['an ingredient-coded order (RxCUI 10582)', [order('10582', 'levothyroxine')]],
    ['a clinical-drug order', [order(undefined, 'Levothyroxine Sodium 0.075 MG Oral Tablet')]],
    ['a brand-name-only order (Synthroid)', [order(undefined, 'Synthroid 50 mcg tablet')]],
    ['liothyronine (Cytomel)', [order(undefined, 'Cytomel 5 MCG Oral Tablet')]],
    ['a benign thyroid nodule only (E04.1 is not an indication)', [order('10582', 'levothyroxine'), icd10Condition('E04.1')]],
  ])('flags %s with no hypothyroidism diagnosis', (_scenario, resources) => {
    const [finding] = run(levothyroxineWithoutIndication, resources);
    expect(finding).toMatchObject({ ruleId: 'medication-indication/levothyroxine', severity: 'low', suspectedCondition: 'E03.9' });
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Hypothyroidism, unspecified', 'Autoimmune thyroiditis', 'Postprocedural hypothyroidism', ...ESCAPES]);
  });

  it.each<[string, Resource[]]>([
    ['hypothyroidism (E03.9)', [icd10Condition('E03.9')]],
    ['postprocedural hypothyroidism (E89.0)', [icd10Condition('E89.0')]],
    ["Hashimoto's thyroiditis (E06.3)", [icd10Condition('E06.3')]],
    ['thyroid cancer on the claim (C73)', [claim(['C73'], '2021-03-08T12:00:00Z')]],
    ['a personal history of thyroid cancer (Z85.850)', [icd10Condition('Z85.850')]],
    ['SNOMED hypothyroidism (40930008)', [snomedCondition('40930008')]],
    ['SNOMED Hashimoto thyroiditis (21983002)', [snomedCondition('21983002')]],
  ])('stays silent for levothyroxine with %s', (_scenario, resources) => {
    expect(run(levothyroxineWithoutIndication, [order('10582', 'levothyroxine'), ...resources])).toEqual([]);
  });

  it('stays silent for Synthroid entered in error', () => {
    expect(run(levothyroxineWithoutIndication, [order(undefined, 'Synthroid 50 mcg tablet', inStay, { status: 'entered-in-error' })])).toEqual([]);
  });
});

describe('medication-indication/anticoagulant', () => {
  it.each<[string, Resource[]]>([
    ["Synthea's warfarin (RxCUI 855332)", [warfarin()]],
    ['warfarin coded by product RxCUI only', [codeOnly('855332')]],
    ['a brand-name-only order (Eliquis)', [order(undefined, 'Eliquis 5 MG Oral Tablet')]],
    ['an ingredient-coded order (rivaroxaban, RxCUI 1114195)', [order('1114195', 'rivaroxaban')]],
    ['a text-only order', [order(undefined, 'dabigatran etexilate 150 mg capsule twice daily')]],
    ['an administration', [medicationAdministration(undefined, 'apixaban 5 MG Oral Tablet', '2021-03-03T09:00:00Z')]],
    ['an ischemic stroke only (I63.9 is not an anticoagulation indication)', [warfarin(), icd10Condition('I63.9')]],
    ['rivaroxaban 20 mg with coronary disease only (only 2.5 mg is for CAD/PAD)', [order(undefined, 'rivaroxaban 20 MG Oral Tablet [Xarelto]'), icd10Condition('I25.10')]],
  ])('flags %s with no documented indication', (_scenario, resources) => {
    const [finding] = run(anticoagulantWithoutIndication, resources);
    expect(finding).toMatchObject({ ruleId: 'medication-indication/anticoagulant', severity: 'medium', suspectedCondition: 'I48.91' });
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual([
      'I48.91', 'I48.92', 'I26.99', 'I82.409', 'Z86.711', 'Z86.718', 'Z95.2', ...ESCAPES]);
  });

  it('summarizes the order with its date and status', () => {
    const [finding] = run(anticoagulantWithoutIndication, [warfarin()]);
    expect(finding!.summary).toBe('Warfarin Sodium 5 MG Oral Tablet ordered on 2021-03-02 10:00 (active). No diagnosis on the record documents an indication for it.');
  });

  it('names an order that carries only a code by its RxNorm code', () => {
    const [finding] = run(anticoagulantWithoutIndication, [codeOnly('855332')]);
    expect(finding!.summary).toBe('RxNorm 855332 ordered on 2021-03-02 10:00 (active). No diagnosis on the record documents an indication for it.');
  });

  it.each<[string, Resource[]]>([
    ['unspecified atrial fibrillation (I48.91)', [icd10Condition('I48.91')]],
    ["Synthea's SNOMED atrial fibrillation (49436004)", [snomedCondition(SNOMED.ATRIAL_FIBRILLATION)]],
    ['SNOMED atrial flutter (5370000)', [snomedCondition('5370000')]],
    ['pulmonary embolism (I26.99)', [icd10Condition('I26.99')]],
    ['SNOMED pulmonary embolism (59282003)', [snomedCondition('59282003')]],
    ['acute deep vein thrombosis (I82.401)', [icd10Condition('I82.401')]],
    ['SNOMED deep venous thrombosis (128053003)', [snomedCondition('128053003')]],
    ['a personal history of venous thrombosis (Z86.718)', [icd10Condition('Z86.718')]],
    ['a prosthetic heart valve (Z95.2)', [icd10Condition('Z95.2')]],
    ['factor V Leiden (D68.51)', [icd10Condition('D68.51')]],
    ['paroxysmal atrial fibrillation on the claim (I48.0)', [claim(['I48.0'], '2021-03-08T12:00:00Z')]],
  ])('stays silent for warfarin with %s', (_scenario, resources) => {
    expect(run(anticoagulantWithoutIndication, [warfarin(), ...resources])).toEqual([]);
  });

  it.each<[string, Resource[]]>([
    ['enoxaparin (prophylactic doses are outside the class)', [order(undefined, 'enoxaparin sodium 40 MG/0.4ML Prefilled Syringe')]],
    ["Synthea's heparin", [order('314659', 'heparin sodium, porcine')]],
    ['warfarin stopped before the stay', [order('855332', 'Warfarin Sodium 5 MG Oral Tablet', '2020-05-01', { status: 'stopped' })]],
    ['a cancelled Eliquis order', [order(undefined, 'Eliquis 5 MG Oral Tablet', inStay, { status: 'cancelled' })]],
    ['rivaroxaban 2.5 mg with coronary artery disease (I25.10)', [order(undefined, 'rivaroxaban 2.5 MG Oral Tablet'), icd10Condition('I25.10')]],
    ['rivaroxaban 2.5 mg with peripheral artery disease (I73.9)', [order(undefined, 'Xarelto 2.5 mg tablet'), icd10Condition('I73.9')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(anticoagulantWithoutIndication, resources)).toEqual([]);
  });

  describe('thromboprophylaxis after hip or knee arthroplasty (up to 35 days)', () => {
    const knee = procedure(SYSTEM.SNOMED, '609588000', 'Total knee replacement', '2021-01-10T09:00:00Z');
    const apixabanOn = (authoredOn: string) => medicationRequest(undefined, 'apixaban 2.5 MG Oral Tablet', authoredOn, { status: 'completed' });
    const reviewed = (resources: Resource[]) => findingsFor(anticoagulantWithoutIndication, resources, { now: '2021-03-15T12:00:00Z' });

    it.each<[string, Resource[]]>([
      ['started the day after a total knee replacement', [knee, apixabanOn('2021-01-11T09:00:00Z')]],
      ['started exactly 35 days after it', [knee, apixabanOn('2021-02-14T09:00:00Z')]],
      ['started the evening before a hip arthroplasty named in text only', [
        procedure('http://www.ama-assn.org/go/cpt', '27130', 'Arthroplasty, acetabular and proximal femoral prosthetic replacement (total hip arthroplasty)', '2021-01-10T09:00:00Z'),
        apixabanOn('2021-01-09T20:00:00Z')]],
    ])('stays silent for apixaban %s', (_scenario, resources) => {
      expect(reviewed(resources)).toEqual([]);
    });

    it.each<[string, Resource[]]>([
      ['started 36 days after the arthroplasty', [knee, apixabanOn('2021-02-15T09:00:00Z')]],
      ['when the arthroplasty was not done', [procedure(SYSTEM.SNOMED, '609588000', 'Total knee replacement', '2021-01-10T09:00:00Z', { status: 'not-done' }), apixabanOn('2021-01-11T09:00:00Z')]],
    ])('flags apixaban %s', (_scenario, resources) => {
      expect(reviewed(resources)).toHaveLength(1);
    });

    it('takes the prophylaxis period from the configuration', () => {
      const resources = [knee, apixabanOn('2021-02-01T09:00:00Z')];
      expect(reviewed(resources)).toEqual([]);
      expect(findingsFor(anticoagulantWithoutIndication, resources, {
        now: '2021-03-15T12:00:00Z', thresholds: { 'medication-indication/anticoagulant': { arthroplastyProphylaxisDays: 14 } },
      })).toHaveLength(1);
    });
  });
});

describe('medication-indication/loop-diuretic', () => {
  it.each<[string, Resource[]]>([
    ["Synthea's Lasix 40mg (RxCUI 315971)", [lasix()]],
    ["Synthea's furosemide injection (RxCUI 1719286)", [furosemideInjection()]],
    ['furosemide injection coded by product RxCUI only', [codeOnly('1719286')]],
    ['an ingredient-coded order (torsemide, RxCUI 38413)', [order('38413', 'torsemide')]],
    ['a text-only order', [order(undefined, 'bumetanide 1 mg IV twice daily')]],
    ['a brand-name-only order (Bumex)', [order(undefined, 'Bumex 1 MG Oral Tablet')]],
    ['acute kidney failure only (N17.9: no diuretic without volume overload)', [lasix(), icd10Condition('N17.9')]],
  ])('flags %s with no documented indication', (_scenario, resources) => {
    const [finding] = run(loopDiureticWithoutIndication, resources);
    expect(finding).toMatchObject({ ruleId: 'medication-indication/loop-diuretic', severity: 'low', suspectedCondition: 'I50.9' });
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['I50.9', 'N18.9', 'E87.70', 'R60.9', 'I10', 'R18.8', ...ESCAPES]);
  });

  it('describes both Synthea products in one finding', () => {
    const oral = lasix();
    const iv = furosemideInjection();
    const [finding] = run(loopDiureticWithoutIndication, [oral, iv]);
    expect(finding!.evidence).toEqual([`MedicationRequest/${oral.id}`, `MedicationRequest/${iv.id}`]);
    expect(finding!.summary).toBe('Lasix 40mg ordered on 2021-03-02 10:00 (active); 10 ML Furosemide 10 MG/ML Injection ordered on 2021-03-02 10:00 (active). No diagnosis on the record documents an indication for them.');
  });

  it.each<[string, Resource[]]>([
    ['heart failure (I50.9)', [icd10Condition('I50.9')]],
    ["Synthea's SNOMED chronic congestive heart failure (88805009)", [snomedCondition(SNOMED.CHRONIC_CONGESTIVE_HEART_FAILURE)]],
    ['SNOMED heart failure (84114007)', [snomedCondition(SNOMED.HEART_FAILURE)]],
    ["Synthea's SNOMED hypertension (38341003)", [snomedCondition(SNOMED.HYPERTENSION)]],
    ['SNOMED essential hypertension (59621000)', [snomedCondition('59621000')]],
    ['chronic kidney disease stage 3a (N18.31)', [icd10Condition('N18.31')]],
    ['SNOMED chronic kidney disease stage 4 (431857002)', [snomedCondition('431857002')]],
    ['localized edema (R60.0)', [icd10Condition('R60.0')]],
    ['ascites (R18.8)', [icd10Condition('R18.8')]],
    ['alcoholic cirrhosis with ascites (K70.31)', [icd10Condition('K70.31')]],
    ['nephrotic syndrome (N04.9)', [icd10Condition('N04.9')]],
    ['fluid overload (E87.70)', [icd10Condition('E87.70')]],
    ['acute pulmonary edema (J81.0)', [icd10Condition('J81.0')]],
    ['hypertensive heart disease with heart failure on the claim (I11.0)', [claim(['I11.0'], '2021-03-08T12:00:00Z')]],
  ])('stays silent for Lasix with %s', (_scenario, resources) => {
    expect(run(loopDiureticWithoutIndication, [lasix(), ...resources])).toEqual([]);
  });

  it.each<[string, Resource[]]>([
    ['hydrochlorothiazide, which is not a loop diuretic', [hydrochlorothiazide()]],
    ['Lasix stopped before the stay', [order('315971', 'Lasix 40mg', '2020-02-01', { status: 'stopped' })]],
    ['Lasix entered in error', [order('315971', 'Lasix 40mg', inStay, { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(loopDiureticWithoutIndication, resources)).toEqual([]);
  });
});

describe('medication-indication/potassium-chloride', () => {
  const kcl = () => order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet');

  it.each<[string, Resource[]]>([
    ['an ingredient-coded order (RxCUI 8591)', [kcl()]],
    ['a brand-name-only order (Klor-Con)', [order(undefined, 'Klor-Con M20 tablet')]],
    ['a text-only order', [order(undefined, 'KCl 40 mEq PO once')]],
    ['an IV replacement rider', [medicationAdministration(undefined, '100 ML potassium chloride 0.1 MEQ/ML Injection', '2021-03-03T09:00:00Z')]],
    ['a diuretic that was stopped before the stay', [kcl(), order('316049', 'Hydrochlorothiazide 25 MG', '2019-01-01', { status: 'stopped' })]],
  ])('flags %s with no hypokalemia diagnosis and no diuretic', (_scenario, resources) => {
    const [finding] = run(potassiumChlorideWithoutIndication, resources);
    expect(finding).toMatchObject({ ruleId: 'medication-indication/potassium-chloride', severity: 'low', suspectedCondition: 'E87.6' });
    expect(finding!.answerOptions).toEqual([{ text: 'Hypokalemia', icd10: 'E87.6' }, { text: 'Other (please specify)' }, { text: 'Clinically undetermined' }]);
  });

  it('states that no diuretic is ordered', () => {
    const [finding] = run(potassiumChlorideWithoutIndication, [kcl()]);
    expect(finding!.summary).toBe('Potassium chloride 20 MEQ Extended Release Oral Tablet ordered on 2021-03-02 10:00 (active). No loop or thiazide diuretic is ordered. No diagnosis on the record documents an indication for it.');
  });

  it.each<[string, Resource[]]>([
    ['hypokalemia (E87.6)', [icd10Condition('E87.6')]],
    ['SNOMED hypokalemia (43339004)', [snomedCondition(SNOMED.HYPOKALEMIA)]],
    ['hypokalemia on the claim', [claim(['E87.6'], '2021-03-08T12:00:00Z')]],
    ['diabetic ketoacidosis (E11.10)', [icd10Condition('E11.10')]],
    ["Synthea's Lasix ordered in the stay (diuretic prophylaxis)", [lasix()]],
    ['a standing furosemide order from years ago', [order('1719286', '10 ML Furosemide 10 MG/ML Injection', '2016-01-01')]],
    ["Synthea's hydrochlorothiazide (thiazide prophylaxis)", [hydrochlorothiazide()]],
    ['a thiazide combination by brand (Hyzaar)', [order(undefined, 'Hyzaar 50-12.5 mg tablet')]],
  ])('stays silent for potassium chloride with %s', (_scenario, resources) => {
    expect(run(potassiumChlorideWithoutIndication, [kcl(), ...resources])).toEqual([]);
  });

  it.each<[string, Resource[]]>([
    ['potassium citrate, which is not potassium chloride', [order(undefined, 'potassium citrate 10 MEQ Extended Release Oral Tablet')]],
    ['penicillin V potassium', [order('834061', 'Penicillin V Potassium 250 MG Oral Tablet')]],
    ['a maintenance IV fluid carrying potassium (NICE CG174)', [order(undefined, 'Dextrose 50 MG/ML / Potassium Chloride 0.02 MEQ/ML / Sodium Chloride 0.077 MEQ/ML Injectable Solution')]],
    ['maintenance fluid in order-entry shorthand', [order(undefined, 'D5 1/2NS + 20 mEq KCl at 100 mL/hr')]],
    ['a bowel preparation', [order(undefined, 'polyethylene glycol 3350 236 G / potassium chloride 2.97 G / sodium bicarbonate 6.74 G / sodium chloride 5.86 G / sodium sulfate 22.74 G Powder for Oral Solution')]],
    ['potassium chloride entered in error', [order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet', inStay, { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(potassiumChlorideWithoutIndication, resources)).toEqual([]);
  });

  it('does not count diuretics as the indication when configured not to', () => {
    expect(findingsFor(potassiumChlorideWithoutIndication, [stay, kcl(), lasix()], {
      encounterId: 'enc-1', thresholds: { 'medication-indication/potassium-chloride': { diureticIsIndication: false } },
    })).toHaveLength(1);
  });
});

describe('the medication-indication family', () => {
  it('makes one finding per class, each citing only its own orders', () => {
    const resources = [warfarin(), lasix(), metformin(), order('10582', 'levothyroxine'), order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet')];
    const findings = findingsFor([...MEDICATION_INDICATION_RULES], [stay, ...resources], { encounterId: 'enc-1' });
    // KCl is explained by the Lasix order; the anticoagulant (medium) sorts first.
    expect(findings.map((f) => f.ruleId)).toEqual([
      'medication-indication/anticoagulant', 'medication-indication/antidiabetic', 'medication-indication/levothyroxine', 'medication-indication/loop-diuretic',
    ]);
    expect(findings.every((f) => f.evidence.length === 1)).toBe(true);
  });

  it('never concludes a diagnosis or mentions payment in a summary', () => {
    const findings = findingsFor([...MEDICATION_INDICATION_RULES], [stay, warfarin(), humulin(), order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet')], { encounterId: 'enc-1' });
    for (const finding of findings) {
      expect(finding.summary).not.toMatch(/patient has|DRG|CC\/MCC|HCC|reimburse|payment|quality/i);
    }
  });
});

describe('every answer a medication-indication query offers', () => {
  const kcl = () => order('8591', 'potassium chloride 20 MEQ Extended Release Oral Tablet');
  const cases: Array<[string, Parameters<typeof findingsFor>[0], () => Resource]> = [
    ['metformin', antidiabeticWithoutIndication, metformin],
    ['Humulin', antidiabeticWithoutIndication, humulin],
    ['Jardiance', antidiabeticWithoutIndication, () => order(undefined, 'Jardiance 10 MG Oral Tablet')],
    ['Wegovy', antidiabeticWithoutIndication, () => order(undefined, 'Wegovy 2.4 MG/0.75ML Auto-Injector')],
    ['levothyroxine', levothyroxineWithoutIndication, () => order('10582', 'levothyroxine')],
    ['warfarin', anticoagulantWithoutIndication, warfarin],
    ['Lasix', loopDiureticWithoutIndication, lasix],
    ['potassium chloride', potassiumChlorideWithoutIndication, kcl],
  ];

  it.each(cases)('documents the indication of %s once answered', (_product, rule, medication) => {
    const given = medication();
    const [finding] = run(rule, [given]);
    const diagnoses = finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []));
    expect(diagnoses.length).toBeGreaterThan(0);
    for (const code of diagnoses) expect(run(rule, [given, icd10Condition(code)]), code).toEqual([]);
  });
});

describe('medication-indication: typed heart failure', () => {
  it('accepts a SNOMED-coded heart failure with its type (HFrEF) as the indication of a loop diuretic', async () => {
    const { loopDiureticWithoutIndication: loopDiureticIndication } = await import('../../../src/rules/gaps/medication-indication');
    const { HEART_FAILURE_SNOMED } = await import('../../../src/terminology/snomed');
    const { medicationRequest, snomedCondition, findingsFor } = await import('../support');
    const lasix = medicationRequest('315971', 'Lasix 40mg', '2021-03-01T10:00:00Z');
    expect(findingsFor(loopDiureticIndication, [lasix])).toHaveLength(1);
    expect(findingsFor(loopDiureticIndication, [lasix, snomedCondition(HEART_FAILURE_SNOMED.HFREF)])).toEqual([]);
  });
});
