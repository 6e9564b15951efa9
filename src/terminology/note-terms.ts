/**
 * The words a clinical note names diagnoses with, and the ICD-10-CM FY2026 code each names: data, not logic.
 * src/notes/diagnosis-terms.ts builds the mention dictionary from these tables, the families below (words
 * combined by type, acuity, stage and site) and the SNOMED CT map's displays (snomed-icd10cm.ts).
 *
 * How a code was chosen: the ICD-10-CM Alphabetic Index path from the words (main term, subterms → code), to
 * the billable code as specific as the words are, and no more: an unstated type, acuity, stage or site takes
 * the Index default or the unspecified code (Official Guidelines I.A.9); diabetes of unstated type is type 2
 * (I.C.4.a.2); HFrEF is systolic and HFpEF diastolic heart failure (Coding Clinic 1Q 2016). Every code is
 * billable in the FY2026 order file (test/terminology/note-terms.test.ts checks each one).
 *
 * `terms` match in any case; `abbreviations` match their capital letters exactly ("AF" is atrial fibrillation,
 * "af" is not), the rest of their words in any case. A hyphen reads as a space ("a-fib" is "a fib"); "the"
 * inside a diagnosis name may be left out ("pressure ulcer of the sacrum" is "pressure ulcer of sacrum"); the
 * Roman numerals II, III, IIIa, IIIb and IV read as digits ("type II" is "type 2", "stage IV" is "stage 4"), so
 * the tables write stages, types and classes in digits (and "I", which stays a word, where it is a stage).
 */

/** One diagnosis and the words that name it. */
export interface NoteTerm {
  /** Stable id (kebab-case). */
  readonly id: string;
  /** ICD-10-CM FY2026 code, dotted and billable. */
  readonly icd10: string;
  /** What the words name, in clinical words. */
  readonly display: string;
  /** Words, any case. */
  readonly terms: readonly string[];
  /** Abbreviations and phrases with one: their capitals match exactly. */
  readonly abbreviations: readonly string[];
  /** The Alphabetic Index path or guideline that chose the code. */
  readonly why: string;
}

const t = (id: string, icd10: string, display: string, terms: string[], abbreviations: string[], why: string): NoteTerm =>
  Object.freeze({ id, icd10, display, terms: Object.freeze(terms), abbreviations: Object.freeze(abbreviations), why });

