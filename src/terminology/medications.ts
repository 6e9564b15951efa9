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

/**
 * Potassium salts given as replacement, other than the chloride (POTASSIUM_CHLORIDE). Matched by ingredient
 * name only (RxNorm SCD names carry it): "Potassium Citrate 10 MEQ Extended Release Oral Tablet". A salt of
 * another drug ("Penicillin V Potassium", "Losartan Potassium") is not a replacement.
 */
export const OTHER_POTASSIUM_REPLACEMENTS: MedicationClass = {
  id: 'potassium-replacement', label: 'potassium replacement',
  ingredients: [
    { name: 'potassium citrate', brands: ['Urocit-K'] },
    { name: 'potassium bicarbonate', brands: ['Effer-K', 'Klor-Con/EF'] },
    { name: 'potassium phosphate', brands: ['K-Phos'] },
    { name: 'potassium acetate' },
    { name: 'potassium gluconate' },
  ],
};

/** Potassium binders: their only indication is hyperkalemia. Matched by ingredient or brand name. */
export const POTASSIUM_BINDERS: MedicationClass = {
  id: 'potassium-binder', label: 'a potassium binder',
  ingredients: [
    { name: 'sodium polystyrene sulfonate', brands: ['Kayexalate', 'Kionex', 'SPS'] },
    { name: 'calcium polystyrene sulfonate', brands: ['Resonium'] },
    { name: 'patiromer', brands: ['Veltassa'] },
    { name: 'sodium zirconium cyclosilicate', brands: ['Lokelma'] },
  ],
};

/**
 * Thiazide and thiazide-like diuretics: with a loop diuretic, the reason potassium is given prophylactically.
 * HCTZ/HCT are written in combination names.
 */
export const THIAZIDE_DIURETICS: MedicationClass = {
  id: 'thiazide-diuretic', label: 'a thiazide diuretic',
  ingredients: [
    { name: 'hydrochlorothiazide', brands: ['HCTZ', 'HCT', 'Microzide', 'Hyzaar', 'Zestoretic', 'Dyazide', 'Maxzide'] },
    { name: 'chlorthalidone', brands: ['Thalitone', 'Hygroton', 'Edarbyclor', 'Tenoretic'] },
    { name: 'chlorothiazide', brands: ['Diuril'] },
    { name: 'indapamide' },
    { name: 'metolazone', brands: ['Zaroxolyn'] },
    { name: 'methyclothiazide' },
  ],
  products: ['316049', '316052'], // 316049 Hydrochlorothiazide 25 MG, 316052 Hydrochlorothiazide 6.25 MG (Synthea)
};

/** Iron replacement, oral and intravenous (ferric citrate is a phosphate binder and is left out). By name. */
export const IRON_PRODUCTS: MedicationClass = {
  id: 'iron-product', label: 'an iron product',
  ingredients: [
    { name: 'ferrous sulfate' },
    { name: 'ferrous gluconate' },
    { name: 'ferrous fumarate' },
    { name: 'carbonyl iron' },
    { name: 'polysaccharide iron complex' },
    { name: 'iron sucrose', brands: ['Venofer'] },
    { name: 'ferric carboxymaltose', brands: ['Injectafer'] },
    { name: 'ferric gluconate', brands: ['Ferrlecit'] },
    { name: 'iron dextran', brands: ['INFeD'] },
    { name: 'ferumoxytol', brands: ['Feraheme'] },
    { name: 'ferric derisomaltose', brands: ['Monoferric'] },
  ],
};

/** Unfractionated and low-molecular-weight heparins (RxCUIs as cross-checked in shared/DOMAIN.md §2). */
export const HEPARINS: MedicationClass = {
  id: 'heparin', label: 'heparin',
  ingredients: [
    { name: 'heparin', rxcui: '5224' },
    { name: 'enoxaparin', rxcui: '67108', brands: ['Lovenox'] },
    { name: 'dalteparin', brands: ['Fragmin'] },
  ],
};

/**
 * Systemic antibacterials by ingredient (products are matched by the ingredient or brand in their name).
 * Ingredient RxCUIs only where checked: 723, 18631, 11124 (NLM RxNav ingredient catalog, ATC J01); 2551, 4053,
 * 82122, 139462, 7454, 7517 (CPIC drug table, RxNorm ingredients); 7984 (Synthea sepsis module). Others by name.
 */
