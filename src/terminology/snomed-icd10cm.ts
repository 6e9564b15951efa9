/**
 * A curated SNOMED CT → ICD-10-CM FY2026 map: every SNOMED CT Condition code of the Synthea sample
 * (shared/data/synthea, 106 codes) and every diagnosis or finding code the documentation-gap rules name
 * (src/terminology/snomed.ts, src/rules/*.ts), 225 concepts in all. Procedures are not mapped.
 *
 * How a row was chosen: the ICD-10-CM Alphabetic Index path from the SNOMED CT concept's meaning (main
 * term, subterms → code), checked against the FY2026 order file (every target is a billable FY2026 code;
 * `title` is its CMS short title) and, where it supports the choice, an inclusion term of the Tabular List.
 * Conventions, each stated in the row's `why`:
 * - the Index reaches a header: the unspecified billable child is chosen (side, stage, trimester not
 *   stated), as the Index defaults and Official Guidelines I.A.9 ("unspecified" codes) direct;
 * - a finding or situation is coded the way the Official Guidelines code it: "history of" as its
 *   personal-history Z-code (or I25.2 for an old MI), a dialysis dependence as Z99.2, a BMI finding as the
 *   weight diagnosis it names (E66.-: the Z68 BMI codes need the exact value, I.B.14), a daily smoker as
 *   nicotine dependence (Index: Smoker — see Dependence, drug, nicotine);
 * - diabetes of no stated type is type 2 (Guidelines I.C.4.a.2);
 * - injuries need the encounter to choose the 7th character: the map gives the initial encounter ('A');
 * - a concept ICD-10-CM codes only with facts it does not state (a burn's site, a gunshot wound's site
 *   and intent) has no target (`icd10` undefined), with the reason.
 * Synthea's own export map (src/main/resources/export/condition_code_map.json) was a cross-check only:
 * where it disagrees with the Index (e.g. G90.3 for "Seizure disorder", R52 for "Chronic pain"), the Index wins.
 *
 * Uses: a SNOMED-only diagnosis documents its ICD-10-CM category for the gap rules (engine.conceptMatches),
 * and the coding-mismatch check compares a Condition's two codings (rules/coding-mismatch.ts).
 */

/** One SNOMED CT concept and the ICD-10-CM code the Index leads to. */
export interface SnomedIcd10CmMapping {
  /** SNOMED CT concept id. */
  readonly snomed: string;
  /** The concept's display, as Synthea writes it or as the rule sources verified it. */
  readonly display: string;
  /** The ICD-10-CM FY2026 code, dotted and billable; undefined when no single code fits (see `why`). */
  readonly icd10?: string;
  /** The CMS short title of `icd10`, as the FY2026 order file (and the code table) has it. */
  readonly title?: string;
  /** The Alphabetic Index path (main term, subterms → code) and the guideline or default that chose the code. */
  readonly why: string;
}