export const NOTE_TERMS: readonly NoteTerm[] = Object.freeze([
  // Electrolytes and fluids (rules/gaps/electrolytes.ts; indications of potassium and loop diuretics)
  t('hyponatremia', 'E87.1', 'Hyponatremia', ['hyponatremia', 'hyponatraemia', 'hypo-osmolality', 'hypoosmolality'], [], 'Index: Hyponatremia → E87.1; Hypo-osmolality → E87.1'),
  t('siadh', 'E22.2', 'Syndrome of inappropriate antidiuretic hormone secretion',
    ['syndrome of inappropriate antidiuretic hormone', 'syndrome of inappropriate antidiuretic hormone secretion', 'syndrome of inappropriate secretion of antidiuretic hormone', 'syndrome of inappropriate adh secretion'],
    ['SIADH'], 'Index: Syndrome, inappropriate secretion of antidiuretic hormone → E22.2'),
  t('hypokalemia', 'E87.6', 'Hypokalemia', ['hypokalemia', 'hypokalaemia'], [], 'Index: Hypokalemia → E87.6'),
  t('hyperkalemia', 'E87.5', 'Hyperkalemia', ['hyperkalemia', 'hyperkalaemia'], [], 'Index: Hyperkalemia → E87.5'),
  t('hypernatremia', 'E87.0', 'Hypernatremia', ['hypernatremia', 'hypernatraemia'], [], 'Index: Hypernatremia → E87.0'),
  t('hypomagnesemia', 'E83.42', 'Hypomagnesemia', ['hypomagnesemia', 'hypomagnesaemia'], [], 'Index: Hypomagnesemia → E83.42'),
  t('hypophosphatemia', 'E83.39', 'Hypophosphatemia', ['hypophosphatemia', 'hypophosphataemia'], [], 'Index: Hypophosphatemia → E83.39'),
  t('hypocalcemia', 'E83.51', 'Hypocalcemia', ['hypocalcemia', 'hypocalcaemia'], [], 'Index: Hypocalcemia → E83.51'),
  t('hypercalcemia', 'E83.52', 'Hypercalcemia', ['hypercalcemia', 'hypercalcaemia'], [], 'Index: Hypercalcemia → E83.52'),
  t('fluid-overload', 'E87.70', 'Fluid overload', ['fluid overload', 'volume overload', 'hypervolemia'], [], 'Index: Overload, fluid → E87.70; Hypervolemia → E87.70'),
  t('dehydration', 'E86.0', 'Dehydration', ['dehydration'], [], 'Index: Dehydration → E86.0'),
  t('hypovolemia', 'E86.1', 'Hypovolemia', ['hypovolemia'], [], 'Index: Hypovolemia → E86.1'),

  // Blood (rules/gaps/hematology.ts)
  t('anemia', 'D64.9', 'Anemia', ['anemia', 'anaemia'], [], 'Index: Anemia → D64.9'),
  t('acute-blood-loss-anemia', 'D62', 'Acute posthemorrhagic anemia',
    ['acute blood loss anemia', 'acute blood loss anaemia', 'acute posthemorrhagic anemia', 'acute post hemorrhagic anemia', 'anemia due to acute blood loss', 'anemia of acute blood loss', 'posthemorrhagic anemia'],
    ['ABLA'], 'Index: Anemia, blood loss, acute → D62; Anemia, posthemorrhagic (acute) → D62'),
  t('chronic-blood-loss-anemia', 'D50.0', 'Iron deficiency anemia secondary to chronic blood loss',
    ['chronic blood loss anemia', 'blood loss anemia', 'anemia due to chronic blood loss', 'iron deficiency anemia secondary to blood loss', 'iron deficiency anemia due to blood loss'],
    [], 'Index: Anemia, blood loss (chronic) → D50.0 (acute is D62)'),
  t('iron-deficiency-anemia', 'D50.9', 'Iron deficiency anemia', ['iron deficiency anemia', 'iron deficiency anaemia'], ['IDA'], 'Index: Anemia, iron deficiency → D50.9'),
  t('pernicious-anemia', 'D51.0', 'Pernicious anemia', ['pernicious anemia'], [], 'Index: Anemia, pernicious → D51.0'),
  t('b12-deficiency-anemia', 'D51.9', 'Vitamin B12 deficiency anemia', ['vitamin b12 deficiency anemia', 'b12 deficiency anemia'], [], 'Index: Anemia, vitamin B12 deficiency → D51.9'),
  t('folate-deficiency-anemia', 'D52.9', 'Folate deficiency anemia', ['folate deficiency anemia', 'folic acid deficiency anemia'], [], 'Index: Anemia, folate deficiency → D52.9'),
  t('anemia-in-ckd', 'D63.1', 'Anemia in chronic kidney disease',
    ['anemia of chronic kidney disease', 'anemia in chronic kidney disease', 'anemia due to chronic kidney disease', 'anemia of renal disease'],
    ['anemia of CKD', 'anemia in CKD', 'anemia due to CKD'], 'Index: Anemia, in (due to) (with), chronic kidney disease → D63.1'),
  t('anemia-of-chronic-disease', 'D63.8', 'Anemia in other chronic diseases', ['anemia of chronic disease', 'anemia in chronic disease', 'anemia of chronic inflammation'], [],
    'Index: Anemia, in (due to) (with), chronic disease classified elsewhere NEC → D63.8'),
  t('anemia-in-neoplastic-disease', 'D63.0', 'Anemia in neoplastic disease', ['anemia in neoplastic disease', 'anemia of malignancy', 'anemia due to malignancy', 'anemia in malignancy'], [],
    'Index: Anemia, in (due to) (with), neoplastic disease → D63.0'),
  t('chemotherapy-anemia', 'D64.81', 'Anemia due to antineoplastic chemotherapy',
    ['anemia due to chemotherapy', 'chemotherapy induced anemia', 'anemia due to antineoplastic chemotherapy'], [], 'Index: Anemia, due to (in) (with), antineoplastic chemotherapy → D64.81'),
  t('hemolytic-anemia', 'D59.9', 'Acquired hemolytic anemia', ['hemolytic anemia', 'haemolytic anaemia'], [], 'Index: Anemia, hemolytic, acquired → D59.9'),
  t('sickle-cell-anemia', 'D57.1', 'Sickle-cell disease without crisis', ['sickle cell anemia', 'sickle cell disease'], [], 'Index: Anemia, sickle-cell → D57.1; Disease, sickle-cell → D57.1'),
  t('pancytopenia', 'D61.818', 'Pancytopenia', ['pancytopenia'], [], 'Index: Pancytopenia (acquired) → D61.818'),
  t('thrombocytopenia', 'D69.6', 'Thrombocytopenia', ['thrombocytopenia'], [], 'Index: Thrombocytopenia, thrombocytopenic → D69.6'),
  t('immune-thrombocytopenia', 'D69.3', 'Immune thrombocytopenic purpura',
    ['immune thrombocytopenia', 'immune thrombocytopenic purpura', 'idiopathic thrombocytopenic purpura'], ['ITP'], 'Index: Purpura, thrombocytopenic, immune / idiopathic → D69.3'),
  t('heparin-induced-thrombocytopenia', 'D75.829', 'Heparin-induced thrombocytopenia', ['heparin induced thrombocytopenia'], ['HIT'],
    'Index: Thrombocytopenia, heparin induced (HIT) → D75.82- → D75.829 (type not stated)'),
  t('thrombotic-thrombocytopenic-purpura', 'M31.19', 'Thrombotic thrombocytopenic purpura', ['thrombotic thrombocytopenic purpura'], [],
    'Index: Purpura, thrombotic thrombocytopenic → M31.1- (FY2024 subdivided) → M31.19'),
  t('coagulopathy', 'D68.9', 'Coagulopathy', ['coagulopathy'], [], 'Index: Coagulopathy → D68.9'),
  t('neutropenia', 'D70.9', 'Neutropenia', ['neutropenia'], [], 'Index: Neutropenia → D70.9'),
  t('leukocytosis', 'D72.829', 'Leukocytosis', ['leukocytosis'], [], 'Index: Leukocytosis → D72.829'),

  // Kidney (rules/gaps/renal.ts, ckd.ts; the CKD stages are a family below)
  t('acute-kidney-injury', 'N17.9', 'Acute kidney injury',
    ['acute kidney injury', 'acute renal failure', 'acute kidney failure', 'acute renal injury'], ['AKI'], 'Index: Failure, renal, acute → N17.9; Injury, kidney, acute (nontraumatic) → N17.9'),
  t('acute-tubular-necrosis', 'N17.0', 'Acute tubular necrosis', ['acute tubular necrosis'], ['ATN'], 'Index: Necrosis, tubular (acute) (renal) → N17.0'),
  t('acute-renal-insufficiency', 'N28.9', 'Acute renal insufficiency', ['acute renal insufficiency', 'acute kidney insufficiency'], [],
    'Index: Insufficiency, renal (acute) → N28.9 (not N17: "insufficiency" is not "failure" or "injury")'),
  t('end-stage-renal-disease', 'N18.6', 'End stage renal disease',
    ['end stage renal disease', 'end stage kidney disease', 'end stage renal failure', 'end stage kidney failure'], ['ESRD', 'ESKD'], 'Index: Disease, renal, end stage (failure) → N18.6'),
  t('dialysis-dependence', 'Z99.2', 'Dependence on renal dialysis',
    ['dialysis dependent', 'dependent on dialysis', 'dialysis dependence', 'dependence on dialysis', 'on dialysis', 'on hemodialysis', 'on peritoneal dialysis', 'hemodialysis dependent'],
    ['on HD'], 'Index: Dependence, on, renal dialysis (hemodialysis) (peritoneal) → Z99.2'),
  t('urinary-tract-infection', 'N39.0', 'Urinary tract infection', ['urinary tract infection'], ['UTI', 'UTIs'], 'Index: Infection, urinary (tract) → N39.0'),
  t('acute-pyelonephritis', 'N10', 'Acute pyelonephritis', ['acute pyelonephritis'], [], 'Index: Pyelonephritis, acute → N10'),

  // Sepsis (rules/gaps/sepsis.ts)
  t('sepsis', 'A41.9', 'Sepsis', ['sepsis', 'septicemia', 'septicaemia'], [], 'Index: Sepsis (generalized) (unspecified organism) → A41.9'),
  t('severe-sepsis', 'R65.20', 'Severe sepsis', ['severe sepsis', 'severe sepsis without septic shock', 'severe sepsis without shock'], [],
    'Index: Sepsis, severe → R65.20; the infection is coded first (Guidelines I.C.1.d.1.a.ii)'),
  t('septic-shock', 'R65.21', 'Severe sepsis with septic shock', ['septic shock', 'severe sepsis with septic shock', 'severe sepsis with shock'], [],
    'Index: Shock, septic (due to severe sepsis) → R65.21 (Guidelines I.C.1.d.1.a.ii)'),
  t('gram-negative-sepsis', 'A41.50', 'Gram-negative sepsis', ['gram negative sepsis', 'gram negative septicemia'], [], 'Index: Sepsis, Gram-negative (organism) → A41.50'),
  t('e-coli-sepsis', 'A41.51', 'Sepsis due to Escherichia coli', ['e. coli sepsis', 'e coli sepsis', 'escherichia coli sepsis', 'sepsis due to e. coli', 'sepsis due to escherichia coli'], [],
    'Index: Sepsis, Escherichia coli (E. coli) → A41.51'),
  t('mrsa-sepsis', 'A41.02', 'Sepsis due to MRSA', ['sepsis due to methicillin resistant staphylococcus aureus'], ['MRSA sepsis', 'sepsis due to MRSA'],
    'Index: Sepsis, Staphylococcus, aureus, methicillin resistant (MRSA) → A41.02'),
  t('mssa-sepsis', 'A41.01', 'Sepsis due to MSSA', ['sepsis due to methicillin susceptible staphylococcus aureus'], ['MSSA sepsis', 'sepsis due to MSSA'],
    'Index: Sepsis, Staphylococcus, aureus, methicillin susceptible (MSSA) → A41.01'),
  t('streptococcal-sepsis', 'A40.9', 'Streptococcal sepsis', ['streptococcal sepsis'], [], 'Index: Sepsis, streptococcal → A40.9'),
  t('staphylococcal-sepsis', 'A41.2', 'Staphylococcal sepsis', ['staphylococcal sepsis'], [], 'Index: Sepsis, staphylococcal → A41.2'),
  t('bacteremia', 'R78.81', 'Bacteremia', ['bacteremia', 'bacteraemia'], [], 'Index: Bacteremia → R78.81'),

  // Lungs (rules/gaps/respiratory-failure.ts; the J96 words are a family below)
  t('acute-hypoxic-hypercapnic-respiratory-failure', 'J96.01', 'Acute respiratory failure with hypoxia and hypercapnia',
    ['acute hypoxic and hypercapnic respiratory failure', 'acute hypoxemic and hypercapnic respiratory failure', 'acute hypercapnic and hypoxic respiratory failure',
      'acute respiratory failure with hypoxia and hypercapnia'],
    [], 'Index: Failure, respiratory, acute, with hypoxia → J96.01; the words also state hypercapnia, J96.02, which the coder adds (one mention carries one code)'),
  t('acute-hypoxic-respiratory-failure-abbreviation', 'J96.01', 'Acute respiratory failure with hypoxia', [], ['AHRF'], 'Index: Failure, respiratory, acute, with hypoxia → J96.01'),
  t('ards', 'J80', 'Acute respiratory distress syndrome', ['acute respiratory distress syndrome'], ['ARDS'], 'Index: Syndrome, respiratory, distress, acute → J80'),
  t('pneumonia', 'J18.9', 'Pneumonia', ['pneumonia'], ['PNA'], 'Index: Pneumonia (acute) → J18.9 (organism not named)'),
  t('aspiration-pneumonia', 'J69.0', 'Aspiration pneumonia', ['aspiration pneumonia', 'aspiration pneumonitis'], [], 'Index: Pneumonia, aspiration → J69.0'),
  t('copd', 'J44.9', 'Chronic obstructive pulmonary disease', ['chronic obstructive pulmonary disease', 'chronic obstructive lung disease'], ['COPD'],
    'Index: Disease, lung, obstructive (chronic) → J44.9'),
  t('copd-exacerbation', 'J44.1', 'Chronic obstructive pulmonary disease with acute exacerbation',
    ['chronic obstructive pulmonary disease with acute exacerbation', 'acute exacerbation of chronic obstructive pulmonary disease'],
    ['COPD exacerbation', 'acute exacerbation of COPD', 'exacerbation of COPD', 'COPD with acute exacerbation', 'COPD with exacerbation', 'AECOPD'],
    'Index: Disease, lung, obstructive (chronic), with, exacerbation NEC (acute) → J44.1'),
  t('pleural-effusion', 'J90', 'Pleural effusion', ['pleural effusion', 'pleural effusions'], [], 'Index: Effusion, pleura → J90'),
  t('acute-pulmonary-edema', 'J81.0', 'Acute pulmonary edema', ['acute pulmonary edema', 'flash pulmonary edema'], [],
    'Index: Edema, lung, acute → J81.0 (with heart failure the edema is part of the heart failure code)'),
  t('hypoxemia', 'R09.02', 'Hypoxemia', ['hypoxemia', 'hypoxia', 'hypoxaemia'], [], 'Index: Hypoxemia → R09.02; Hypoxia — see Hypoxemia'),
  t('covid-19', 'U07.1', 'COVID-19', ['covid-19', 'covid 19', 'covid19', 'covid'], [], 'Index: COVID-19 → U07.1 (Guidelines I.C.1.g.1)'),
  t('asthma', 'J45.909', 'Asthma', ['asthma'], [], 'Index: Asthma, asthmatic (bronchial) → J45.909'),
  t('obstructive-sleep-apnea', 'G47.33', 'Obstructive sleep apnea', ['obstructive sleep apnea'], ['OSA'], 'Index: Apnea, sleep, obstructive (adult) (pediatric) → G47.33'),

  // Heart and vessels (rules/gaps/heart-failure.ts; anticoagulant and diuretic indications; HF types are a family below)
  t('hypertension', 'I10', 'Essential hypertension', ['hypertension', 'essential hypertension', 'high blood pressure'], ['HTN'],
    'Index: Hypertension, hypertensive (benign) (essential) (systemic) → I10'),
  t('pulmonary-hypertension', 'I27.20', 'Pulmonary hypertension', ['pulmonary hypertension', 'pulmonary arterial hypertension'], [],
    'Index: Hypertension, pulmonary → I27.20 (not I10: "pulmonary" is its own subterm)'),
  t('portal-hypertension', 'K76.6', 'Portal hypertension', ['portal hypertension'], [], 'Index: Hypertension, portal → K76.6 (not I10)'),
  t('hypertensive-heart-disease', 'I11.9', 'Hypertensive heart disease without heart failure', ['hypertensive heart disease'], [],
    'Index: Hypertension, heart (disease) (without heart failure) → I11.9'),
  t('hypertensive-heart-disease-with-heart-failure', 'I11.0', 'Hypertensive heart disease with heart failure', ['hypertensive heart disease with heart failure'], [],
    'Index: Hypertension, heart, with heart failure → I11.0 (the type of failure is added from I50.-)'),
  t('hypertensive-urgency', 'I16.0', 'Hypertensive urgency', ['hypertensive urgency'], [], 'Index: Hypertension, urgency → I16.0'),
  t('hypertensive-emergency', 'I16.1', 'Hypertensive emergency', ['hypertensive emergency'], [], 'Index: Hypertension, emergency → I16.1'),
  t('hypertensive-crisis', 'I16.9', 'Hypertensive crisis', ['hypertensive crisis'], [], 'Index: Hypertension, crisis → I16.9'),
  t('hypotension', 'I95.9', 'Hypotension', ['hypotension'], [], 'Index: Hypotension (arterial) (constitutional) → I95.9'),
  t('orthostatic-hypotension', 'I95.1', 'Orthostatic hypotension', ['orthostatic hypotension'], [], 'Index: Hypotension, orthostatic (chronic) → I95.1'),
  t('cardiogenic-shock', 'R57.0', 'Cardiogenic shock', ['cardiogenic shock'], [], 'Index: Shock, cardiogenic → R57.0'),
  t('hypovolemic-shock', 'R57.1', 'Hypovolemic shock', ['hypovolemic shock'], [], 'Index: Shock, hypovolemic → R57.1'),
  t('heart-failure', 'I50.9', 'Heart failure',
    ['heart failure', 'congestive heart failure', 'cardiac failure', 'acute heart failure', 'chronic heart failure', 'acute on chronic heart failure',
      'decompensated heart failure', 'acute decompensated heart failure', 'acute congestive heart failure', 'chronic congestive heart failure'],
    ['CHF', 'acute CHF', 'chronic CHF', 'acute on chronic CHF', 'decompensated CHF', 'ADHF'],
    'Index: Failure, heart → I50.9; Failure, heart, congestive (compensated) (decompensated) → I50.9 (acuity is a subterm only of the typed failures)'),
  t('left-heart-failure', 'I50.1', 'Left ventricular failure', ['left ventricular failure', 'left heart failure', 'left sided heart failure'], [],
    'Index: Failure, ventricular, left → I50.1'),
  t('right-heart-failure', 'I50.810', 'Right heart failure', ['right heart failure', 'right sided heart failure', 'right ventricular failure'], [],
    'Index: Failure, heart, right (isolated) → I50.810 (acuity not stated)'),
  t('acute-right-heart-failure', 'I50.811', 'Acute right heart failure', ['acute right heart failure', 'acute right sided heart failure', 'acute right ventricular failure'], [],
    'Index: Failure, heart, right, acute → I50.811'),
  t('chronic-right-heart-failure', 'I50.812', 'Chronic right heart failure', ['chronic right heart failure', 'chronic right sided heart failure', 'chronic right ventricular failure'], [],
    'Index: Failure, heart, right, chronic → I50.812'),
  t('acute-on-chronic-right-heart-failure', 'I50.813', 'Acute on chronic right heart failure', ['acute on chronic right heart failure', 'acute on chronic right sided heart failure'], [],
    'Index: Failure, heart, right, acute on chronic → I50.813'),
  t('biventricular-heart-failure', 'I50.82', 'Biventricular heart failure', ['biventricular heart failure', 'biventricular failure'], [], 'Index: Failure, heart, biventricular → I50.82'),
  t('high-output-heart-failure', 'I50.83', 'High output heart failure', ['high output heart failure'], [], 'Index: Failure, heart, high output NOS → I50.83'),
  t('end-stage-heart-failure', 'I50.84', 'End stage heart failure', ['end stage heart failure'], [], 'Index: Failure, heart, end stage → I50.84'),
  t('cor-pulmonale', 'I27.81', 'Cor pulmonale (chronic)', ['cor pulmonale', 'chronic cor pulmonale'], [], 'Index: Cor pulmonale (chronic) → I27.81'),
  t('atrial-flutter', 'I48.92', 'Atrial flutter', ['atrial flutter', 'aflutter', 'a flutter'], ['AFL'], 'Index: Flutter, atrial or auricular → I48.92'),
  t('typical-atrial-flutter', 'I48.3', 'Typical atrial flutter', ['typical atrial flutter'], [], 'Index: Flutter, atrial, typical → I48.3'),
  t('atypical-atrial-flutter', 'I48.4', 'Atypical atrial flutter', ['atypical atrial flutter'], [], 'Index: Flutter, atrial, atypical → I48.4'),
  t('coronary-artery-disease', 'I25.10', 'Coronary artery disease', ['coronary artery disease', 'coronary heart disease', 'atherosclerotic heart disease'], ['CAD'],
    'Index: Disease, artery, coronary → I25.10; tabular I25.10 includes "Atherosclerotic heart disease NOS"'),
  t('myocardial-infarction', 'I21.9', 'Acute myocardial infarction', ['myocardial infarction', 'acute myocardial infarction', 'heart attack'], ['MI', 'AMI', 'acute MI'],
    'Index: Infarct, myocardium (acute) → I21.9 (type and wall not stated). "MI" also abbreviates mitral insufficiency, which notes write as "MR"'),
  t('nstemi', 'I21.4', 'Non-ST elevation myocardial infarction',
    ['nstemi', 'non st elevation myocardial infarction', 'non st segment elevation myocardial infarction'], ['non-ST elevation MI'],
    'Index: Infarct, myocardium, non-ST elevation (NSTEMI) → I21.4'),
  t('stemi', 'I21.3', 'ST elevation myocardial infarction', ['stemi', 'st elevation myocardial infarction', 'st segment elevation myocardial infarction'], ['ST elevation MI'],
    'Index: Infarct, myocardium, ST elevation (STEMI) → I21.3 (wall not stated)'),
  t('old-myocardial-infarction', 'I25.2', 'Old myocardial infarction', ['old myocardial infarction', 'healed myocardial infarction'], ['old MI'],
    'Index: Infarct, myocardium, healed or old → I25.2 (Guidelines I.C.9.e.5)'),
  t('stroke', 'I63.9', 'Cerebral infarction', ['cerebrovascular accident', 'ischemic stroke', 'acute ischemic stroke', 'cerebral infarction'], ['CVA'],
    'Index: Stroke (ischemic) → I63.9; Accident, cerebrovascular → I63.9; Infarct, cerebral → I63.9'),
  t('transient-ischemic-attack', 'G45.9', 'Transient cerebral ischemic attack', ['transient ischemic attack'], ['TIA'], 'Index: Attack, transient ischemic (TIA) → G45.9'),
  t('intracerebral-hemorrhage', 'I61.9', 'Nontraumatic intracerebral hemorrhage', ['intracerebral hemorrhage'], [], 'Index: Hemorrhage, intracerebral (nontraumatic) → I61.9'),
  t('cerebral-edema', 'G93.6', 'Cerebral edema', ['cerebral edema', 'brain edema'], [], 'Index: Edema, cerebral → G93.6 (not R60: edema of the brain has its own code)'),
  t('peripheral-artery-disease', 'I73.9', 'Peripheral vascular disease', ['peripheral artery disease'], ['PAD', 'PVD'], 'Index: Disease, peripheral (vascular) → I73.9'),
  t('deep-vein-thrombosis', 'I82.409', 'Acute deep vein thrombosis of unspecified lower extremity',
    ['deep vein thrombosis', 'deep venous thrombosis', 'acute deep vein thrombosis', 'acute deep venous thrombosis'], ['DVT', 'DVTs', 'acute DVT'],
    'Index: Thrombosis, vein, deep → I82.40-; tabular I82.40 includes "DVT NOS"; side not stated → I82.409'),
  t('chronic-deep-vein-thrombosis', 'I82.509', 'Chronic deep vein thrombosis of unspecified lower extremity',
    ['chronic deep vein thrombosis', 'chronic deep venous thrombosis'], ['chronic DVT'], 'Index: Thrombosis, vein, deep, chronic → I82.50-; side not stated → I82.509'),
  t('venous-thromboembolism', 'I82.90', 'Acute venous thromboembolism of unspecified vein', ['venous thromboembolism', 'venous thrombosis'], ['VTE'],
    'Index: Thrombosis, vein (acute) → I82.90; Thromboembolism — see Embolism; Embolism, vein (acute) → I82.90'),
  t('pulmonary-embolism', 'I26.99', 'Pulmonary embolism',
    ['pulmonary embolism', 'pulmonary embolus', 'pulmonary emboli', 'pulmonary thromboembolism', 'acute pulmonary embolism'], [],
    'Index: Embolism, pulmonary (acute) (artery) (vein) → I26.99; tabular I26.99 includes "Pulmonary embolism NOS". "PE" is left out: see LEFT_OUT'),
  t('saddle-pulmonary-embolism', 'I26.92', 'Saddle embolus of pulmonary artery', ['saddle pulmonary embolism', 'saddle embolus', 'saddle pulmonary embolus'], [],
    'Index: Embolism, pulmonary, saddle → I26.92 (without acute cor pulmonale)'),
  t('prosthetic-heart-valve', 'Z95.2', 'Presence of prosthetic heart valve',
    ['prosthetic heart valve', 'mechanical heart valve', 'mechanical valve', 'mechanical mitral valve', 'mechanical aortic valve'], [],
    'Index: Presence (of), heart valve implant (functional) (prosthetic) → Z95.2'),
  t('intracardiac-thrombus', 'I51.3', 'Intracardiac thrombosis', ['left ventricular thrombus', 'intracardiac thrombus', 'left atrial appendage thrombus'], ['LV thrombus'],
    'Index: Thrombosis, heart (chamber) → I51.3'),
  t('factor-v-leiden', 'D68.51', 'Activated protein C resistance (factor V Leiden)', ['factor v leiden', 'activated protein c resistance'], [],
    'Index: Factor V Leiden mutation → D68.51; Resistance, activated protein C → D68.51'),
  t('localized-edema', 'R60.0', 'Localized edema',
    ['peripheral edema', 'pedal edema', 'lower extremity edema', 'leg edema', 'ankle edema', 'localized edema', 'bilateral lower extremity edema'], [],
    'Index: Edema, localized → R60.0 (edema of the legs or feet is localized)'),
  t('generalized-edema', 'R60.1', 'Generalized edema', ['generalized edema', 'anasarca'], [], 'Index: Edema, generalized → R60.1; Anasarca → R60.1'),
  t('edema', 'R60.9', 'Edema', ['edema', 'oedema', 'fluid retention'], [], 'Index: Edema, edematous → R60.9; Retention, fluid → R60.9'),

  // Endocrine (rules/gaps/diabetes.ts, nutrition.ts; thyroid hormone indications; diabetes types are a family below)
  t('hypothyroidism', 'E03.9', 'Hypothyroidism', ['hypothyroidism', 'hypothyroid'], [], 'Index: Hypothyroidism (acquired) → E03.9'),
  t('hashimoto-thyroiditis', 'E06.3', 'Autoimmune thyroiditis', ["hashimoto's thyroiditis", "hashimoto's disease", 'hashimoto disease', 'autoimmune thyroiditis'], [],
    "Index: Thyroiditis, Hashimoto's → E06.3"),
  t('postprocedural-hypothyroidism', 'E89.0', 'Postprocedural hypothyroidism',
    ['postsurgical hypothyroidism', 'postprocedural hypothyroidism', 'post surgical hypothyroidism', 'postablative hypothyroidism', 'hypothyroidism after thyroidectomy'], [],
    'Index: Hypothyroidism, postsurgical → E89.0; postablative → E89.0'),
  t('hyperthyroidism', 'E05.90', 'Hyperthyroidism', ['hyperthyroidism', 'thyrotoxicosis'], [], 'Index: Hyperthyroidism — see Thyrotoxicosis → E05.90'),
  t('diabetes-unstated-type', 'E11.9', 'Diabetes mellitus (type not stated)', ['diabetes', 'diabetes mellitus', 'adult onset diabetes', 'non insulin dependent diabetes mellitus'],
    ['DM', 'NIDDM'], 'Index: Diabetes, diabetic (mellitus) → E11.9: type not stated defaults to type 2 (Guidelines I.C.4.a.2)'),
  t('diabetes-poorly-controlled', 'E11.65', 'Diabetes mellitus with hyperglycemia (type not stated)',
    ['poorly controlled diabetes', 'inadequately controlled diabetes', 'out of control diabetes', 'diabetes with hyperglycemia'], ['poorly controlled DM'],
    'Index: Diabetes, poorly controlled / inadequately controlled / out of control — code to Diabetes, by type, with hyperglycemia → E11.65 (type 2 by default, Guidelines I.C.4.a.2)'),
  t('juvenile-diabetes', 'E10.9', 'Type 1 diabetes mellitus', ['juvenile diabetes', 'juvenile onset diabetes'], [], 'Index: Diabetes, juvenile-onset — see Diabetes, type 1 → E10.9'),
  t('diabetic-nephropathy', 'E11.21', 'Type 2 diabetes mellitus with diabetic nephropathy', ['diabetic nephropathy', 'diabetic renal disease'], [],
    'Index: Diabetes, with, nephropathy → E11.21 (type 2 by default, Guidelines I.C.4.a.2)'),
  t('diabetic-kidney-disease', 'E11.22', 'Type 2 diabetes mellitus with diabetic chronic kidney disease',
    ['diabetic kidney disease', 'diabetic chronic kidney disease'], ['diabetic CKD', 'DKD'],
    'Index: Diabetes, with, chronic kidney disease → E11.22 (DKD is CKD attributed to diabetes: KDIGO 2020 diabetes in CKD guideline); the stage is added from N18.-'),
  t('diabetic-neuropathy', 'E11.40', 'Type 2 diabetes mellitus with diabetic neuropathy', ['diabetic neuropathy'], [],
    'Index: Diabetes, with, neuropathy → E11.40 (type 2 by default)'),
  t('diabetic-polyneuropathy', 'E11.42', 'Type 2 diabetes mellitus with diabetic polyneuropathy', ['diabetic polyneuropathy', 'diabetic peripheral neuropathy'], [],
    'Index: Diabetes, with, polyneuropathy → E11.42 (type 2 by default)'),
  t('diabetic-retinopathy', 'E11.319', 'Type 2 diabetes mellitus with diabetic retinopathy', ['diabetic retinopathy'], [],
    'Index: Diabetes, with, retinopathy → E11.319 (without macular edema; type 2 by default)'),
  t('diabetic-gastroparesis', 'E11.43', 'Type 2 diabetes mellitus with diabetic gastroparesis', ['diabetic gastroparesis'], [],
    'Index: Diabetes, with, gastroparesis → E11.43 (type 2 by default)'),
  t('diabetic-foot-ulcer', 'E11.621', 'Type 2 diabetes mellitus with foot ulcer', ['diabetic foot ulcer'], [],
    'Index: Diabetes, with, foot ulcer → E11.621 (type 2 by default; the ulcer is added from L97.4-/L97.5-)'),
  t('diabetic-ketoacidosis', 'E11.10', 'Diabetic ketoacidosis', ['diabetic ketoacidosis'], ['DKA'],
    'Index: Diabetes, with, ketoacidosis → E11.10 (without coma; type 2 by default, Guidelines I.C.4.a.2)'),
  t('gestational-diabetes', 'O24.419', 'Gestational diabetes mellitus', ['gestational diabetes', 'gestational diabetes mellitus'], ['GDM'],
    'Index: Diabetes, gestational (in pregnancy) → O24.41-; control not stated → O24.419'),
  t('polycystic-ovary-syndrome', 'E28.2', 'Polycystic ovarian syndrome', ['polycystic ovary syndrome', 'polycystic ovarian syndrome'], ['PCOS'],
    'Index: Syndrome, polycystic ovary → E28.2'),
  t('metabolic-syndrome', 'E88.810', 'Metabolic syndrome', ['metabolic syndrome'], [], 'Index: Syndrome, metabolic → E88.810 (FY2026)'),
  t('insulin-resistance', 'E88.819', 'Insulin resistance', ['insulin resistance'], [], 'Index: Resistance, insulin → E88.819 (FY2026)'),
  t('retinopathy', 'H35.00', 'Background retinopathy', ['retinopathy', 'background retinopathy'], [],
    'Index: Retinopathy (background) → H35.00 (a cause, if stated, is its own entry: diabetic retinopathy)'),
  t('prediabetes', 'R73.03', 'Prediabetes', ['prediabetes', 'pre-diabetes'], [], 'Index: Prediabetes, prediabetic → R73.03'),
  t('hypoglycemia', 'E16.2', 'Hypoglycemia', ['hypoglycemia', 'hypoglycaemia'], [], 'Index: Hypoglycemia (spontaneous) → E16.2'),
  t('hyperlipidemia', 'E78.5', 'Hyperlipidemia', ['hyperlipidemia', 'hyperlipidaemia', 'dyslipidemia'], ['HLD'], 'Index: Hyperlipidemia → E78.5; Dyslipidemia → E78.5'),
  t('hypercholesterolemia', 'E78.00', 'Pure hypercholesterolemia', ['hypercholesterolemia'], [], 'Index: Hypercholesterolemia (essential) (pure) → E78.00'),

  // Nutrition and weight (rules/gaps/nutrition.ts)
  t('severe-malnutrition', 'E43', 'Severe protein-calorie malnutrition',
    ['severe protein calorie malnutrition', 'severe protein energy malnutrition', 'severe malnutrition', 'severe protein malnutrition'], [],
    'Index: Malnutrition, severe (protein-energy) → E43'),
  t('moderate-malnutrition', 'E44.0', 'Moderate protein-calorie malnutrition',
    ['moderate protein calorie malnutrition', 'moderate protein energy malnutrition', 'moderate malnutrition'], [], 'Index: Malnutrition, moderate (protein) → E44.0'),
  t('mild-malnutrition', 'E44.1', 'Mild protein-calorie malnutrition',
    ['mild protein calorie malnutrition', 'mild protein energy malnutrition', 'mild malnutrition'], [], 'Index: Malnutrition, mild (protein) → E44.1'),
  t('malnutrition', 'E46', 'Protein-calorie malnutrition', ['malnutrition', 'protein calorie malnutrition', 'protein energy malnutrition', 'undernutrition'], [],
    'Index: Malnutrition (protein-calorie) → E46 (severity not stated)'),
  t('kwashiorkor', 'E40', 'Kwashiorkor', ['kwashiorkor'], [], 'Index: Kwashiorkor → E40'),
  t('marasmus', 'E41', 'Nutritional marasmus', ['marasmus', 'nutritional marasmus'], [], 'Index: Marasmus (nutritional) → E41'),
  t('marasmic-kwashiorkor', 'E42', 'Marasmic kwashiorkor', ['marasmic kwashiorkor'], [], 'Index: Kwashiorkor, marasmic → E42'),
  t('cachexia', 'R64', 'Cachexia', ['cachexia'], [], 'Index: Cachexia → R64'),
  t('obesity', 'E66.9', 'Obesity', ['obesity'], [], 'Index: Obesity → E66.9 (class not stated)'),
  t('morbid-obesity', 'E66.01', 'Morbid (severe) obesity',
    ['morbid obesity', 'morbidly obese', 'severe obesity', 'severely obese', 'morbid obesity due to excess calories'], [], 'Index: Obesity, morbid → E66.01; Obesity, severe → E66.01'),
  t('obesity-class-1', 'E66.811', 'Obesity, class 1',
    ['class 1 obesity', 'class i obesity', 'obesity class 1', 'obesity class i', 'obesity, class 1', 'obesity, class i'], [], 'Index: Obesity, class 1 → E66.811 (FY2025)'),
  t('obesity-class-2', 'E66.812', 'Obesity, class 2',
    ['class 2 obesity', 'obesity class 2', 'obesity, class 2'], [], 'Index: Obesity, class 2 → E66.812 (FY2025)'),
  t('obesity-class-3', 'E66.813', 'Obesity, class 3',
    ['class 3 obesity', 'obesity class 3', 'obesity, class 3'], [], 'Index: Obesity, class 3 → E66.813 (FY2025)'),
  t('obesity-hypoventilation', 'E66.2', 'Morbid obesity with alveolar hypoventilation', ['obesity hypoventilation syndrome', 'pickwickian syndrome'], [],
    'Index: Syndrome, obesity hypoventilation → E66.2; Pickwickian → E66.2'),
  t('overweight', 'E66.3', 'Overweight', ['overweight'], [], 'Index: Overweight → E66.3'),

  // Other diagnoses notes often name
  t('gerd', 'K21.9', 'Gastro-esophageal reflux disease', ['gastroesophageal reflux disease', 'gastro esophageal reflux disease'], ['GERD'],
    'Index: Disease, gastroesophageal reflux (GERD) → K21.9 (without esophagitis)'),
  t('gi-bleed', 'K92.2', 'Gastrointestinal hemorrhage', ['gastrointestinal bleed', 'gastrointestinal bleeding', 'gastrointestinal hemorrhage'], ['GI bleed', 'GI bleeding', 'GIB'],
    'Index: Hemorrhage, gastrointestinal (tract) → K92.2'),
  t('cirrhosis', 'K74.60', 'Cirrhosis of liver', ['cirrhosis', 'cirrhosis of liver', 'liver cirrhosis', 'hepatic cirrhosis'], [], 'Index: Cirrhosis, cirrhotic (hepatic) (liver) → K74.60'),
  t('alcoholic-cirrhosis', 'K70.30', 'Alcoholic cirrhosis of liver', ['alcoholic cirrhosis', 'alcoholic cirrhosis of liver'], [], 'Index: Cirrhosis, alcoholic → K70.30 (without ascites)'),
  t('hepatic-encephalopathy', 'K76.82', 'Hepatic encephalopathy', ['hepatic encephalopathy'], [], 'Index: Encephalopathy, hepatic → K76.82 (FY2023)'),
  t('encephalopathy', 'G93.40', 'Encephalopathy', ['encephalopathy'], [], 'Index: Encephalopathy (acute) → G93.40'),
  t('metabolic-encephalopathy', 'G93.41', 'Metabolic encephalopathy', ['metabolic encephalopathy', 'septic encephalopathy'], [],
    'Index: Encephalopathy, metabolic → G93.41; septic → G93.41'),
  t('toxic-encephalopathy', 'G92.9', 'Toxic encephalopathy', ['toxic encephalopathy'], [], 'Index: Encephalopathy, toxic → G92.9 (FY2022)'),
  t('toxic-metabolic-encephalopathy', 'G92.8', 'Toxic metabolic encephalopathy', ['toxic metabolic encephalopathy'], [], 'Index: Encephalopathy, toxic, metabolic → G92.8 (FY2022)'),
  t('dementia', 'F03.90', 'Dementia', ['dementia'], [], 'Index: Dementia → F03.90 (severity and behavioral disturbance not stated)'),
  t('alzheimer-disease', 'G30.9', "Alzheimer's disease", ['alzheimer disease', 'alzheimers disease', "alzheimer's dementia"], [], "Index: Disease, Alzheimer's → G30.9"),
  t('depression', 'F32.A', 'Depression', ['depression'], [], 'Index: Depression (acute) (mental) → F32.A (FY2022)'),
  t('major-depressive-disorder', 'F32.9', 'Major depressive disorder', ['major depressive disorder', 'major depression'], ['MDD'],
    'Index: Disorder, depressive, major → F32.9 (single episode, unspecified)'),
  t('anxiety', 'F41.9', 'Anxiety disorder', ['anxiety', 'anxiety disorder'], [], 'Index: Anxiety → F41.9'),
  t('alcohol-dependence', 'F10.20', 'Alcohol dependence', ['alcohol dependence', 'alcoholism', 'alcohol use disorder'], [],
    'Index: Dependence, alcohol → F10.20; Alcoholism → F10.20 (alcohol use disorder of unstated severity is read as dependence: a coder may query the severity)'),
  t('c-difficile-colitis', 'A04.72', 'Clostridioides difficile colitis',
    ['clostridium difficile colitis', 'clostridioides difficile colitis', 'c. diff colitis', 'c diff colitis', 'c. difficile colitis', 'c difficile colitis'], [],
    'Index: Colitis, Clostridium difficile → A04.72 (not specified as recurrent)'),
  t('acute-pancreatitis', 'K85.90', 'Acute pancreatitis', ['acute pancreatitis'], [], 'Index: Pancreatitis, acute → K85.90 (without necrosis or infection)'),
  t('malignancy', 'C80.1', 'Malignant neoplasm, unspecified', ['cancer', 'malignancy', 'malignant neoplasm'], [],
    'Index: Cancer — see Neoplasm, malignant; site not stated → C80.1'),
  t('colon-cancer', 'C18.9', 'Malignant neoplasm of colon', ['colon cancer', 'cancer of colon', 'colon carcinoma'], [], 'Neoplasm Table: intestine, large, colon, malignant primary → C18.9'),
  t('prostate-cancer', 'C61', 'Malignant neoplasm of prostate', ['prostate cancer', 'cancer of prostate', 'prostate carcinoma'], [], 'Neoplasm Table: prostate, malignant primary → C61'),
  t('lung-cancer', 'C34.90', 'Malignant neoplasm of lung', ['lung cancer', 'cancer of lung', 'lung carcinoma'], [], 'Neoplasm Table: lung, malignant primary → C34.90 (lobe and side not stated)'),
]);

