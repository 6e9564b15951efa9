import { describe, expect, it } from 'vitest';
import {
  ANTICOAGULANT_MEDICATIONS, ANTIDIABETIC_MEDICATIONS, LOOP_DIURETIC_MEDICATIONS, POTASSIUM_CHLORIDE_MEDICATIONS, THYROID_HORMONES,
  type IndicatedClass,
} from '../../src/terminology/indicated-medications';
import {
  ANTICOAGULATION_INDICATIONS, DIABETES_INDICATIONS, LOOP_DIURETIC_INDICATIONS, POTASSIUM_REPLACEMENT_INDICATIONS,
  THYROID_HORMONE_INDICATIONS,
} from '../../src/terminology/indications';
import type { DiagnosisTarget } from '../../src/terminology/diagnoses';
import {
  ANTICOAGULANTS, INSULINS, LEVOTHYROXINE, LOOP_DIURETICS, nameMatches, OTHER_ANTIDIABETICS, POTASSIUM_CHLORIDE, rxcuisOf,
  THIAZIDE_DIURETICS, type MedicationClass,
} from '../../src/terminology/medications';

/** Each class with the shared classes it extends and what documents its indication (the rule's row). */
const CLASSES: Array<[string, IndicatedClass, MedicationClass[], DiagnosisTarget]> = [
  ['antidiabetics', ANTIDIABETIC_MEDICATIONS, [INSULINS, OTHER_ANTIDIABETICS], DIABETES_INDICATIONS],
  ['thyroid hormones', THYROID_HORMONES, [LEVOTHYROXINE], THYROID_HORMONE_INDICATIONS],
  ['anticoagulants', ANTICOAGULANT_MEDICATIONS, [ANTICOAGULANTS], ANTICOAGULATION_INDICATIONS],
  ['loop diuretics', LOOP_DIURETIC_MEDICATIONS, [LOOP_DIURETICS], LOOP_DIURETIC_INDICATIONS],
  ['potassium chloride', POTASSIUM_CHLORIDE_MEDICATIONS, [POTASSIUM_CHLORIDE], POTASSIUM_REPLACEMENT_INDICATIONS],
];

/** The class's ingredients a product name carries (ingredient or brand name, whole words). */
const ingredientsNamed = (medicines: IndicatedClass, text: string) =>
  medicines.ingredients.filter((i) => nameMatches({ id: i.name, label: i.name, ingredients: [i] }, text)).map((i) => i.name);

/** The class's ingredients an RxCUI names (ingredient or product). */
const ingredientsCoded = (medicines: IndicatedClass, rxcui: string) =>
  medicines.ingredients.filter((i) => i.rxcui === rxcui || (i.products ?? []).includes(rxcui)).map((i) => i.name);

const documents = (set: DiagnosisTarget, code: string) => set.icd10.some((prefix) => code.startsWith(prefix));

describe('the classes the medication-indication rules read', () => {
  it.each(CLASSES)('%s keep every ingredient, brand and RxCUI of the shared class they extend', (_name, medicines, bases) => {
    for (const ingredient of bases.flatMap((b) => b.ingredients)) {
      const extended = medicines.ingredients.find((i) => i.name === ingredient.name);
      expect(extended?.rxcui).toBe(ingredient.rxcui);
      expect(extended?.brands ?? []).toEqual(expect.arrayContaining([...(ingredient.brands ?? [])]));
    }
    const codes = rxcuisOf(medicines);
    for (const base of bases) expect([...rxcuisOf(base)].filter((code) => !codes.has(code))).toEqual([]);
  });

  it.each(CLASSES)('%s list each ingredient once and each product RxCUI under one ingredient', (_name, medicines) => {
    const names = medicines.ingredients.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    const products = medicines.ingredients.flatMap((i) => i.products ?? []);
    expect(new Set(products).size).toBe(products.length);
    expect([...(medicines.products ?? [])].sort()).toEqual([...products].sort());
  });

  it('give no RxCUI to two classes (one order, one rule), the thiazides potassium chloride reads included', () => {
    const owners = new Map<string, string[]>();
    for (const medicines of [...CLASSES.map(([, c]) => c), THIAZIDE_DIURETICS]) {
      for (const code of rxcuisOf(medicines)) owners.set(code, [...(owners.get(code) ?? []), medicines.id]);
    }
    expect([...owners].filter(([, classes]) => classes.length > 1)).toEqual([]);
  });

  it.each(CLASSES)('%s: an ingredient\'s own options are answers that document its indication', (_name, medicines, _bases, indications) => {
    for (const ingredient of medicines.ingredients.filter((i) => i.options)) {
      expect(ingredient.alsoIndicatedFor).toBeDefined();
      const undocumented = ingredient.options!.filter((o) => !documents(indications, o.icd10) && !documents(ingredient.alsoIndicatedFor!, o.icd10));
      expect(undocumented).toEqual([]);
    }
  });
});