const ROWS: readonly SnomedIcd10CmMapping[] = [
  // Infections and respiratory
  { snomed: '444814009', display: 'Viral sinusitis (disorder)', icd10: 'J01.90', title: 'Acute sinusitis, unspecified', why: 'Index: Sinusitis, acute → J01.9- → J01.90 (not stated as recurrent). A viral sinusitis is an acute rhinosinusitis (AAO-HNS adult sinusitis guideline 2015); J01 excludes “sinusitis NOS (J32.9)”, the chronic default, which does not fit a viral infection' },
  { snomed: '75498004', display: 'Acute bacterial sinusitis (disorder)', icd10: 'J01.90', title: 'Acute sinusitis, unspecified', why: 'Index: Sinusitis, acute → J01.9- → J01.90 (not stated as recurrent); the organism, when named, is added from B95-B97 (tabular note at J01)' },
  { snomed: '36971009', display: 'Sinusitis (disorder)', icd10: 'J32.9', title: 'Chronic sinusitis, unspecified', why: 'Index: Sinusitis (accessory) (chronic) (nasal) → J32.9; tabular J32.9 includes “Sinusitis (chronic) NOS”' },
  { snomed: '40055000', display: 'Chronic sinusitis (disorder)', icd10: 'J32.9', title: 'Chronic sinusitis, unspecified', why: 'Index: Sinusitis (chronic) → J32.9 (no sinus named)' },
  { snomed: '195662009', display: 'Acute viral pharyngitis (disorder)', icd10: 'J02.9', title: 'Acute pharyngitis, unspecified', why: 'Index: Pharyngitis (acute) (infective) (viral) → J02.9; tabular J02.9 includes “Infective pharyngitis (acute) NOS”. J02.8 needs a specified organism' },
  { snomed: '43878008', display: 'Streptococcal sore throat (disorder)', icd10: 'J02.0', title: 'Streptococcal pharyngitis', why: 'Index: Pharyngitis, streptococcal → J02.0; tabular J02.0 includes “Streptococcal sore throat”' },
  { snomed: '10509002', display: 'Acute bronchitis (disorder)', icd10: 'J20.9', title: 'Acute bronchitis, unspecified', why: 'Index: Bronchitis, acute → J20.9 (no organism named)' },
  { snomed: '233604007', display: 'Pneumonia (disorder)', icd10: 'J18.9', title: 'Pneumonia, unspecified organism', why: 'Index: Pneumonia (acute) (double) (migratory) (purulent) (septic) → J18.9 (organism not named)' },
  { snomed: '65363002', display: 'Otitis media', icd10: 'H66.90', title: 'Otitis media, unspecified, unspecified ear', why: 'Index: Otitis, media → H66.9- (type not stated); ear not stated → H66.90' },
  { snomed: '185086009', display: 'Chronic obstructive bronchitis (disorder)', icd10: 'J44.9', title: 'Chronic obstructive pulmonary disease, unspecified', why: 'Index: Bronchitis, chronic, obstructive → J44.9' },
  { snomed: '87433001', display: 'Pulmonary emphysema (disorder)', icd10: 'J43.9', title: 'Emphysema, unspecified', why: 'Index: Emphysema (lung) (pulmonary) → J43.9' },
  { snomed: '233678006', display: 'Childhood asthma', icd10: 'J45.909', title: 'Unspecified asthma, uncomplicated', why: 'Index: Asthma, asthmatic (bronchial) → J45.909 (severity, exacerbation and status not stated; onset in childhood is not an axis)' },
  { snomed: '446096008', display: 'Perennial allergic rhinitis', icd10: 'J30.89', title: 'Other allergic rhinitis', why: 'Index: Rhinitis, allergic, perennial → J30.89; tabular J30.89 includes “Perennial allergic rhinitis”' },
  { snomed: '232353008', display: 'Perennial allergic rhinitis with seasonal variation', icd10: 'J30.89', title: 'Other allergic rhinitis', why: 'Index: Rhinitis, allergic, perennial → J30.89 (the seasonal variation does not make it seasonal rhinitis J30.2)' },
  { snomed: '367498001', display: 'Seasonal allergic rhinitis', icd10: 'J30.2', title: 'Other seasonal allergic rhinitis', why: 'Index: Rhinitis, allergic, seasonal NEC → J30.2 (pollen not named, else J30.1)' },
  { snomed: '65710008', display: 'Acute respiratory failure (disorder)', icd10: 'J96.00', title: 'Acute respiratory failure, unsp w hypoxia or hypercapnia', why: 'Index: Failure, respiratory, acute → J96.0- → J96.00 (neither hypoxia nor hypercapnia stated)' },
  { snomed: '67782005', display: 'Acute respiratory distress syndrome (disorder)', icd10: 'J80', title: 'Acute respiratory distress syndrome', why: 'Index: Syndrome, respiratory, distress, acute → J80' },
  { snomed: '19242006', display: 'Pulmonary edema (disorder)', icd10: 'J81.1', title: 'Chronic pulmonary edema', why: 'Index: Edema, lung → J81.1; tabular J81.1 includes “Pulmonary edema NOS” (acute is J81.0; with heart failure it is coded to the heart failure)' },
  { snomed: '840539006', display: 'Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)', icd10: 'U07.1', title: 'COVID-19', why: 'Index: COVID-19 → U07.1 (Guidelines I.C.1.g.1)' },
  { snomed: '91302008', display: 'Sepsis (disorder)', icd10: 'A41.9', title: 'Sepsis, unspecified organism', why: 'Index: Sepsis (generalized) (unspecified organism) → A41.9' },
  { snomed: '770349000', display: 'Sepsis caused by virus (disorder)', icd10: 'A41.89', title: 'Other specified sepsis', why: 'Index: Sepsis, viral → A41.89' },
  { snomed: '76571007', display: 'Septic shock (disorder)', icd10: 'R65.21', title: 'Severe sepsis with septic shock', why: 'Index: Shock, septic (due to severe sepsis) → R65.21; the underlying infection (e.g. A41.9) is coded first (Guidelines I.C.1.d.1.a.ii)' },
  { snomed: '128045006', display: 'Cellulitis (disorder)', icd10: 'L03.90', title: 'Cellulitis, unspecified', why: 'Index: Cellulitis (diffuse) (phlegmonous) (septic) (suppurative) → L03.90 (site not stated)' },
  { snomed: '68566005', display: 'Urinary tract infectious disease (disorder)', icd10: 'N39.0', title: 'Urinary tract infection, site not specified', why: 'Index: Infection, urinary (tract) → N39.0' },
  { snomed: '301011002', display: 'Escherichia coli urinary tract infection (disorder)', icd10: 'N39.0', title: 'Urinary tract infection, site not specified', why: 'Index: Infection, urinary (tract) → N39.0; the organism is an additional code, B96.20 (tabular N39.0: use additional code B95-B97)' },
  { snomed: '197927001', display: 'Recurrent urinary tract infection (disorder)', icd10: 'N39.0', title: 'Urinary tract infection, site not specified', why: 'Index: Infection, urinary (tract) → N39.0 (recurrence is not an Index subterm)' },
  { snomed: '38822007', display: 'Cystitis (disorder)', icd10: 'N30.90', title: 'Cystitis, unspecified without hematuria', why: 'Index: Cystitis (exudative) (hemorrhagic) (septic) (suppurative) → N30.90 (hematuria not stated)' },
  { snomed: '45816000', display: 'Pyelonephritis (disorder)', icd10: 'N12', title: 'Tubulo-interstitial nephritis, not spcf as acute or chronic', why: 'Index: Pyelonephritis → N12 (not stated as acute or chronic); tabular N12 includes “Pyelonephritis NOS”' },

  // Heart and vessels
  { snomed: '38341003', display: 'Hypertensive disorder, systemic arterial (disorder)', icd10: 'I10', title: 'Essential (primary) hypertension', why: 'Index: Hypertension, hypertensive (benign) (essential) (systemic) → I10' },
  { snomed: '59621000', display: 'Essential hypertension (disorder)', icd10: 'I10', title: 'Essential (primary) hypertension', why: 'Index: Hypertension, essential → I10' },
  { snomed: '84114007', display: 'Heart failure (disorder)', icd10: 'I50.9', title: 'Heart failure, unspecified', why: 'Index: Failure, heart → I50.9' },
  { snomed: '42343007', display: 'Congestive heart failure (disorder)', icd10: 'I50.9', title: 'Heart failure, unspecified', why: 'Index: Failure, heart, congestive (compensated) (decompensated) → I50.9' },
  { snomed: '88805009', display: 'Chronic congestive heart failure (disorder)', icd10: 'I50.9', title: 'Heart failure, unspecified', why: 'Index: Failure, heart, congestive → I50.9; “chronic” is a subterm only of the typed failures (systolic, diastolic, combined)' },
  { snomed: '417996009', display: 'Systolic heart failure (disorder)', icd10: 'I50.20', title: 'Unspecified systolic (congestive) heart failure', why: 'Index: Failure, heart, systolic (congestive) → I50.20 (acuity not stated)' },
  { snomed: '418304008', display: 'Diastolic heart failure (disorder)', icd10: 'I50.30', title: 'Unspecified diastolic (congestive) heart failure', why: 'Index: Failure, heart, diastolic (congestive) → I50.30 (acuity not stated)' },
  { snomed: '703272007', display: 'Heart failure with reduced ejection fraction (disorder)', icd10: 'I50.20', title: 'Unspecified systolic (congestive) heart failure', why: 'HFrEF is coded as systolic heart failure (Coding Clinic 1Q 2016 p.10): Index: Failure, heart, systolic → I50.20' },
  { snomed: '788950000', display: 'Heart failure with mid range ejection fraction (disorder)', icd10: 'I50.20', title: 'Unspecified systolic (congestive) heart failure', why: 'Mid-range or mildly reduced ejection fraction is coded as systolic heart failure (Coding Clinic 3Q 2020 p.32): Index: Failure, heart, systolic → I50.20' },
  { snomed: '446221000', display: 'Heart failure with normal ejection fraction (disorder)', icd10: 'I50.30', title: 'Unspecified diastolic (congestive) heart failure', why: 'HFpEF is coded as diastolic heart failure (Coding Clinic 1Q 2016 p.10): Index: Failure, heart, diastolic → I50.30' },
  { snomed: '49436004', display: 'Atrial fibrillation (disorder)', icd10: 'I48.91', title: 'Unspecified atrial fibrillation', why: 'Index: Fibrillation, atrial or auricular (established) → I48.91' },
  { snomed: '5370000', display: 'Atrial flutter (disorder)', icd10: 'I48.92', title: 'Unspecified atrial flutter', why: 'Index: Flutter, atrial or auricular → I48.92' },
  { snomed: '410429000', display: 'Cardiac Arrest', icd10: 'I46.9', title: 'Cardiac arrest, cause unspecified', why: 'Index: Arrest, cardiac → I46.9 (cause not stated)' },
  { snomed: '22298006', display: 'Myocardial Infarction', icd10: 'I21.9', title: 'Acute myocardial infarction, unspecified', why: 'Index: Infarct, myocardium (acute) → I21.9 (type and wall not stated)' },
  { snomed: '53741008', display: 'Coronary arteriosclerosis (disorder)', icd10: 'I25.10', title: 'Athscl heart disease of native coronary artery w/o ang pctrs', why: 'Index: Arteriosclerosis, coronary (artery) → I25.10 (native vessel, without angina); tabular I25.10 includes “Atherosclerotic heart disease NOS”' },
  { snomed: '230690007', display: 'Stroke', icd10: 'I63.9', title: 'Cerebral infarction, unspecified', why: 'Index: Stroke (apoplectic) (brain) (embolic) (ischemic) (thrombotic) → I63.9; tabular I63.9 includes “Stroke NOS”' },
  { snomed: '59282003', display: 'Pulmonary embolism (disorder)', icd10: 'I26.99', title: 'Other pulmonary embolism without acute cor pulmonale', why: 'Index: Embolism, pulmonary (acute) (artery) (vein) → I26.99; tabular I26.99 includes “Pulmonary embolism NOS”' },
  { snomed: '706870000', display: 'Acute pulmonary embolism (disorder)', icd10: 'I26.99', title: 'Other pulmonary embolism without acute cor pulmonale', why: 'Index: Embolism, pulmonary (acute) → I26.99; tabular I26.99 includes “Acute pulmonary embolism NOS”' },
  { snomed: '128053003', display: 'Deep venous thrombosis (disorder)', icd10: 'I82.409', title: 'Acute embolism and thombos unsp deep vn unsp lower extremity', why: 'Index: Thrombosis, vein, deep → I82.40-; tabular I82.40 includes “DVT NOS”; limb side not stated → I82.409' },
  { snomed: '132281000119108', display: 'Acute deep venous thrombosis (disorder)', icd10: 'I82.409', title: 'Acute embolism and thombos unsp deep vn unsp lower extremity', why: 'Index: Thrombosis, vein, deep (acute) → I82.40-; tabular I82.40 includes “DVT NOS”; limb side not stated → I82.409' },
  { snomed: '840580004', display: 'Peripheral arterial disease (disorder)', icd10: 'I73.9', title: 'Peripheral vascular disease, unspecified', why: 'Index: Disease, peripheral (vascular) → I73.9; tabular I73.9 includes “Peripheral angiopathy NOS”' },
  { snomed: '399957001', display: 'Peripheral arterial occlusive disease (disorder)', icd10: 'I73.9', title: 'Peripheral vascular disease, unspecified', why: 'Index: Disease, peripheral (vascular) → I73.9 (atherosclerosis of the extremity, I70.2-, is not stated)' },
  { snomed: '400047006', display: 'Peripheral vascular disease (disorder)', icd10: 'I73.9', title: 'Peripheral vascular disease, unspecified', why: 'Index: Disease, peripheral (vascular) → I73.9' },

  // History of, status (Z codes)
  { snomed: '399211009', display: 'History of myocardial infarction (situation)', icd10: 'I25.2', title: 'Old myocardial infarction', why: 'Index: History, personal, myocardial infarction (old) → I25.2; an old MI is coded I25.2 (Guidelines I.C.9.e.5)' },
  { snomed: '429007001', display: 'History of cardiac arrest (situation)', icd10: 'Z86.74', title: 'Personal history of sudden cardiac arrest', why: 'Index: History, personal, sudden cardiac arrest → Z86.74' },
  { snomed: '703151001', display: 'History of single seizure (situation)', icd10: 'Z86.69', title: 'Personal history of dis of the nervous sys and sense organs', why: 'Index: History, personal, disease (of), nervous system NEC → Z86.69 (a resolved seizure; G40.- is for a current seizure disorder)' },
  { snomed: '161508001', display: 'History of deep vein thrombosis (situation)', icd10: 'Z86.718', title: 'Personal history of other venous thrombosis and embolism', why: 'Index: History, personal, thrombosis (venous) → Z86.718 (other venous thrombosis and embolism; Z86.711 is pulmonary embolism)' },
  { snomed: '428251008', display: 'History of appendectomy', icd10: 'Z90.49', title: 'Acquired absence of other specified parts of digestive tract', why: 'Index: Absence, organ or part, acquired, digestive tract NEC → Z90.49 (status after removal of the appendix)' },
  { snomed: '105502003', display: 'Dependence on renal dialysis (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis (hemodialysis) (peritoneal) → Z99.2' },
  { snomed: '429075005', display: 'Dependence on dialysis due to end stage renal disease (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis → Z99.2; the ESRD itself is N18.6 (tabular N18.6: use additional code Z99.2)' },
  { snomed: '428982002', display: 'Dependence on hemodialysis due to end stage renal disease (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis (hemodialysis) → Z99.2; the ESRD itself is N18.6' },
  { snomed: '428937001', display: 'Dependence on peritoneal dialysis due to end stage renal disease (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis (peritoneal) → Z99.2; the ESRD itself is N18.6' },
  { snomed: '443143006', display: 'Dependence on hemodialysis (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis (hemodialysis) → Z99.2' },
  { snomed: '443596009', display: 'Dependence on peritoneal dialysis (finding)', icd10: 'Z99.2', title: 'Dependence on renal dialysis', why: 'Index: Dependence, on, renal dialysis (peritoneal) → Z99.2' },
  { snomed: '449868002', display: 'Smokes tobacco daily', icd10: 'F17.200', title: 'Nicotine dependence, unspecified, uncomplicated', why: 'Index: Smoker — see Dependence, drug, nicotine → F17.200 (Coding Clinic 4Q 2013 p.108); Z72.0 is tobacco use without dependence, which daily smoking is not' },
  { snomed: '162864005', display: 'Body mass index 30+ - obesity (finding)', icd10: 'E66.9', title: 'Obesity, unspecified', why: 'The finding names obesity: Index: Obesity → E66.9 (class not stated). The BMI itself is a secondary Z68.3-/Z68.4- code that needs the exact value and a weight diagnosis (Guidelines I.B.14, I.C.21.c.3)' },
  { snomed: '408512008', display: 'Body mass index 40+ - severely obese (finding)', icd10: 'E66.813', title: 'Obesity, class 3', why: 'BMI ≥40 is obesity class 3 (CDC adult BMI classes): Index: Obesity, class 3 → E66.813 (FY2025); the BMI Z68.41-Z68.45 needs the exact value (Guidelines I.B.14)' },
  { snomed: '72892002', display: 'Normal pregnancy (finding)', icd10: 'Z34.90', title: 'Encntr for suprvsn of normal pregnancy, unsp, unsp trimester', why: 'Index: Pregnancy, normal (supervision of) → Z34.9-; first or other pregnancy and trimester not stated → Z34.90 (Guidelines I.C.21.c.11)' },
  { snomed: '77386006', display: 'Pregnancy (finding)', icd10: 'Z33.1', title: 'Pregnant state, incidental', why: 'Index: Pregnancy, incidental finding → Z33.1 (Pregnant state, incidental): the finding states pregnancy, not a complication (O-codes) or a prenatal visit (Z34.-); Guidelines I.C.15.a.1' },

  // Endocrine and metabolic
  { snomed: '44054006', display: 'Diabetes mellitus type 2 (disorder)', icd10: 'E11.9', title: 'Type 2 diabetes mellitus without complications', why: 'Index: Diabetes, type 2 → E11.9 (no complication stated)' },
  { snomed: '313436004', display: 'Type 2 diabetes mellitus without complication (disorder)', icd10: 'E11.9', title: 'Type 2 diabetes mellitus without complications', why: 'Index: Diabetes, type 2 → E11.9' },
  { snomed: '73211009', display: 'Diabetes mellitus (disorder)', icd10: 'E11.9', title: 'Type 2 diabetes mellitus without complications', why: 'Index: Diabetes, diabetic (mellitus) → E11.9; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '46635009', display: 'Diabetes mellitus type 1 (disorder)', icd10: 'E10.9', title: 'Type 1 diabetes mellitus without complications', why: 'Index: Diabetes, type 1 → E10.9 (no complication stated)' },
  { snomed: '11687002', display: 'Gestational diabetes mellitus (disorder)', icd10: 'O24.419', title: 'Gestational diabetes mellitus in pregnancy, unsp control', why: 'Index: Diabetes, gestational (in pregnancy) → O24.41-; control not stated → O24.419 (Guidelines I.C.15.g)' },
  { snomed: '420422005', display: 'Diabetic ketoacidosis (disorder)', icd10: 'E11.10', title: 'Type 2 diabetes mellitus with ketoacidosis without coma', why: 'Index: Diabetes, with, ketoacidosis → E11.10 (without coma); type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '127013003', display: 'Disorder of kidney due to diabetes mellitus (disorder)', icd10: 'E11.21', title: 'Type 2 diabetes mellitus with diabetic nephropathy', why: 'Index: Diabetes, with, nephropathy → E11.21 (diabetic nephropathy / renal disease); type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '420279001', display: 'Renal disorder due to type 2 diabetes mellitus (disorder)', icd10: 'E11.21', title: 'Type 2 diabetes mellitus with diabetic nephropathy', why: 'Index: Diabetes, type 2, with, nephropathy → E11.21' },
  { snomed: '771000119108', display: 'Chronic kidney disease due to type 2 diabetes mellitus (disorder)', icd10: 'E11.22', title: 'Type 2 diabetes mellitus w diabetic chronic kidney disease', why: 'Index: Diabetes, type 2, with, chronic kidney disease → E11.22; the stage is added from N18.- (tabular E11.22: use additional code N18.1-N18.6)' },
  { snomed: '731000119105', display: 'Chronic kidney disease stage 3 due to type 2 diabetes mellitus (disorder)', icd10: 'E11.22', title: 'Type 2 diabetes mellitus w diabetic chronic kidney disease', why: 'Index: Diabetes, type 2, with, chronic kidney disease → E11.22; the stage is added as N18.30 (tabular E11.22: use additional code)' },
  { snomed: '90781000119102', display: 'Microalbuminuria due to type 2 diabetes mellitus (disorder)', icd10: 'E11.29', title: 'Type 2 diabetes mellitus w oth diabetic kidney complication', why: 'Index: Diabetes, type 2, with, kidney complication NEC → E11.29 (microalbuminuria is neither nephropathy nor CKD)' },
  { snomed: '157141000119108', display: 'Proteinuria due to type 2 diabetes mellitus (disorder)', icd10: 'E11.29', title: 'Type 2 diabetes mellitus w oth diabetic kidney complication', why: 'Index: Diabetes, type 2, with, kidney complication NEC → E11.29 (proteinuria is neither nephropathy nor CKD)' },
  { snomed: '368581000119106', display: 'Neuropathy due to type 2 diabetes mellitus (disorder)', icd10: 'E11.40', title: 'Type 2 diabetes mellitus with diabetic neuropathy, unsp', why: 'Index: Diabetes, type 2, with, neuropathy → E11.40' },
  { snomed: '230572002', display: 'Neuropathy due to diabetes mellitus (disorder)', icd10: 'E11.40', title: 'Type 2 diabetes mellitus with diabetic neuropathy, unsp', why: 'Index: Diabetes, with, neuropathy → E11.40; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '713706002', display: 'Polyneuropathy due to type 2 diabetes mellitus (disorder)', icd10: 'E11.42', title: 'Type 2 diabetes mellitus with diabetic polyneuropathy', why: 'Index: Diabetes, type 2, with, polyneuropathy → E11.42' },
  { snomed: '49455004', display: 'Polyneuropathy due to diabetes mellitus (disorder)', icd10: 'E11.42', title: 'Type 2 diabetes mellitus with diabetic polyneuropathy', why: 'Index: Diabetes, with, polyneuropathy → E11.42; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '126534007', display: 'Mixed sensorimotor polyneuropathy due to diabetes mellitus (disorder)', icd10: 'E11.42', title: 'Type 2 diabetes mellitus with diabetic polyneuropathy', why: 'Index: Diabetes, with, polyneuropathy → E11.42; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '424736006', display: 'Diabetic peripheral neuropathy (disorder)', icd10: 'E11.42', title: 'Type 2 diabetes mellitus with diabetic polyneuropathy', why: 'Index: Neuropathy, peripheral (nerve) — see Polyneuropathy; Diabetes, with, polyneuropathy → E11.42; type not stated defaults to type 2' },
  { snomed: '421326000', display: 'Disorder of nervous system due to type 2 diabetes mellitus (disorder)', icd10: 'E11.49', title: 'Type 2 diabetes w oth diabetic neurological complication', why: 'Index: Diabetes, type 2, with, neurological complication NEC → E11.49' },
  { snomed: '713703005', display: 'Gastroparesis due to type 2 diabetes mellitus (disorder)', icd10: 'E11.43', title: 'Type 2 diabetes w diabetic autonomic (poly)neuropathy', why: 'Index: Diabetes, type 2, with, gastroparesis → E11.43 (autonomic neuropathy); K31.84 is added (tabular K31.84: code first E11.43)' },
  { snomed: '713704004', display: 'Gastroparesis due to diabetes mellitus (disorder)', icd10: 'E11.43', title: 'Type 2 diabetes w diabetic autonomic (poly)neuropathy', why: 'Index: Diabetes, with, gastroparesis → E11.43; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '422034002', display: 'Diabetic retinopathy associated with type II diabetes mellitus (disorder)', icd10: 'E11.319', title: 'Type 2 diabetes w unsp diabetic rtnop w/o macular edema', why: 'Index: Diabetes, type 2, with, retinopathy → E11.319 (without macular edema)' },
  { snomed: '4855003', display: 'Retinopathy due to diabetes mellitus (disorder)', icd10: 'E11.319', title: 'Type 2 diabetes w unsp diabetic rtnop w/o macular edema', why: 'Index: Diabetes, with, retinopathy → E11.319; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '1551000119108', display: 'Nonproliferative retinopathy due to type 2 diabetes mellitus (disorder)', icd10: 'E11.3299', title: 'Type 2 diab with mild nonp rtnop without macular edema, unsp', why: 'Index: Diabetes, type 2, with, retinopathy, nonproliferative → E11.329- (tabular E11.32 includes “nonproliferative diabetic retinopathy NOS”); without macular edema, eye not stated → E11.3299' },
  { snomed: '390834004', display: 'Nonproliferative diabetic retinopathy (disorder)', icd10: 'E11.3299', title: 'Type 2 diab with mild nonp rtnop without macular edema, unsp', why: 'Index: Diabetes, with, retinopathy, nonproliferative → E11.329- (tabular E11.32 includes “nonproliferative diabetic retinopathy NOS”); without macular edema, eye not stated → E11.3299; type not stated defaults to type 2' },
  { snomed: '59276001', display: 'Proliferative diabetic retinopathy (disorder)', icd10: 'E11.3599', title: 'Type 2 diab with prolif diab rtnop without mclr edema, unsp', why: 'Index: Diabetes, with, retinopathy, proliferative → E11.359-; eye not stated → E11.3599; type not stated defaults to type 2' },
  { snomed: '314902007', display: 'Peripheral angiopathy due to type 2 diabetes mellitus (disorder)', icd10: 'E11.51', title: 'Type 2 diabetes w diabetic peripheral angiopath w/o gangrene', why: 'Index: Diabetes, type 2, with, peripheral angiopathy → E11.51 (without gangrene)' },
  { snomed: '422166005', display: 'Peripheral circulatory disorder due to type 2 diabetes mellitus (disorder)', icd10: 'E11.51', title: 'Type 2 diabetes w diabetic peripheral angiopath w/o gangrene', why: 'Index: Diabetes, type 2, with, peripheral angiopathy → E11.51 (without gangrene)' },
  { snomed: '421895002', display: 'Peripheral circulatory disorder due to diabetes mellitus (disorder)', icd10: 'E11.51', title: 'Type 2 diabetes w diabetic peripheral angiopath w/o gangrene', why: 'Index: Diabetes, with, peripheral angiopathy → E11.51; type not stated defaults to type 2 (Guidelines I.C.4.a.2)' },
  { snomed: '15777000', display: 'Prediabetes (finding)', icd10: 'R73.03', title: 'Prediabetes', why: 'Index: Prediabetes, prediabetic → R73.03' },
  { snomed: '80394007', display: 'Hyperglycemia (disorder)', icd10: 'R73.9', title: 'Hyperglycemia, unspecified', why: 'Index: Hyperglycemia, hyperglycemic (transient) → R73.9' },
  { snomed: '55822004', display: 'Hyperlipidemia', icd10: 'E78.5', title: 'Hyperlipidemia, unspecified', why: 'Index: Hyperlipidemia → E78.5' },
  { snomed: '302870006', display: 'Hypertriglyceridemia (disorder)', icd10: 'E78.1', title: 'Pure hyperglyceridemia', why: 'Index: Hypertriglyceridemia → E78.1 (Pure hyperglyceridemia); tabular E78.1 includes “Elevated fasting triglycerides”' },
  { snomed: '237602007', display: 'Metabolic syndrome X (disorder)', icd10: 'E88.810', title: 'Metabolic syndrome', why: 'Index: Syndrome, metabolic → E88.810 (E88.81 was subdivided in FY2026)' },
  { snomed: '40930008', display: 'Hypothyroidism (disorder)', icd10: 'E03.9', title: 'Hypothyroidism, unspecified', why: 'Index: Hypothyroidism (acquired) → E03.9' },
  { snomed: '21983002', display: 'Hashimoto thyroiditis (disorder)', icd10: 'E06.3', title: 'Autoimmune thyroiditis', why: 'Index: Thyroiditis, Hashimoto\'s → E06.3; tabular E06.3 includes “Hashimoto\'s thyroiditis”' },
  { snomed: '237055002', display: 'Polycystic ovary syndrome (disorder)', icd10: 'E28.2', title: 'Polycystic ovarian syndrome', why: 'Index: Syndrome, polycystic ovary → E28.2' },
  { snomed: '414916001', display: 'Obesity (disorder)', icd10: 'E66.9', title: 'Obesity, unspecified', why: 'Index: Obesity → E66.9' },
  { snomed: '238136002', display: 'Morbid obesity (disorder)', icd10: 'E66.01', title: 'Morbid (severe) obesity due to excess calories', why: 'Index: Obesity, morbid → E66.01' },
  { snomed: '70241007', display: 'Severe protein-calorie malnutrition (disorder)', icd10: 'E43', title: 'Unspecified severe protein-calorie malnutrition', why: 'Index: Malnutrition, protein-calorie, severe → E43' },
  { snomed: '89627008', display: 'Hyponatremia (disorder)', icd10: 'E87.1', title: 'Hypo-osmolality and hyponatremia', why: 'Index: Hyponatremia → E87.1' },
  { snomed: '43339004', display: 'Hypokalemia (disorder)', icd10: 'E87.6', title: 'Hypokalemia', why: 'Index: Hypokalemia → E87.6' },
  { snomed: '14140009', display: 'Hyperkalemia (disorder)', icd10: 'E87.5', title: 'Hyperkalemia', why: 'Index: Hyperkalemia → E87.5' },

  // Kidney
  { snomed: '14669001', display: 'Acute renal failure syndrome (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Failure, renal, acute → N17.9' },
  { snomed: '129561000119108', display: 'Pre-renal acute kidney injury (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Injury, kidney, acute (nontraumatic) → N17.9 (prerenal uremia R39.2 is not a kidney injury)' },
  { snomed: '129721000119106', display: 'Acute renal failure on dialysis (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Failure, renal, acute → N17.9 (dialysis for AKI is not dependence on dialysis, Z99.2)' },
  { snomed: '236428007', display: 'Nephrotoxic acute renal failure (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Failure, renal, acute → N17.9 (tubular necrosis not stated); the toxic agent is added from the Table of Drugs and Chemicals' },
  { snomed: '722095005', display: 'Acute kidney injury due to circulatory failure (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Injury, kidney, acute (nontraumatic) → N17.9; the circulatory failure is coded in addition' },
  { snomed: '722096006', display: 'Acute kidney injury due to hypovolemia (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Injury, kidney, acute (nontraumatic) → N17.9; the hypovolemia (E86.1) is coded in addition' },
  { snomed: '722278006', display: 'Acute kidney injury due to sepsis (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Injury, kidney, acute (nontraumatic) → N17.9; the sepsis is coded first, with R65.20 for the organ dysfunction (Guidelines I.C.1.d.1.a)' },
  { snomed: '368951000119105', display: 'Acute kidney injury caused by contrast agent (disorder)', icd10: 'N17.9', title: 'Acute kidney failure, unspecified', why: 'Index: Injury, kidney, acute (nontraumatic) → N17.9; the contrast cause is an adverse-effect code (T50.8X5-, diagnostic agents)' },
  { snomed: '35455006', display: 'Acute tubular necrosis (disorder)', icd10: 'N17.0', title: 'Acute kidney failure with tubular necrosis', why: 'Index: Necrosis, tubular (acute) (renal) → N17.0' },
  { snomed: '429224003', display: 'Acute renal failure due to acute cortical necrosis (disorder)', icd10: 'N17.1', title: 'Acute kidney failure with acute cortical necrosis', why: 'Index: Necrosis, kidney, cortical (acute) → N17.1' },
  { snomed: '236424009', display: 'Acute renal impairment (disorder)', icd10: 'N28.9', title: 'Disorder of kidney and ureter, unspecified', why: 'Index: Insufficiency, renal (acute) → N28.9; tabular N28.9 includes “Renal insufficiency (acute)”. Impairment is not acute kidney failure (N17.-): that needs the provider\'s diagnosis' },
  { snomed: '709044004', display: 'Chronic kidney disease (disorder)', icd10: 'N18.9', title: 'Chronic kidney disease, unspecified', why: 'Index: Disease, kidney, chronic → N18.9 (stage not stated)' },
  { snomed: '431855005', display: 'Chronic kidney disease stage 1 (disorder)', icd10: 'N18.1', title: 'Chronic kidney disease, stage 1', why: 'Index: Disease, kidney, chronic, stage 1 → N18.1' },
  { snomed: '431856006', display: 'Chronic kidney disease stage 2 (disorder)', icd10: 'N18.2', title: 'Chronic kidney disease, stage 2 (mild)', why: 'Index: Disease, kidney, chronic, stage 2 (mild) → N18.2' },
  { snomed: '433144002', display: 'Chronic kidney disease stage 3 (disorder)', icd10: 'N18.30', title: 'Chronic kidney disease, stage 3 unspecified', why: 'Index: Disease, kidney, chronic, stage 3 (moderate) → N18.30 (3a or 3b not stated)' },
  { snomed: '700378005', display: 'Chronic kidney disease stage 3A (disorder)', icd10: 'N18.31', title: 'Chronic kidney disease, stage 3a', why: 'Index: Disease, kidney, chronic, stage 3a → N18.31' },
  { snomed: '700379002', display: 'Chronic kidney disease stage 3B (disorder)', icd10: 'N18.32', title: 'Chronic kidney disease, stage 3b', why: 'Index: Disease, kidney, chronic, stage 3b → N18.32' },
  { snomed: '431857002', display: 'Chronic kidney disease stage 4 (disorder)', icd10: 'N18.4', title: 'Chronic kidney disease, stage 4 (severe)', why: 'Index: Disease, kidney, chronic, stage 4 (severe) → N18.4' },
  { snomed: '433146000', display: 'Chronic kidney disease stage 5 (disorder)', icd10: 'N18.5', title: 'Chronic kidney disease, stage 5', why: 'Index: Disease, kidney, chronic, stage 5 → N18.5' },
  { snomed: '714152005', display: 'Chronic kidney disease stage 5 on dialysis (disorder)', icd10: 'N18.6', title: 'End stage renal disease', why: 'Index: Disease, kidney, end stage → N18.6: tabular N18.6 includes “Chronic kidney disease requiring chronic dialysis”; Z99.2 is added' },
  { snomed: '46177005', display: 'End-stage renal disease (disorder)', icd10: 'N18.6', title: 'End stage renal disease', why: 'Index: Disease, renal, end stage (failure) → N18.6; Z99.2 is added when on dialysis' },
  { snomed: '236435004', display: 'End stage renal failure on dialysis (disorder)', icd10: 'N18.6', title: 'End stage renal disease', why: 'Index: Failure, renal, end stage → N18.6; Z99.2 is added (tabular N18.6: use additional code)' },
  { snomed: '52254009', display: 'Nephrotic syndrome (disorder)', icd10: 'N04.9', title: 'Nephrotic syndrome with unspecified morphologic changes', why: 'Index: Syndrome, nephrotic → N04.9 (morphology not stated)' },

  // Blood
  { snomed: '271737000', display: 'Anemia (disorder)', icd10: 'D64.9', title: 'Anemia, unspecified', why: 'Index: Anemia → D64.9' },
  { snomed: '87522002', display: 'Iron deficiency anemia (disorder)', icd10: 'D50.9', title: 'Iron deficiency anemia, unspecified', why: 'Index: Anemia, iron deficiency → D50.9 (cause not stated)' },
  { snomed: '306058006', display: 'Aplastic anemia (disorder)', icd10: 'D61.9', title: 'Aplastic anemia, unspecified', why: 'Index: Anemia, aplastic → D61.9' },
  { snomed: '302215000', display: 'Thrombocytopenic disorder (disorder)', icd10: 'D69.6', title: 'Thrombocytopenia, unspecified', why: 'Index: Thrombocytopenia, thrombocytopenic → D69.6' },
  { snomed: '74576004', display: 'Acquired thrombocytopenia (disorder)', icd10: 'D69.6', title: 'Thrombocytopenia, unspecified', why: 'Index: Thrombocytopenia → D69.6 (\'acquired\' is not an Index subterm; secondary D69.59 needs a stated cause)' },
  { snomed: '415116008', display: 'Platelet count below reference range (finding)', icd10: 'D69.6', title: 'Thrombocytopenia, unspecified', why: 'Index: Decrease(d), platelets — see Thrombocytopenia → D69.6' },
  { snomed: '32273002', display: 'Idiopathic thrombocytopenic purpura (disorder)', icd10: 'D69.3', title: 'Immune thrombocytopenic purpura', why: 'Index: Purpura, thrombocytopenic, idiopathic → D69.3' },
  { snomed: '73397007', display: 'Heparin induced thrombocytopenia (disorder)', icd10: 'D75.829', title: 'Heparin-induced thrombocytopenia, unspecified', why: 'Index: Thrombocytopenia, heparin induced (HIT) → D75.82-; type not stated → D75.829 (FY2023 subdivision)' },

  // Neoplasms
  { snomed: '363346000', display: 'Malignant neoplastic disease (disorder)', icd10: 'C80.1', title: 'Malignant (primary) neoplasm, unspecified', why: 'Index: Neoplasm, malignant → Neoplasm Table, unknown or unspecified site, malignant primary → C80.1' },
  { snomed: '363478007', display: 'Malignant tumor of thyroid gland (disorder)', icd10: 'C73', title: 'Malignant neoplasm of thyroid gland', why: 'Neoplasm Table: thyroid (gland), malignant primary → C73' },
  { snomed: '363406005', display: 'Malignant tumor of colon', icd10: 'C18.9', title: 'Malignant neoplasm of colon, unspecified', why: 'Neoplasm Table: intestine, large, colon, malignant primary → C18.9 (part not stated)' },
  { snomed: '93761005', display: 'Primary malignant neoplasm of colon', icd10: 'C18.9', title: 'Malignant neoplasm of colon, unspecified', why: 'Neoplasm Table: intestine, large, colon, malignant primary → C18.9 (part not stated)' },
  { snomed: '109838007', display: 'Overlapping malignant neoplasm of colon', icd10: 'C18.8', title: 'Malignant neoplasm of overlapping sites of colon', why: 'Neoplasm Table: intestine, large, colon, overlapping lesion, malignant primary → C18.8' },
  { snomed: '94260004', display: 'Secondary malignant neoplasm of colon', icd10: 'C78.5', title: 'Secondary malignant neoplasm of large intestine and rectum', why: 'Neoplasm Table: intestine, large, colon, malignant secondary → C78.5' },
  { snomed: '314994000', display: 'Metastasis from malignant tumor of prostate (disorder)', icd10: 'C61', title: 'Malignant neoplasm of prostate', why: 'Index: Metastasis, cancer, from specified site — see Neoplasm, malignant, by site: Neoplasm Table, prostate, malignant primary → C61; the metastasis is added as C79.9 when its site is not stated' },
  { snomed: '92691004', display: 'Carcinoma in situ of prostate (disorder)', icd10: 'D07.5', title: 'Carcinoma in situ of prostate', why: 'Index: Carcinoma in situ — see Neoplasm, in situ: Neoplasm Table, prostate, in situ → D07.5' },
  { snomed: '126906006', display: 'Neoplasm of prostate', icd10: 'D49.59', title: 'Neoplasm of unspecified behavior of other GU organ', why: 'Index: Neoplasm, neoplastic — see Neoplasm Table: prostate, unspecified behavior → D49.59 (behavior not stated)' },
  { snomed: '68496003', display: 'Polyp of colon', icd10: 'K63.5', title: 'Polyp of colon', why: 'Index: Polyp, colon → K63.5 (adenomatous not stated, else D12.6)' },
  { snomed: '713197008', display: 'Recurrent rectal polyp', icd10: 'K62.1', title: 'Rectal polyp', why: 'Index: Polyp, rectum (nonadenomatous) → K62.1' },

  // Digestive
  { snomed: '65275009', display: 'Acute Cholecystitis', icd10: 'K81.0', title: 'Acute cholecystitis', why: 'Index: Cholecystitis, acute → K81.0 (without calculus)' },
  { snomed: '235919008', display: 'Cholelithiasis', icd10: 'K80.20', title: 'Calculus of gallbladder w/o cholecystitis w/o obstruction', why: 'Index: Cholelithiasis — see Calculus, gallbladder → K80.20 (without cholecystitis, without obstruction)' },
  { snomed: '74400008', display: 'Appendicitis', icd10: 'K37', title: 'Unspecified appendicitis', why: 'Index: Appendicitis → K37' },
  { snomed: '47693006', display: 'Rupture of appendix', icd10: 'K35.32', title: 'Ac appendicitis w perf, loc peritonitis, & gangr, w/o abscs', why: 'Index: Rupture, appendix → K35.32; tabular K35.32 includes “Ruptured appendix (with localized peritonitis) NOS”' },
  { snomed: '6072007', display: 'Bleeding from anus', icd10: 'K62.5', title: 'Hemorrhage of anus and rectum', why: 'Index: Hemorrhage, anus (sphincter) → K62.5' },
  { snomed: '236077008', display: 'Protracted diarrhea', icd10: 'R19.7', title: 'Diarrhea, unspecified', why: 'Index: Diarrhea, diarrheal (disease) → R19.7 (\'protracted\' is not an Index subterm; cause not stated)' },
  { snomed: '196416002', display: 'Impacted molars', icd10: 'K01.1', title: 'Impacted teeth', why: 'Index: Impaction, tooth, teeth → K01.1' },
  { snomed: '235675006', display: 'Gastroparesis (disorder)', icd10: 'K31.84', title: 'Gastroparesis', why: 'Index: Gastroparesis → K31.84' },
  { snomed: '389026000', display: 'Ascites (disorder)', icd10: 'R18.8', title: 'Other ascites', why: 'Index: Ascites (abdominal) → R18.8; tabular R18.8 includes “Ascites NOS”' },

  // Nervous system and mental health
  { snomed: '26929004', display: 'Alzheimer\'s disease (disorder)', icd10: 'G30.9', title: 'Alzheimer\'s disease, unspecified', why: 'Index: Disease, Alzheimer\'s → G30.9 [F02.80]; the dementia is a second code (F02.8-) when documented' },
  { snomed: '230265002', display: 'Familial Alzheimer\'s disease of early onset (disorder)', icd10: 'G30.0', title: 'Alzheimer\'s disease with early onset', why: 'Index: Disease, Alzheimer\'s, early onset → G30.0 [F02.80]' },
  { snomed: '84757009', display: 'Epilepsy', icd10: 'G40.909', title: 'Epilepsy, unsp, not intractable, without status epilepticus', why: 'Index: Epilepsy, epileptic (attack) (convulsion) (seizure) → G40.909 (not intractable, without status epilepticus)' },
  { snomed: '128613002', display: 'Seizure disorder', icd10: 'G40.909', title: 'Epilepsy, unsp, not intractable, without status epilepticus', why: 'Index: Disorder, seizure — see also Epilepsy → G40.909; tabular G40.909 includes “Seizure disorder NOS”' },
  { snomed: '124171000119105', display: 'Chronic intractable migraine without aura', icd10: 'G43.719', title: 'Chronic migraine w/o aura, intractable, w/o stat migr', why: 'Index: Migraine, chronic, intractable → G43.719 (without status migrainosus)' },
  { snomed: '42345000', display: 'Polyneuropathy (disorder)', icd10: 'G62.9', title: 'Polyneuropathy, unspecified', why: 'Index: Polyneuropathy (peripheral) → G62.9' },
  { snomed: '13694005', display: 'Sensory polyneuropathy (disorder)', icd10: 'G62.9', title: 'Polyneuropathy, unspecified', why: 'Index: Polyneuropathy (peripheral) → G62.9 (the hereditary sensory neuropathies, G60.8, are not stated)' },
  { snomed: '3900008', display: 'Mixed sensory-motor polyneuropathy (disorder)', icd10: 'G62.9', title: 'Polyneuropathy, unspecified', why: 'Index: Polyneuropathy (peripheral) → G62.9' },
  { snomed: '82423001', display: 'Chronic pain', icd10: 'G89.29', title: 'Other chronic pain', why: 'Index: Pain, chronic → G89.29 (Other chronic pain; Guidelines I.C.6.b.4)' },
  { snomed: '370143000', display: 'Major depression disorder', icd10: 'F32.9', title: 'Major depressive disorder, single episode, unspecified', why: 'Index: Disorder, depressive, major → F32.9; tabular F32.9 includes “Major depression NOS”' },
  { snomed: '192127007', display: 'Child attention deficit disorder', icd10: 'F98.8', title: 'Oth behav/emotn disord w onset usly occur in chldhd and adol', why: 'Index: Attention, deficit disorder or syndrome → F98.8; only “with hyperactivity” leads to Disorder, attention-deficit hyperactivity (F90.-), and hyperactivity is not stated' },

  // Musculoskeletal and skin
  { snomed: '64859006', display: 'Osteoporosis (disorder)', icd10: 'M81.0', title: 'Age-related osteoporosis w/o current pathological fracture', why: 'Index: Osteoporosis (female) (male) → M81.0 (age-related, without current pathological fracture)' },
  { snomed: '443165006', display: 'Pathological fracture due to osteoporosis (disorder)', icd10: 'M80.00XA', title: 'Age-rel osteopor w current path fracture, unsp site, init', why: 'Index: Osteoporosis, with current pathological fracture → M80.0-; site not stated → M80.00X-; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '239872002', display: 'Osteoarthritis of hip', icd10: 'M16.10', title: 'Unilateral primary osteoarthritis, unspecified hip', why: 'Index: Osteoarthritis, hip → M16.1- (primary is the default type, Coding Clinic 4Q 2016); side not stated → M16.10' },
  { snomed: '239873007', display: 'Osteoarthritis of knee', icd10: 'M17.10', title: 'Unilateral primary osteoarthritis, unspecified knee', why: 'Index: Osteoarthritis, knee → M17.1- (primary is the default type, Coding Clinic 4Q 2016); side not stated → M17.10' },
  { snomed: '201834006', display: 'Localized, primary osteoarthritis of the hand', icd10: 'M19.049', title: 'Primary osteoarthritis, unspecified hand', why: 'Index: Osteoarthritis, primary, hand joint → M19.04-; side not stated → M19.049' },
  { snomed: '69896004', display: 'Rheumatoid arthritis', icd10: 'M06.9', title: 'Rheumatoid arthritis, unspecified', why: 'Index: Arthritis, rheumatoid → M06.9' },
  { snomed: '90560007', display: 'Gout', icd10: 'M10.9', title: 'Gout, unspecified', why: 'Index: Gout, gouty (disease) (diathesis) → M10.9' },
  { snomed: '24079001', display: 'Atopic dermatitis', icd10: 'L20.9', title: 'Atopic dermatitis, unspecified', why: 'Index: Dermatitis, atopic → L20.9' },
  { snomed: '1163215007', display: 'Pressure injury (disorder)', icd10: 'L89.90', title: 'Pressure ulcer of unspecified site, unspecified stage', why: 'Index: Injury, pressure — see Ulcer, pressure: Ulcer, pressure, unspecified site → L89.9-; stage not stated → L89.90' },
  { snomed: '399912005', display: 'Pressure ulcer (disorder)', icd10: 'L89.90', title: 'Pressure ulcer of unspecified site, unspecified stage', why: 'Index: Ulcer, pressure, unspecified site → L89.9-; stage not stated → L89.90' },
  { snomed: '1163217004', display: 'Pressure injury stage I (disorder)', icd10: 'L89.91', title: 'Pressure ulcer of unspecified site, stage 1', why: 'Index: Ulcer, pressure, stage 1, unspecified site → L89.91' },
  { snomed: '421076008', display: 'Pressure ulcer stage 1 (disorder)', icd10: 'L89.91', title: 'Pressure ulcer of unspecified site, stage 1', why: 'Index: Ulcer, pressure, stage 1, unspecified site → L89.91' },
  { snomed: '1163220007', display: 'Pressure injury stage II (disorder)', icd10: 'L89.92', title: 'Pressure ulcer of unspecified site, stage 2', why: 'Index: Ulcer, pressure, stage 2, unspecified site → L89.92' },
  { snomed: '420324007', display: 'Pressure ulcer stage 2 (disorder)', icd10: 'L89.92', title: 'Pressure ulcer of unspecified site, stage 2', why: 'Index: Ulcer, pressure, stage 2, unspecified site → L89.92' },
  { snomed: '1163222004', display: 'Pressure injury stage III (disorder)', icd10: 'L89.93', title: 'Pressure ulcer of unspecified site, stage 3', why: 'Index: Ulcer, pressure, stage 3, unspecified site → L89.93' },
  { snomed: '421927004', display: 'Pressure ulcer stage 3 (disorder)', icd10: 'L89.93', title: 'Pressure ulcer of unspecified site, stage 3', why: 'Index: Ulcer, pressure, stage 3, unspecified site → L89.93' },
  { snomed: '1163224003', display: 'Pressure injury stage IV (disorder)', icd10: 'L89.94', title: 'Pressure ulcer of unspecified site, stage 4', why: 'Index: Ulcer, pressure, stage 4, unspecified site → L89.94' },
  { snomed: '420597008', display: 'Pressure ulcer stage 4 (disorder)', icd10: 'L89.94', title: 'Pressure ulcer of unspecified site, stage 4', why: 'Index: Ulcer, pressure, stage 4, unspecified site → L89.94' },
  { snomed: '1163226001', display: 'Unstageable pressure injury (disorder)', icd10: 'L89.95', title: 'Pressure ulcer of unspecified site, unstageable', why: 'Index: Ulcer, pressure, unstageable, unspecified site → L89.95' },
  { snomed: '421594008', display: 'Nonstageable pressure ulcer (disorder)', icd10: 'L89.95', title: 'Pressure ulcer of unspecified site, unstageable', why: 'Index: Ulcer, pressure, unstageable, unspecified site → L89.95' },
  { snomed: '723071003', display: 'Pressure injury of deep tissue (disorder)', icd10: 'L89.96', title: 'Pressure-induced deep tissue damage of unspecified site', why: 'Index: Ulcer, pressure, pressure-induced deep tissue damage, unspecified site → L89.96 (FY2020)' },
  { snomed: '723073000', display: 'Suspected deep tissue pressure injury (disorder)', icd10: 'L89.96', title: 'Pressure-induced deep tissue damage of unspecified site', why: 'Index: Ulcer, pressure, pressure-induced deep tissue damage, unspecified site → L89.96 (\'suspected\' deep tissue injury is the NPIAP name of this stage, not an uncertain diagnosis)' },
  { snomed: '267038008', display: 'Edema (finding)', icd10: 'R60.9', title: 'Edema, unspecified', why: 'Index: Edema, edematous → R60.9' },

  // Injuries (7th character: initial encounter 'A')
  { snomed: '359817006', display: 'Closed fracture of hip', icd10: 'S72.009A', title: 'Fracture of unsp part of neck of unsp femur, init', why: 'Index: Fracture, traumatic, hip — see Fracture, femur, neck → S72.00-; part and side not stated → S72.009; initial encounter for closed fracture “A” (the encounter chooses the 7th character)' },
  { snomed: '16114001', display: 'Fracture of ankle', icd10: 'S82.899A', title: 'Oth fracture of unsp lower leg, init for clos fx', why: 'Index: Fracture, traumatic, ankle → S82.89- (tabular S82.89 includes “Fracture of ankle NOS”); side not stated → S82.899; initial encounter for closed fracture “A” (the encounter chooses the 7th character)' },
  { snomed: '58150001', display: 'Fracture of clavicle', icd10: 'S42.009A', title: 'Fracture of unsp part of unsp clavicle, init for clos fx', why: 'Index: Fracture, traumatic, clavicle → S42.00-; part and side not stated → S42.009; initial encounter for closed fracture “A” (the encounter chooses the 7th character)' },
  { snomed: '65966004', display: 'Fracture of forearm', icd10: 'S52.90XA', title: 'Unsp fracture of unsp forearm, init for clos fx', why: 'Index: Fracture, traumatic, forearm → S52.9-; side not stated → S52.90X; initial encounter for closed fracture “A” (the encounter chooses the 7th character)' },
  { snomed: '33737001', display: 'Fracture of rib', icd10: 'S22.39XA', title: 'Fracture of one rib, unsp side, init for clos fx', why: 'Index: Fracture, traumatic, rib → S22.3-; one rib, side not stated → S22.39X; initial encounter for closed fracture “A” (the encounter chooses the 7th character)' },
  { snomed: '263102004', display: 'Fracture subluxation of wrist', icd10: 'S62.109A', title: 'Fracture of unsp carpal bone, unsp wrist, init for clos fx', why: 'Index: Fracture, traumatic, wrist → S62.10-; side not stated → S62.109; initial encounter for closed fracture “A”; the subluxation is an additional S63.0- code' },
  { snomed: '62564004', display: 'Concussion with loss of consciousness', icd10: 'S06.0X9A', title: 'Concussion w loss of consciousness of unsp duration, init', why: 'Index: Concussion, with loss of consciousness → S06.0X9- (duration not stated); initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '62106007', display: 'Concussion with no loss of consciousness', icd10: 'S06.0X0A', title: 'Concussion without loss of consciousness, initial encounter', why: 'Index: Concussion, without loss of consciousness → S06.0X0-; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '39848009', display: 'Whiplash injury to neck', icd10: 'S13.4XXA', title: 'Sprain of ligaments of cervical spine, initial encounter', why: 'Index: Whiplash injury → S13.4-; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '44465007', display: 'Sprain of ankle', icd10: 'S93.409A', title: 'Sprain of unsp ligament of unspecified ankle, init encntr', why: 'Index: Sprain, ankle → S93.40-; ligament and side not stated → S93.409; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '70704007', display: 'Sprain of wrist', icd10: 'S63.509A', title: 'Unspecified sprain of unspecified wrist, initial encounter', why: 'Index: Sprain, wrist → S63.50-; side not stated → S63.509; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '444470001', display: 'Injury of anterior cruciate ligament', icd10: 'S83.519A', title: 'Sprain of anterior cruciate ligament of unsp knee, init', why: 'Index: Sprain, knee, cruciate, anterior → S83.51- (a ligament injury is indexed as a sprain); side not stated → S83.519; initial encounter “A”' },
  { snomed: '444448004', display: 'Injury of medial collateral ligament of knee', icd10: 'S83.419A', title: 'Sprain of medial collateral ligament of unsp knee, init', why: 'Index: Sprain, knee, collateral, medial → S83.41- (a ligament injury is indexed as a sprain); side not stated → S83.419; initial encounter “A”' },
  { snomed: '307731004', display: 'Injury of tendon of the rotator cuff of shoulder', icd10: 'S46.009A', title: 'Unsp inj musc/tend the rotator cuff of unsp shoulder, init', why: 'Index: Injury, rotator cuff (muscle(s)) (tendon(s)) → S46.00-; side not stated → S46.009; initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '239720000', display: 'Tear of meniscus of knee', icd10: 'S83.209A', title: 'Unsp tear of unsp meniscus, current injury, unsp knee, init', why: 'Index: Tear, meniscus (knee) (current injury) → S83.20-; meniscus and side not stated → S83.209; initial encounter “A”' },
  { snomed: '370247008', display: 'Facial laceration', icd10: 'S01.81XA', title: 'Laceration w/o foreign body of oth part of head, init encntr', why: 'Index: Laceration, face NEC — see Laceration, head, specified site NEC → S01.81X- (without foreign body); initial encounter “A”' },
  { snomed: '284551006', display: 'Laceration of foot', icd10: 'S91.319A', title: 'Laceration without foreign body, unsp foot, init encntr', why: 'Index: Laceration, foot (except toe(s) alone) → S91.31- (without foreign body); side not stated → S91.319; initial encounter “A”' },
  { snomed: '283371005', display: 'Laceration of forearm', icd10: 'S51.819A', title: 'Laceration without foreign body of unsp forearm, init encntr', why: 'Index: Laceration, forearm → S51.81- (without foreign body); side not stated → S51.819; initial encounter “A”' },
  { snomed: '284549007', display: 'Laceration of hand', icd10: 'S61.419A', title: 'Laceration without foreign body of unsp hand, init encntr', why: 'Index: Laceration, hand → S61.41- (without foreign body); side not stated → S61.419; initial encounter “A”' },
  { snomed: '283385000', display: 'Laceration of thigh', icd10: 'S71.119A', title: 'Laceration without foreign body, unsp thigh, init encntr', why: 'Index: Laceration, thigh → S71.11- (without foreign body); side not stated → S71.119; initial encounter “A”' },
  { snomed: '241929008', display: 'Acute allergic reaction', icd10: 'T78.40XA', title: 'Allergy, unspecified, initial encounter', why: 'Index: Allergy, allergic (reaction) → T78.40- (tabular T78.40 includes “Allergic reaction NOS”); initial encounter “A” (the encounter chooses the 7th character)' },
  { snomed: '55680006', display: 'Drug overdose', icd10: 'T50.901A', title: 'Poisoning by unsp drug/meds/biol subst, accidental, init', why: 'Index: Overdose — see Table of Drugs and Chemicals, by drug, poisoning: drug not named → T50.90-; intent not stated is accidental (Guidelines I.C.19.e.5.b) → T50.901; initial encounter “A”' },
  { snomed: '262574004', display: 'Bullet wound', why: 'No single target: a gunshot wound is coded as an open wound by body site (S01-S91) plus the firearm external cause by intent (W32-W34, X93-X95, Y22-Y24); the concept names neither site nor intent' },
  { snomed: '403190006', display: 'First degree burn', why: 'No single target: ICD-10-CM codes the degree of a burn with its body site (T20-T25); without a site only T30.0 (unspecified degree) exists, which drops the degree' },
  { snomed: '403191005', display: 'Second degree burn', why: 'No single target: ICD-10-CM codes the degree of a burn with its body site (T20-T25); without a site only T30.0 (unspecified degree) exists, which drops the degree' },

  // Pregnancy
  { snomed: '19169002', display: 'Miscarriage in first trimester', icd10: 'O03.9', title: 'Complete or unsp spontaneous abortion without complication', why: 'Index: Miscarriage — see Abortion, spontaneous → O03.9; tabular O03.9 includes “Miscarriage NOS” (the trimester is not an axis of O03)' },
  { snomed: '35999006', display: 'Blighted ovum', icd10: 'O02.0', title: 'Blighted ovum and nonhydatidiform mole', why: 'Index: Blighted, ovum → O02.0' },
  { snomed: '79586000', display: 'Tubal pregnancy (disorder)', icd10: 'O00.109', title: 'Unspecified tubal pregnancy without intrauterine pregnancy', why: 'Index: Pregnancy, tubal → O00.10- (tabular O00.10 includes “Tubal pregnancy NOS”); side not stated → O00.109' },
  { snomed: '198992004', display: 'Antepartum eclampsia', icd10: 'O15.00', title: 'Eclampsia complicating pregnancy, unspecified trimester', why: 'Index: Eclampsia, complicating pregnancy → O15.0-; trimester not stated → O15.00' },
  { snomed: '156073000', display: 'Fetus with unknown complication', icd10: 'O36.90X0', title: 'Maternal care for fetal problem, unsp, unsp trimester, unsp', why: 'Index: Pregnancy, complicated by, fetal problem, unspecified → O36.9-; trimester not stated → O36.90X-; 7th character 0 (single gestation or not specified)' },
];

/** The curated map, by SNOMED CT concept id. */
export const SNOMED_TO_ICD10CM: ReadonlyMap<string, SnomedIcd10CmMapping> = new Map(ROWS.map((row) => [row.snomed, row]));

/** The map's row for a SNOMED CT concept id, if the concept is curated. */
export function snomedMapping(code: string): SnomedIcd10CmMapping | undefined {
  return SNOMED_TO_ICD10CM.get(code.trim());
}

/**
 * The ICD-10-CM FY2026 code (dotted) the Alphabetic Index gives for a SNOMED CT concept; undefined when the
 * concept is not in the curated map or has no single target.
 */
export function icd10ForSnomed(code: string): string | undefined {
  return snomedMapping(code)?.icd10;
}