// ---------------------------------------------------------------------------------------------------------
// Families: words combined by type, acuity, stage and site (src/notes/diagnosis-terms.ts combines them).

/** Words that choose one value of a family's axis. `''` as a word: the axis may be left unsaid. */
export interface WordChoice {
  readonly words: readonly string[];
  /** Abbreviations for the choice: their capitals match exactly. */
  readonly abbreviations?: readonly string[];
  /** The code characters (or the whole code) the choice gives. */
  readonly value: string;
  /** How the display names it: `acute on chronic`, `systolic`. */
  readonly display: string;
}

const choice = (value: string, display: string, words: string[], abbreviations: string[] = []): WordChoice =>
  Object.freeze({ value, display, words: Object.freeze(words), abbreviations: Object.freeze(abbreviations) });

/**
 * Heart failure by type and acuity, I50.2- to I50.4- (FY2026 tabular): the type gives the 4th character
 * (2 systolic, 3 diastolic, 4 combined), the acuity the 5th (0 unspecified, 1 acute, 2 chronic, 3 acute on
 * chronic). Index: Failure, heart, systolic / diastolic / combined, acute / chronic / acute on chronic. HFrEF
 * and mid-range or mildly reduced EF are systolic, HFpEF diastolic (Coding Clinic 1Q 2016 p.10, 3Q 2020 p.32).
 * "Acute exacerbation of chronic" is acute on chronic. Untyped heart failure is a plain entry (I50.9).
 */
