/**
 * Which codes code a diagnosis a note names in general words. "Anemia" in a note (D64.9 by the Index) is
 * coded by any anemia code (D50-D64): iron deficiency anemia D50.9 codes it, more specifically. Without an
 * entry here, a diagnosis is coded by any code of its own category (I50.23 by I50.-), the ICD-10-CM
 * Tabular's grouping. Each entry: the categories of a family (ICD-10-CM FY2026 Tabular List block or
 * Alphabetic Index entry named), and the combination codes that include the diagnosis (I.A.15, "with").
 * Used by coding/documented-not-coded: a note's diagnosis that no code of its family codes is for the coder.
 */
export interface DiagnosisFamily {
  /** Categories (dotted prefixes) whose mentions the family covers. */
  readonly categories: readonly string[];
  /** Code prefixes (dotted) any of which codes a mention of the family. */
  readonly codedBy: readonly string[];
  /** Where the grouping comes from. */
  readonly source: string;
}

export const DIAGNOSIS_FAMILIES: readonly DiagnosisFamily[] = [
  {
    categories: ['D50', 'D51', 'D52', 'D53', 'D55', 'D56', 'D57', 'D58', 'D59', 'D60', 'D61', 'D62', 'D63', 'D64'],
    codedBy: ['D50', 'D51', 'D52', 'D53', 'D55', 'D56', 'D57', 'D58', 'D59', 'D60', 'D61', 'D62', 'D63', 'D64', 'O99.0'],
    source: 'Tabular D50-D64 (nutritional, hemolytic, aplastic and other anemias); O99.0- anemia complicating pregnancy',
  },
  {
    categories: ['E08', 'E09', 'E10', 'E11', 'E13'],
    codedBy: ['E08', 'E09', 'E10', 'E11', 'E13', 'O24'],
    source: 'Tabular E08-E13 (diabetes mellitus); O24.- diabetes in pregnancy (I.C.15.g)',
  },
  {
    categories: ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18'],
    codedBy: ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'J69', 'A01.03', 'A02.22', 'B01.2', 'B05.2', 'B25.0', 'J10.0', 'J11.0', 'U07.1'],
    source: 'Tabular J12-J18 (pneumonia); Index: Pneumonia, aspiration J69.0; in typhoid, salmonella, varicella, measles, CMV, influenza; COVID-19',
  },
  {
    categories: ['A40', 'A41', 'R65.2'],
    codedBy: ['A40', 'A41', 'R65.2', 'A02.1', 'A22.7', 'A26.7', 'A32.7', 'A42.7', 'B37.7', 'O85', 'O86.04', 'P36', 'T81.44'],
    source: 'Index: Sepsis (A41.9; by organism A40-A41 and elsewhere); severe sepsis R65.2- (I.C.1.d)',
  },
  {
    categories: ['I50'],
    codedBy: ['I50', 'I11.0', 'I13.0', 'I13.2', 'I09.81', 'I97.13'],
    source: 'Tabular I50; hypertensive heart (and chronic kidney) disease with heart failure I11.0, I13.0, I13.2 (I.C.9.a.1, a.3); rheumatic heart failure I09.81; postprocedural I97.13-',
  },
  {
    categories: ['N18'],
    codedBy: ['N18', 'I12', 'I13', 'E08.22', 'E09.22', 'E10.22', 'E11.22', 'E13.22'],
    source: 'Tabular N18; hypertensive CKD I12-I13 (I.C.9.a.2); diabetic CKD E--.22 (I.A.15)',
  },
  {
    categories: ['E40', 'E41', 'E42', 'E43', 'E44', 'E45', 'E46'],
    codedBy: ['E40', 'E41', 'E42', 'E43', 'E44', 'E45', 'E46'],
    source: 'Tabular E40-E46 (malnutrition)',
  },
  {
    categories: ['E87.1'],
    codedBy: ['E87.1', 'E22.2'],
    source: 'Tabular E87.1 Excludes1 SIADH (E22.2): SIADH documents the hyponatremia',
  },
  {
    categories: ['D69.6'],
    codedBy: ['D69.4', 'D69.5', 'D69.6', 'D69.3'],
    source: 'Tabular D69.3-D69.6 (thrombocytopenia: immune, primary, secondary, unspecified)',
  },
  {
    categories: ['J96'],
    codedBy: ['J96', 'J80', 'R09.2', 'P28.5'],
    source: 'Tabular J96 (respiratory failure); J80 ARDS; R09.2 respiratory arrest; P28.5 of newborn',
  },
  {
    categories: ['N17'],
    codedBy: ['N17', 'O90.49', 'N99.0'],
    source: 'Tabular N17 (acute kidney failure); O90.49 postpartum; N99.0 postprocedural',
  },
  {
    categories: ['E03'],
    codedBy: ['E01', 'E02', 'E03', 'E89.0'],
    source: 'Tabular E00-E03 (hypothyroidism); E89.0 postprocedural hypothyroidism',
  },
];

/** The codes that code a diagnosis named by `icd10` (dotted): its family's, else its own category. */
export function codesThatCode(icd10: string): readonly string[] {
  const family = DIAGNOSIS_FAMILIES.find((f) => f.categories.some((category) => icd10.startsWith(category)));
  return family ? family.codedBy : [icd10.slice(0, 3)];
}