describe('product names and codes', () => {
  it.each<[string, IndicatedClass, string[]]>([
    ['Lasix 40mg', LOOP_DIURETIC_MEDICATIONS, ['furosemide']],
    ['Furoscix 80 MG/10ML On-Body Injector', LOOP_DIURETIC_MEDICATIONS, ['furosemide']],
    ['Edecrin 25 MG Oral Tablet', LOOP_DIURETIC_MEDICATIONS, ['ethacrynic acid']],
    ['Tirosint 50 MCG Oral Capsule', THYROID_HORMONES, ['levothyroxine']],
    ['Cytomel 5 MCG Oral Tablet', THYROID_HORMONES, ['liothyronine']],
    ['Armour Thyroid 60 MG Oral Tablet', THYROID_HORMONES, ['desiccated thyroid']],
    ['Jantoven 5 MG Oral Tablet', ANTICOAGULANT_MEDICATIONS, ['warfarin']],
    ['Xarelto 2.5 MG Oral Tablet', ANTICOAGULANT_MEDICATIONS, ['rivaroxaban']],
    ['Janumet 50-1000 mg tablet', ANTIDIABETIC_MEDICATIONS, ['metformin', 'sitagliptin']],
    ['Soliqua 100/33 pen', ANTIDIABETIC_MEDICATIONS, ['insulin glargine', 'lixisenatide']],
    ['Xultophy 100/3.6 pen', ANTIDIABETIC_MEDICATIONS, ['insulin degludec', 'liraglutide']],
    ['Trijardy XR 5-2.5-1000 mg', ANTIDIABETIC_MEDICATIONS, ['metformin', 'linagliptin', 'empagliflozin']],
    ['Zepbound 5 MG/0.5ML pen', ANTIDIABETIC_MEDICATIONS, ['tirzepatide']],
    ['Inpefa 200 MG Oral Tablet', ANTIDIABETIC_MEDICATIONS, ['sotagliflozin']],
    ['Klor-Con M20 tablet', POTASSIUM_CHLORIDE_MEDICATIONS, ['potassium chloride']],
    ['KCl 40 mEq PO once', POTASSIUM_CHLORIDE_MEDICATIONS, ['potassium chloride']],
  ])('finds in %j its ingredients %j', (text, medicines, expected) => {
    expect(ingredientsNamed(medicines, text)).toEqual(expected);
  });

  it.each<[string, IndicatedClass]>([
    ['Penicillin V Potassium 250 MG Oral Tablet', POTASSIUM_CHLORIDE_MEDICATIONS],
    ['potassium citrate 10 MEQ Extended Release Oral Tablet', POTASSIUM_CHLORIDE_MEDICATIONS],
    ['24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]', ANTIDIABETIC_MEDICATIONS],
    ['enoxaparin sodium 40 MG/0.4ML Prefilled Syringe', ANTICOAGULANT_MEDICATIONS],
    ['Thyroid stimulating hormone 0.9 MG Injection', THYROID_HORMONES],
    ['Hydrochlorothiazide 25 MG', LOOP_DIURETIC_MEDICATIONS],
  ])('finds no ingredient of the class in %j', (text, medicines) => {
    expect(ingredientsNamed(medicines, text)).toEqual([]);
  });

  it.each<[string, IndicatedClass, string]>([
    ['106892', ANTIDIABETIC_MEDICATIONS, 'insulin'], // Humulin 70/30 (Synthea)
    ['860975', ANTIDIABETIC_MEDICATIONS, 'metformin'], // 24 HR Metformin hydrochloride 500 MG (Synthea)
    ['855332', ANTICOAGULANT_MEDICATIONS, 'warfarin'], // Warfarin Sodium 5 MG Oral Tablet (Synthea)
    ['315971', LOOP_DIURETIC_MEDICATIONS, 'furosemide'], // Lasix 40mg (Synthea)
    ['1719286', LOOP_DIURETIC_MEDICATIONS, 'furosemide'], // 10 ML Furosemide 10 MG/ML Injection (Synthea)
    ['10582', THYROID_HORMONES, 'levothyroxine'], // ingredient
    ['8591', POTASSIUM_CHLORIDE_MEDICATIONS, 'potassium chloride'], // ingredient
  ])('reads RxCUI %s as %s', (rxcui, medicines, ingredient) => {
    expect(ingredientsCoded(medicines, rxcui)).toEqual([ingredient]);
  });
});

describe('what a product name says beyond its ingredient', () => {
  const rivaroxabanDoses = ANTICOAGULANT_MEDICATIONS.ingredients.find((i) => i.name === 'rivaroxaban')!.doses!;

  it('knows rivaroxaban 2.5 mg as the vascular dose, indicated by coronary or peripheral artery disease', () => {
    expect(rivaroxabanDoses).toHaveLength(1);
    expect(rivaroxabanDoses[0]!.indications.icd10).toEqual(expect.arrayContaining(['I25', 'I73.9']));
  });

  it.each([
    ['rivaroxaban 2.5 MG Oral Tablet', true],
    ['Xarelto 2.5 mg tablet', true],
    ['rivaroxaban 20 MG Oral Tablet [Xarelto]', false],
    ['apixaban 2.5 MG Oral Tablet', false], // a reduced AF dose, not a vascular one
  ])('%j is the vascular dose: %s', (text, expected) => {
    expect(rivaroxabanDoses[0]!.product.test(text)).toBe(expected);
  });

  it.each([
    ['Dextrose 50 MG/ML / Potassium Chloride 0.02 MEQ/ML / Sodium Chloride 0.077 MEQ/ML Injectable Solution', true],
    ['D5 1/2NS + 20 mEq KCl at 100 mL/hr', true],
    ['Lactated Ringers with potassium chloride 20 mEq/L', true],
    ['polyethylene glycol 3350 236 G / potassium chloride 2.97 G Powder for Oral Solution', true],
    ['potassium chloride 20 MEQ Extended Release Oral Tablet', false],
    ['100 ML potassium chloride 0.1 MEQ/ML Injection', false],
    ['KCl 40 mEq PO once', false],
  ])('%j carries potassium for another purpose (fluid, bowel preparation): %s', (text, expected) => {
    expect((POTASSIUM_CHLORIDE_MEDICATIONS.notUsesOfClass ?? []).some((p) => p.test(text))).toBe(expected);
  });
});