export const HEART_FAILURE_FAMILY = Object.freeze({
  nouns: Object.freeze(['heart failure', 'congestive heart failure', 'cardiac failure']),
  nounAbbreviations: Object.freeze(['CHF']),
  types: Object.freeze([
    choice('2', 'systolic', ['systolic']),
    choice('3', 'diastolic', ['diastolic']),
    choice('4', 'combined systolic and diastolic', ['combined systolic and diastolic', 'systolic and diastolic', 'combined diastolic and systolic', 'diastolic and systolic']),
  ]),
  /** Heart failure named with its type in one phrase: HFrEF, HFpEF. */
  typedNouns: Object.freeze([
    choice('2', 'systolic', ['heart failure with reduced ejection fraction', 'heart failure with reduced ef', 'heart failure with mildly reduced ejection fraction',
      'heart failure with mid range ejection fraction', 'heart failure with moderately reduced ejection fraction'], ['HFrEF', 'HFREF', 'HFmrEF']),
    choice('3', 'diastolic', ['heart failure with preserved ejection fraction', 'heart failure with preserved ef', 'heart failure with normal ejection fraction'], ['HFpEF', 'HFPEF']),
  ]),
  acuities: Object.freeze([
    choice('0', '', ['']),
    choice('1', 'acute', ['acute']),
    choice('2', 'chronic', ['chronic']),
    choice('3', 'acute on chronic', ['acute on chronic', 'acute and chronic', 'acute exacerbation of chronic']),
  ]),
});