export const ANTIBIOTICS: MedicationClass = {
  id: 'antibiotic', label: 'an antibiotic',
  ingredients: [
    // Penicillins
    { name: 'penicillin', rxcui: '7984', brands: ['Bicillin', 'Pfizerpen'] },
    { name: 'amoxicillin', rxcui: '723', brands: ['Amoxil', 'Augmentin'] },
    { name: 'ampicillin', brands: ['Unasyn'] },
    { name: 'nafcillin' }, { name: 'oxacillin' }, { name: 'dicloxacillin' },
    { name: 'piperacillin', brands: ['Zosyn'] },
    // Cephalosporins
    { name: 'cefazolin', brands: ['Ancef'] }, { name: 'cephalexin', brands: ['Keflex'] }, { name: 'cefadroxil' },
    { name: 'cefuroxime', brands: ['Ceftin', 'Zinacef'] }, { name: 'cefoxitin' }, { name: 'cefotetan' }, { name: 'cefprozil' },
    { name: 'cefaclor' }, { name: 'cefdinir' }, { name: 'cefpodoxime' }, { name: 'cefixime' },
    { name: 'ceftriaxone', brands: ['Rocephin'] }, { name: 'cefotaxime' }, { name: 'ceftazidime', brands: ['Fortaz', 'Tazicef', 'Avycaz'] },
    { name: 'cefepime', brands: ['Maxipime'] }, { name: 'ceftaroline', brands: ['Teflaro'] }, { name: 'ceftolozane', brands: ['Zerbaxa'] },
    { name: 'cefiderocol', brands: ['Fetroja'] },
    // Carbapenems and monobactam
    { name: 'meropenem', brands: ['Merrem', 'Vabomere'] }, { name: 'imipenem', brands: ['Primaxin', 'Recarbrio'] },
    { name: 'ertapenem', brands: ['Invanz'] }, { name: 'doripenem' }, { name: 'aztreonam', brands: ['Azactam'] },
    // Glycopeptides and lipopeptide
    { name: 'vancomycin', rxcui: '11124', brands: ['Vancocin', 'Firvanq'] }, { name: 'daptomycin', brands: ['Cubicin'] },
    { name: 'telavancin' }, { name: 'dalbavancin' }, { name: 'oritavancin' },
    // Fluoroquinolones
    { name: 'ciprofloxacin', rxcui: '2551', brands: ['Cipro'] }, { name: 'levofloxacin', rxcui: '82122', brands: ['Levaquin'] },
    { name: 'moxifloxacin', rxcui: '139462', brands: ['Avelox'] }, { name: 'ofloxacin' }, { name: 'norfloxacin', rxcui: '7517' },
    { name: 'delafloxacin' },
    // Macrolides
    { name: 'azithromycin', rxcui: '18631', brands: ['Zithromax', 'Zmax'] }, { name: 'clarithromycin', brands: ['Biaxin'] },
    { name: 'erythromycin', rxcui: '4053' },
    // Tetracyclines
    { name: 'doxycycline', brands: ['Vibramycin', 'Doryx'] }, { name: 'minocycline' }, { name: 'tetracycline' },
    { name: 'tigecycline', brands: ['Tygacil'] },
    // Others
    { name: 'sulfamethoxazole', brands: ['Bactrim', 'Septra'] }, { name: 'trimethoprim' },
    { name: 'clindamycin', brands: ['Cleocin'] }, { name: 'metronidazole', brands: ['Flagyl'] },
    { name: 'linezolid', brands: ['Zyvox'] }, { name: 'tedizolid' },
    { name: 'gentamicin' }, { name: 'tobramycin' }, { name: 'amikacin' }, { name: 'streptomycin' }, { name: 'plazomicin' },
    { name: 'nitrofurantoin', rxcui: '7454', brands: ['Macrobid', 'Macrodantin'] }, { name: 'fosfomycin' },
    { name: 'colistimethate' }, { name: 'chloramphenicol' },
  ],
};

/** Vasopressors given only as infusions (any order is a vasopressor order). Matched by name. */
export const VASOPRESSORS: MedicationClass = {
  id: 'vasopressor', label: 'a vasopressor',
  ingredients: [
    { name: 'norepinephrine', brands: ['Levophed'] },
    { name: 'vasopressin', brands: ['Vasostrict'] },
    { name: 'dopamine' },
    { name: 'angiotensin II', brands: ['Giapreza'] },
  ],
};

/** Vasopressors that also have non-pressor uses (anaphylaxis, nasal/eye drops): counted only as infusions. */
export const INFUSION_ONLY_VASOPRESSORS: MedicationClass = {
  id: 'vasopressor-infusion', label: 'a vasopressor infusion',
  ingredients: [{ name: 'epinephrine', brands: ['Adrenalin'] }, { name: 'phenylephrine' }],
};

/** Oxygen ordered or given as a medication (matched by name). */
export const OXYGEN: MedicationClass = { id: 'oxygen', label: 'oxygen', ingredients: [{ name: 'oxygen' }] };

export function rxcuisOf(medicationClass: MedicationClass): ReadonlySet<string> {
  // Made once per class (the tables are static): the rules ask for it for every order they read.
  let rxcuis = rxcuiSets.get(medicationClass);
  if (!rxcuis) {
    rxcuis = new Set([...medicationClass.ingredients.flatMap((i) => (i.rxcui ? [i.rxcui] : [])), ...(medicationClass.products ?? [])]);
    rxcuiSets.set(medicationClass, rxcuis);
  }
  return rxcuis;
}
const rxcuiSets = new WeakMap<MedicationClass, ReadonlySet<string>>();

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
