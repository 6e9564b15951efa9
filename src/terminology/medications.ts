/**
 * Medication classes the rules recognize. EHRs (and Synthea) order clinical products (RxNorm SCD/SBD,
 * e.g. 860975 = "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"), not ingredients, so
 * a class matches by ingredient RxCUI, by known product RxCUI, or by the ingredient or brand name in the
 * product's display or text (SCD/SBD names always carry the ingredient name).
 * Ingredient RxCUIs: RxNorm (https://mor.nlm.nih.gov/RxNav), as cross-checked in shared/DOMAIN.md §2.
 */
export interface Ingredient {
  name: string;
  /** RxNorm ingredient (TTY=IN) RxCUI, when known. */
  rxcui?: string;
  brands?: readonly string[];
}

export interface MedicationClass {
  id: string;
  label: string;
  ingredients: readonly Ingredient[];
  /** Product RxCUIs (SCD/SBD) whose names do not carry the ingredient (e.g. "Lasix 40mg"). */
  products?: readonly string[];
  /** Product-name patterns for what an ingredient alone cannot say (e.g. a concentration: 3% saline). */
  patterns?: readonly RegExp[];
}

export const INSULINS: MedicationClass = {
  id: 'insulin', label: 'insulin',
  ingredients: [
    { name: 'insulin glargine', rxcui: '274783', brands: ['Lantus', 'Basaglar', 'Toujeo', 'Semglee'] },
    { name: 'insulin lispro', rxcui: '86009', brands: ['Humalog', 'Admelog', 'Lyumjev'] },
    { name: 'insulin aspart', rxcui: '86005', brands: ['Novolog', 'Fiasp'] },
    { name: 'insulin detemir', rxcui: '139825', brands: ['Levemir'] },
    { name: 'insulin degludec', rxcui: '1670007', brands: ['Tresiba'] },
    { name: 'insulin', rxcui: '5856', brands: ['Humulin', 'Novolin'] },
  ],
};

export const OTHER_ANTIDIABETICS: MedicationClass = {
  id: 'antidiabetic', label: 'an antidiabetic medication',
  ingredients: [
    { name: 'metformin', rxcui: '6809', brands: ['Glucophage'] },
    { name: 'glipizide', rxcui: '4821', brands: ['Glucotrol'] },
    { name: 'glyburide', rxcui: '4815' },
    { name: 'glimepiride', rxcui: '25789', brands: ['Amaryl'] },
    { name: 'pioglitazone', rxcui: '33738', brands: ['Actos'] },
    { name: 'sitagliptin', rxcui: '593411', brands: ['Januvia'] },
    { name: 'linagliptin', rxcui: '1100699', brands: ['Tradjenta'] },
    { name: 'empagliflozin', rxcui: '1545653', brands: ['Jardiance'] },
    { name: 'dapagliflozin', rxcui: '1488564', brands: ['Farxiga'] },
    { name: 'canagliflozin', rxcui: '1373458', brands: ['Invokana'] },
    { name: 'liraglutide', rxcui: '475968', brands: ['Victoza'] },
    { name: 'semaglutide', rxcui: '1991302', brands: ['Ozempic', 'Rybelsus'] },
    { name: 'dulaglutide', rxcui: '1551291', brands: ['Trulicity'] },
  ],
};

export const LEVOTHYROXINE: MedicationClass = {
  id: 'levothyroxine', label: 'levothyroxine',
  ingredients: [{ name: 'levothyroxine', rxcui: '10582', brands: ['Synthroid', 'Levoxyl', 'Unithroid', 'Euthyrox'] }],
};

export const ANTICOAGULANTS: MedicationClass = {
  id: 'anticoagulant', label: 'an anticoagulant',
  ingredients: [
    { name: 'warfarin', rxcui: '11289', brands: ['Coumadin', 'Jantoven'] },
    { name: 'apixaban', rxcui: '1364430', brands: ['Eliquis'] },
    { name: 'rivaroxaban', rxcui: '1114195', brands: ['Xarelto'] },
    { name: 'dabigatran', rxcui: '1546356', brands: ['Pradaxa'] },
    { name: 'edoxaban', rxcui: '1599538', brands: ['Savaysa'] },
  ],
};

export const LOOP_DIURETICS: MedicationClass = {
  id: 'loop-diuretic', label: 'a loop diuretic',
  ingredients: [
    { name: 'furosemide', rxcui: '4603', brands: ['Lasix'] },
    { name: 'bumetanide', rxcui: '1808', brands: ['Bumex'] },
    { name: 'torsemide', rxcui: '38413', brands: ['Demadex', 'Soaanz'] },
  ],
  products: ['315971'], // "Lasix 40mg" (Synthea)
};

export const POTASSIUM_CHLORIDE: MedicationClass = {
  id: 'potassium-chloride', label: 'potassium chloride',
  ingredients: [{ name: 'potassium chloride', rxcui: '8591', brands: ['Klor-Con', 'K-Tab', 'Micro-K'] }],
};

/** Treatments of hyponatremia: hypertonic saline, oral sodium chloride tablets, vaptans. */
export const HYPONATREMIA_TREATMENTS: MedicationClass = {
  id: 'hyponatremia-treatment', label: 'a hyponatremia treatment',
  ingredients: [
    { name: 'tolvaptan', rxcui: '358258', brands: ['Samsca'] },
    { name: 'conivaptan', brands: ['Vaprisol'] },
  ],
  patterns: [
    /hypertonic saline/i,
    /sodium chloride\s+(?:30|50)\s*MG\/ML/i, // 3% and 5% (RxNorm strength notation)
    /(?:3|5)\s*%\s*(?:sodium chloride|NaCl|saline)/i,
    /sodium chloride\s+1\s*(?:G|GM|GRAM)\s+oral tablet/i,
  ],
};

export function rxcuisOf(medicationClass: MedicationClass): Set<string> {
  return new Set([
    ...medicationClass.ingredients.flatMap((i) => (i.rxcui ? [i.rxcui] : [])),
    ...(medicationClass.products ?? []),
  ]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const namePatterns = new WeakMap<MedicationClass, RegExp>();

/** Whether a product name belongs to the class: an ingredient or brand name (whole words), or a pattern. */
export function nameMatches(medicationClass: MedicationClass, text: string): boolean {
  let byName = namePatterns.get(medicationClass);
  if (!byName) {
    const names = medicationClass.ingredients.flatMap((i) => [i.name, ...(i.brands ?? [])]);
    byName = new RegExp(`\\b(${names.map(escapeRegExp).join('|')})\\b`, 'i');
    namePatterns.set(medicationClass, byName);
  }
  return byName.test(text) || (medicationClass.patterns ?? []).some((p) => p.test(text));
}