/**
 * Respiratory failure by acuity and gas, J96.- (FY2026 tabular): the acuity gives the 4th character (0
 * acute, 1 chronic, 2 acute and chronic, 9 unspecified), the gas the 5th (0 unspecified, 1 with hypoxia, 2
 * with hypercapnia). Index: Failure, respiratory, acute / chronic / acute and (on) chronic, with hypoxia /
 * hypercapnia. Hypoxic/hypoxemic and hypercapnic/hypercarbic are the same subterms written as adjectives.
 */
export const RESPIRATORY_FAILURE_FAMILY = Object.freeze({
  nouns: Object.freeze(['respiratory failure']),
  acuities: Object.freeze([
    choice('9', '', ['']),
    choice('0', 'acute', ['acute']),
    choice('1', 'chronic', ['chronic']),
    choice('2', 'acute on chronic', ['acute on chronic', 'acute and chronic']),
  ]),
  /** The gas, written before the noun (`hypoxic respiratory failure`). */
  gasBefore: Object.freeze([
    choice('0', '', ['']),
    choice('1', 'with hypoxia', ['hypoxic', 'hypoxemic']),
    choice('2', 'with hypercapnia', ['hypercapnic', 'hypercarbic']),
  ]),
  /** The gas, written after the noun (`respiratory failure with hypoxia`). */
  gasAfter: Object.freeze([
    choice('1', 'with hypoxia', ['with hypoxia', 'with hypoxemia']),
    choice('2', 'with hypercapnia', ['with hypercapnia', 'with hypercarbia']),
  ]),
});

/**
 * Chronic kidney disease by stage, N18.- (FY2026 tabular): stage 1 N18.1, 2 N18.2, 3 N18.30 (3a N18.31, 3b
 * N18.32, FY2021), 4 N18.4, 5 N18.5; stage 5 on dialysis (5D) is end stage, N18.6 (tabular N18.6 includes
 * "Chronic kidney disease requiring chronic dialysis"). Index: Disease, kidney, chronic, stage n. Unstaged CKD
 * is N18.9 (Index: Disease, kidney, chronic). Stages are written as digits, Roman numerals or words.
 */
export const CKD_FAMILY = Object.freeze({
  nouns: Object.freeze(['chronic kidney disease', 'chronic renal disease', 'chronic renal insufficiency', 'chronic renal failure', 'chronic kidney failure']),
  nounAbbreviations: Object.freeze(['CKD']),
  unstaged: choice('N18.9', 'Chronic kidney disease', ['']),
  stages: Object.freeze([
    choice('N18.1', 'stage 1', ['1', 'i', 'one']),
    choice('N18.2', 'stage 2', ['2', 'two']),
    choice('N18.30', 'stage 3', ['3', 'three']),
    choice('N18.31', 'stage 3a', ['3a']),
    choice('N18.32', 'stage 3b', ['3b']),
    choice('N18.4', 'stage 4', ['4', 'four']),
    choice('N18.5', 'stage 5', ['5', 'v', 'five']),
    choice('N18.6', 'stage 5 on dialysis', ['5d', '5 on dialysis', 'v on dialysis']),
  ]),
});

/**
 * Diabetes mellitus by type, E10 (type 1) and E11 (type 2): the type's `value` is the category. Index:
 * Diabetes, type 1 / type 2; juvenile-onset → type 1. What follows the type gives the rest of the code
 * (`complications`: Index: Diabetes, type n, with hyperglycemia / hypoglycemia / ketoacidosis; without
 * complication → .9), and "poorly controlled" before it is "with hyperglycemia" (Index: Diabetes, poorly
 * controlled — code to Diabetes, by type, with hyperglycemia).
 */
export const DIABETES_FAMILY = Object.freeze({
  types: Object.freeze([
    choice('E11', 'Type 2 diabetes mellitus', ['type 2', 'type two'], ['T2DM', 'T2D', 'DM2', 'DMII', 'DM 2', 'DM type 2', 'type 2 DM']),
    choice('E10', 'Type 1 diabetes mellitus', ['type 1', 'type i', 'type one'], ['T1DM', 'T1D', 'DM1', 'DM 1', 'DM type 1', 'DM type I', 'type 1 DM', 'type I DM']),
  ]),
  /** The nouns the type words go with, before or after them. */
  nouns: Object.freeze(['diabetes', 'diabetes mellitus']),
  complications: Object.freeze([
    choice('.9', 'without complications', ['', 'without complications', 'without complication']),
    choice('.65', 'with hyperglycemia', ['with hyperglycemia']),
    choice('.649', 'with hypoglycemia', ['with hypoglycemia']),
    choice('.10', 'with ketoacidosis', ['with ketoacidosis', 'with diabetic ketoacidosis']),
  ]),
  /** Control words before the type: with hyperglycemia. */
  poorlyControlled: Object.freeze(['poorly controlled', 'inadequately controlled', 'out of control']),
});

/**
 * Atrial fibrillation by kind, I48.- (FY2026 tabular): paroxysmal I48.0, persistent I48.19 (longstanding
 * persistent I48.11; FY2020 split I48.1), permanent I48.21, chronic I48.20, unspecified I48.91. Index:
 * Fibrillation, atrial or auricular (established), paroxysmal / persistent / permanent / chronic.
 */
export const ATRIAL_FIBRILLATION_FAMILY = Object.freeze({
  nouns: Object.freeze(['atrial fibrillation', 'afib', 'a fib', 'auricular fibrillation']),
  nounAbbreviations: Object.freeze(['AF']),
  kinds: Object.freeze([
    choice('I48.91', '', ['']),
    choice('I48.0', 'paroxysmal', ['paroxysmal']),
    choice('I48.19', 'persistent', ['persistent']),
    choice('I48.11', 'longstanding persistent', ['longstanding persistent', 'long standing persistent']),
    choice('I48.21', 'permanent', ['permanent']),
    choice('I48.20', 'chronic', ['chronic']),
  ]),
});

/**
 * Pressure ulcers (pressure injuries) by stage and site, L89.- (src/terminology/pressure-ulcer.ts gives the
 * codes and titles). Index: Ulcer, pressure (pressure area), by site, stage 1-4 / unstageable / unspecified
 * stage; Injury, pressure — see Ulcer, pressure; Ulcer, decubitus — see Ulcer, pressure; pressure-induced deep
 * tissue damage (FY2020). Without a site the codes are those of unspecified site, L89.9-. NPIAP 2016 names
 * stages "stage 1" to "stage 4", "unstageable" and "deep tissue pressure injury" (formerly "suspected deep
 * tissue injury": the word "suspected" is part of the stage's name, not an uncertainty).
 */
export const PRESSURE_ULCER_FAMILY = Object.freeze({
  names: Object.freeze(['pressure ulcer', 'pressure injury', 'pressure sore', 'decubitus ulcer']),
  stages: Object.freeze([
    choice('1', 'stage 1', ['stage 1', 'stage i']),
    choice('2', 'stage 2', ['stage 2']),
    choice('3', 'stage 3', ['stage 3']),
    choice('4', 'stage 4', ['stage 4']),
    choice('unstageable', 'unstageable', ['unstageable']),
  ]),
  /** Deep tissue damage: the stage and the name in one phrase (its stage value is `deep-tissue`). */
  deepTissue: Object.freeze(['deep tissue injury', 'deep tissue pressure injury', 'deep tissue pressure ulcer', 'pressure induced deep tissue damage',
    'pressure induced deep tissue injury', 'suspected deep tissue injury']),
  prepositions: Object.freeze(['of', 'on', 'to']),
  /** Site words by L89 site (code without the dot, as PRESSURE_ULCER_SITES keys them): after "of", and before the name. */
  sites: Object.freeze<Record<string, { readonly nouns: readonly string[]; readonly adjectives: readonly string[] }>>({
    L8900: { nouns: ['elbow'], adjectives: ['elbow'] },
    L8901: { nouns: ['right elbow'], adjectives: ['right elbow'] },
    L8902: { nouns: ['left elbow'], adjectives: ['left elbow'] },
    L8910: { nouns: ['back'], adjectives: ['back'] },
    L8911: { nouns: ['right upper back'], adjectives: ['right upper back'] },
    L8912: { nouns: ['left upper back'], adjectives: ['left upper back'] },
    L8913: { nouns: ['right lower back'], adjectives: ['right lower back'] },
    L8914: { nouns: ['left lower back'], adjectives: ['left lower back'] },
    L8915: { nouns: ['sacrum', 'sacral region', 'coccyx', 'tailbone', 'sacrococcygeal region'], adjectives: ['sacral', 'coccygeal', 'sacrococcygeal'] },
    L8920: { nouns: ['hip'], adjectives: ['hip'] },
    L8921: { nouns: ['right hip'], adjectives: ['right hip'] },
    L8922: { nouns: ['left hip'], adjectives: ['left hip'] },
    L8930: { nouns: ['buttock', 'buttocks'], adjectives: ['buttock'] },
    L8931: { nouns: ['right buttock'], adjectives: ['right buttock'] },
    L8932: { nouns: ['left buttock'], adjectives: ['left buttock'] },
    L8950: { nouns: ['ankle'], adjectives: ['ankle'] },
    L8951: { nouns: ['right ankle'], adjectives: ['right ankle'] },
    L8952: { nouns: ['left ankle'], adjectives: ['left ankle'] },
    L8960: { nouns: ['heel'], adjectives: ['heel'] },
    L8961: { nouns: ['right heel'], adjectives: ['right heel'] },
    L8962: { nouns: ['left heel'], adjectives: ['left heel'] },
    L8981: { nouns: ['head', 'occiput'], adjectives: ['occipital'] },
  }),
});

/** Plurals of a term's last word, where a note naturally writes one ("pressure ulcers", "pleural effusions"). */
export const PLURALS: Readonly<Record<string, string>> = Object.freeze({
  ulcer: 'ulcers', injury: 'injuries', sore: 'sores', infection: 'infections', infarction: 'infarctions', effusion: 'effusions',
  stroke: 'strokes', embolism: 'embolisms', hemorrhage: 'hemorrhages',
});

// ---------------------------------------------------------------------------------------------------------
// What the dictionary leaves out, and phrases that contain a diagnosis's words without naming it.

/** A phrase that holds a diagnosis's words but names no diagnosis: matched first, so the words inside are no mention. */
export interface NotADiagnosis {
  readonly id: string;
  readonly terms: readonly string[];
  readonly abbreviations: readonly string[];
  readonly why: string;
  /** A sentence in which the phrase must yield no mention. */
  readonly example: string;
}

const notA = (id: string, terms: string[], abbreviations: string[], why: string, example: string): NotADiagnosis =>
  Object.freeze({ id, terms: Object.freeze(terms), abbreviations: Object.freeze(abbreviations), why, example });

export const NOT_DIAGNOSES: readonly NotADiagnosis[] = Object.freeze([
  notA('stroke-volume', ['stroke volume', 'stroke volumes', 'heat stroke', 'sun stroke', 'stroke scale'], [],
    '"stroke" here is a cardiac output measure, a heat illness (T67.0-) or a scale, not a cerebral infarction', 'Stroke volume 60 mL; NIH stroke scale 0.'),
  notA('sepsis-process', ['sepsis protocol', 'sepsis bundle', 'sepsis screen', 'sepsis screening', 'sepsis alert', 'sepsis order set', 'sepsis pathway'], [],
    'a process named after sepsis documents no sepsis', 'Sepsis bundle initiated in the ED.'),
  notA('diabetes-service', ['diabetes education', 'diabetes educator', 'diabetes teaching', 'diabetes screening', 'diabetes prevention program'], [],
    'a service named after diabetes documents no diabetes', 'Diabetes education provided to family.'),
  notA('anemia-workup', ['anemia panel', 'anemia workup', 'anemia work up', 'anemia labs'], [],
    'an order named after anemia documents no anemia', 'Anemia panel sent.'),
  notA('heart-failure-service', ['heart failure clinic', 'heart failure education', 'heart failure service', 'heart failure team', 'heart failure pathway'],
    ['CHF clinic', 'CHF education'], 'a service named after heart failure documents no heart failure', 'Follow up in heart failure clinic.'),
  notA('pressure-ulcer-prevention', ['pressure ulcer prevention', 'pressure injury prevention', 'pressure ulcer risk', 'pressure injury risk'], [],
    'prevention and risk name no ulcer', 'Pressure injury prevention bundle in place.'),
  notA('macular-edema', ['macular edema', 'diabetic macular edema'], [], 'retinal edema (H35.81, E11.3x1) is not edema R60.-', 'No macular edema on exam.'),
  notA('st-depression', ['st depression', 'st depressions', 'st segment depression', 'st segment depressions', 'respiratory depression', 'cns depression'], [],
    'an ECG finding or a depressed drive, not the mood disorder F32.A', 'ECG with 1 mm ST depression in V4.'),
  notA('covid-vaccine-or-test', ['sars-cov-2 (covid-19) vaccine', 'covid-19 vaccine', 'covid 19 vaccine', 'covid vaccine', 'covid-19 vaccination', 'covid vaccination',
    'covid test', 'covid-19 test', 'covid swab', 'covid pcr', 'covid-19 pcr', 'covid screening'], [],
    'a vaccine or a test named after COVID-19 documents no COVID-19 (Synthea writes the vaccine in its plan)',
    'Patient was given the following immunizations: sars-cov-2 (covid-19) vaccine, mrna, spike protein, lnp, preservative free, 30 mcg/0.3ml dose.'),
  notA('hit-test', ['heparin induced thrombocytopenia panel'], ['HIT antibody', 'HIT antibodies', 'HIT ab', 'HIT panel', 'HIT assay', 'HIT screen'],
    'a test for HIT documents no HIT', 'HIT antibody pending.'),
  notA('stroke-alert', ['stroke alert', 'code stroke', 'stroke protocol', 'stroke workup', 'stroke work up'], [],
    'an alert or a workup named after stroke documents no stroke', 'Code stroke called on arrival.'),
]);

/** Abbreviations and words the dictionary leaves out on purpose, and why. */
export interface LeftOut {
  readonly words: string;
  readonly why: string;
}

export const LEFT_OUT: readonly LeftOut[] = Object.freeze([
  { words: 'PE', why: 'physical exam (a section header) as often as pulmonary embolism; "pulmonary embolism" is matched written out' },
  { words: 'MS', why: 'multiple sclerosis, mitral stenosis, morphine sulfate or mental status' },
  { words: 'ARF', why: 'acute renal failure or acute respiratory failure' },
  { words: 'CRF', why: 'chronic renal failure or chronic respiratory failure' },
  { words: 'HF', why: 'heart failure or high-flow (oxygen); "CHF", "HFrEF" and "HFpEF" are matched' },
  { words: 'RA', why: 'rheumatoid arthritis, room air or right atrium' },
  { words: 'CP', why: 'chest pain or cerebral palsy' },
  { words: 'SBP', why: 'spontaneous bacterial peritonitis or systolic blood pressure' },
  { words: 'CAP', why: 'community-acquired pneumonia or a capsule; "pneumonia" is matched' },
  { words: 'PD', why: 'Parkinson disease or peritoneal dialysis' },
  { words: 'HD', why: 'hemodialysis, hospital day or Huntington disease; "on HD" is matched as dialysis dependence' },
  { words: 'DTI', why: 'deep tissue injury or diffusion tensor imaging; "deep tissue injury" is matched' },
  { words: 'CDI', why: 'C. difficile infection or clinical documentation integrity' },
  { words: 'AS', why: 'aortic stenosis or the word "as" in a capitalized heading' },
  { words: 'TTP', why: 'thrombotic thrombocytopenic purpura or "tender to palpation" (an exam finding); the written-out name is matched' },
  { words: 'IDDM', why: 'insulin-dependent names no type in ICD-10-CM (Index: Diabetes, insulin dependent — code to type; Guidelines I.C.4.a.3), though clinicians mean type 1: a human decides' },
  { words: 'SIRS', why: 'SIRS is not sepsis (Sepsis-3) and R65.1- needs a non-infectious origin the abbreviation does not state' },
  { words: 'urosepsis', why: 'no ICD-10-CM code: the provider must be queried for sepsis or UTI (Guidelines I.C.1.d.1.a.ii)' },
  { words: 'septic', why: 'an adjective of many things (septic joint, septic emboli, septic appearing); "sepsis" and "septic shock" are matched' },
  { words: 'shock', why: 'electric shock, shock liver, a delivered defibrillator shock; the kinds of shock (septic, cardiogenic, hypovolemic) are matched' },
  { words: 'diabetic', why: 'an adjective (diabetic diet, diabetic foot exam); the diabetic complications are matched by name' },
  { words: 'obese', why: 'an adjective of body habitus in an exam; "obesity" and "morbidly obese" are matched' },
]);
