/**
 * LOINC codes Clarify reads, each with its LOINC long common name. Source: https://loinc.org (codes as
 * used by US labs and by Synthea's R4 export).
 */
export const LOINC = {
  SODIUM_SERUM: '2951-2', // Sodium [Moles/volume] in Serum or Plasma
  SODIUM_BLOOD: '2947-0', // Sodium [Moles/volume] in Blood
  POTASSIUM_SERUM: '2823-3', // Potassium [Moles/volume] in Serum or Plasma
  POTASSIUM_BLOOD: '6298-4', // Potassium [Moles/volume] in Blood
  CHLORIDE_BLOOD: '2069-3', // Chloride [Moles/volume] in Blood
  CO2_BLOOD: '20565-8', // Carbon dioxide, total [Moles/volume] in Blood
  GLUCOSE_SERUM: '2345-7', // Glucose [Mass/volume] in Serum or Plasma
  GLUCOSE_BLOOD: '2339-0', // Glucose [Mass/volume] in Blood
  UREA_NITROGEN: '6299-2', // Urea nitrogen [Mass/volume] in Blood
  CREATININE_SERUM: '2160-0', // Creatinine [Mass/volume] in Serum or Plasma
  CREATININE_BLOOD: '38483-4', // Creatinine [Mass/volume] in Blood
  CALCIUM_BLOOD: '49765-1', // Calcium [Mass/volume] in Blood
  EGFR_MDRD: '33914-3', // Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)
  EGFR_NON_BLACK: '62238-1', // Glomerular filtration rate/1.73 sq M.predicted among non-blacks [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)
  EGFR_CKD_EPI_2021: '98979-8', // Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)
  HEMOGLOBIN: '718-7', // Hemoglobin [Mass/volume] in Blood
  HEMATOCRIT: '4544-3', // Hematocrit [Volume Fraction] of Blood by Automated count
  PLATELETS: '777-3', // Platelets [#/volume] in Blood by Automated count
  LEUKOCYTES: '6690-2', // Leukocytes [#/volume] in Blood by Automated count
  BANDS: '26508-2', // Neutrophils.band form/100 leukocytes in Blood
  BANDS_MANUAL: '764-1', // Neutrophils.band form/100 leukocytes in Blood by Manual count
  ALBUMIN: '1751-7', // Albumin [Mass/volume] in Serum or Plasma
  BILIRUBIN_TOTAL: '1975-2', // Bilirubin.total [Mass/volume] in Serum or Plasma
  LACTATE_PLASMA: '2524-7', // Lactate [Moles/volume] in Serum or Plasma
  LACTATE_BLOOD: '32693-4', // Lactate [Moles/volume] in Blood
  HBA1C: '4548-4', // Hemoglobin A1c/Hemoglobin.total in Blood
  BNP: '30934-4', // Natriuretic peptide B [Mass/volume] in Serum or Plasma
  NT_PROBNP: '33762-6', // Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma
  LVEF: '10230-1', // Left ventricular Ejection fraction
  BODY_TEMPERATURE: '8310-5', // Body temperature
  ORAL_TEMPERATURE: '8331-1', // Oral temperature
  HEART_RATE: '8867-4', // Heart rate
  RESPIRATORY_RATE: '9279-1', // Respiratory rate
  OXYGEN_SATURATION_PULSE_OX: '59408-5', // Oxygen saturation in Arterial blood by Pulse oximetry
  OXYGEN_SATURATION: '2708-6', // Oxygen saturation in Arterial blood
  PAO2: '2703-7', // Oxygen [Partial pressure] in Arterial blood
  PACO2: '2019-8', // Carbon dioxide [Partial pressure] in Arterial blood
  PH_ARTERIAL: '2744-1', // pH of Arterial blood
  FIO2: '3150-0', // Inhaled oxygen concentration
  OXYGEN_FLOW: '3151-8', // Inhaled oxygen flow rate
  MEAN_ARTERIAL_PRESSURE: '8478-0', // Mean blood pressure
  GCS_TOTAL: '9269-2', // Glasgow coma score total
  BLOOD_PRESSURE_PANEL: '85354-9', // Blood pressure panel with all children optional
  BLOOD_PRESSURE_SYNTHEA: '55284-4', // Blood pressure systolic and diastolic
  SYSTOLIC_BP: '8480-6', // Systolic blood pressure
  DIASTOLIC_BP: '8462-4', // Diastolic blood pressure
  BODY_WEIGHT: '29463-7', // Body weight
  BODY_HEIGHT: '8302-2', // Body height
  BMI: '39156-5', // Body mass index (BMI) [Ratio]
} as const;

/** LOINC codes for blood cultures (display: LOINC long common name, or as Synthea/HL7 examples write it). */
export const BLOOD_CULTURE_LOINC = {
  BLOOD_CULTURE: '600-7', // Bacteria identified in Blood by Culture ("Blood Culture, Routine" in Synthea's sepsis module)
  GRAM_POSITIVE_PANEL: '88262-1', // Gram positive blood culture panel by Probe in Positive blood culture (Synthea sepsis module)
  GROWTH_DETECTION_PANEL: '90423-5', // Microorganism preliminary growth detection panel - Blood by Culture (HL7 CH lab-order IG)
} as const;

/** Nursing pressure injury stage assessments. */
export const PRESSURE_INJURY_STAGE_LOINC = {
  MDS: '45780-4', // Pressure injury stage [Minimum Data Set] (answer list LL36-5: stage 1–4)
  NPUAP: '91150-3', // Pressure injury stage NPUAP
} as const;

/**
 * Alternative LOINC codes for an analyte Clarify reads → the code Clarify reads (a key of LOINC above).
 * Mostly the molar ([Moles/volume]) twin of a mass code, which European and some US labs report; a few
 * are method-specific variants or, where the code Clarify reads is Synthea's choice of specimen, the
 * analyte's usual serum/plasma code. The value keeps its own unit: units.ts converts it into the unit of
 * the code Clarify reads (µmol/L → mg/dL, pmol/L → pg/mL, ...), or refuses it.
 * Names are LOINC long common names. Each code was checked against public sources: at least two place
 * it under its analyte, and at least one gives the long common name written here (HL7 FHIR implementation
 * guides and their value sets, the Medical Informatics Initiative Germany "Top 300" laboratory codes,
 * eHealth Suisse laboratory value sets, VSAC/eCQM value sets, OHDSI concept lists).
 * Data only: rules never read this table, the record index does (through equivalentLoinc).
 */
export const LOINC_EQUIVALENTS: ReadonlyArray<readonly [alternative: string, readAs: string]> = Object.freeze(
  (
    [
      // Creatinine
      ['14682-9', LOINC.CREATININE_SERUM], // Creatinine [Moles/volume] in Serum or Plasma
      ['77140-2', LOINC.CREATININE_SERUM], // Creatinine [Moles/volume] in Serum, Plasma or Blood (system "Serum, Plasma or Blood": read as the serum code)
      ['59826-8', LOINC.CREATININE_BLOOD], // Creatinine [Moles/volume] in Blood
      // Glucose
      ['14749-6', LOINC.GLUCOSE_SERUM], // Glucose [Moles/volume] in Serum or Plasma
      ['15074-8', LOINC.GLUCOSE_BLOOD], // Glucose [Moles/volume] in Blood
      // Hemoglobin
      ['59260-0', LOINC.HEMOGLOBIN], // Hemoglobin [Moles/volume] in Blood
      // Bilirubin
      ['14631-6', LOINC.BILIRUBIN_TOTAL], // Bilirubin.total [Moles/volume] in Serum or Plasma
      // Lactate: the codes Clarify reads are molar; these are their mass twins.
      ['14118-4', LOINC.LACTATE_PLASMA], // Lactate [Mass/volume] in Serum or Plasma
      ['59032-3', LOINC.LACTATE_BLOOD], // Lactate [Mass/volume] in Blood
      // Albumin
      ['54347-0', LOINC.ALBUMIN], // Albumin [Moles/volume] in Serum or Plasma
      // Hemoglobin A1c: IFCC reports mmol/mol; units.ts converts it to the NGSP % of 4548-4.
      ['59261-8', LOINC.HBA1C], // Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol
      // Natriuretic peptides
      ['47092-2', LOINC.BNP], // Natriuretic peptide B [Moles/volume] in Serum or Plasma
      ['33763-4', LOINC.NT_PROBNP], // Natriuretic peptide.B prohormone N-Terminal [Moles/volume] in Serum or Plasma
      ['83108-1', LOINC.NT_PROBNP], // Natriuretic peptide.B prohormone N-Terminal [Moles/volume] in Serum or Plasma by Immunoassay
      ['83107-3', LOINC.NT_PROBNP], // Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma by Immunoassay
      // Calcium: Clarify reads the Blood code Synthea writes (49765-1).
      ['1996-8', LOINC.CALCIUM_BLOOD], // Calcium [Moles/volume] in Blood
      ['2000-8', LOINC.CALCIUM_BLOOD], // Calcium [Moles/volume] in Serum or Plasma (specimen differs: nearest code read is in Blood)
      ['17861-6', LOINC.CALCIUM_BLOOD], // Calcium [Mass/volume] in Serum or Plasma (specimen differs: nearest code read is in Blood)
      // Urea nitrogen: Clarify reads the Blood code Synthea writes (6299-2). "Urea" codes (22664-7, 3091-6)
      // are a different analyte whose mass unit would be misread as urea nitrogen, so they are not here.
      ['59570-2', LOINC.UREA_NITROGEN], // Urea nitrogen [Moles/volume] in Blood
      ['14937-7', LOINC.UREA_NITROGEN], // Urea nitrogen [Moles/volume] in Serum or Plasma (specimen differs: nearest code read is in Blood)
      ['3094-0', LOINC.UREA_NITROGEN], // Urea nitrogen [Mass/volume] in Serum or Plasma (specimen differs: nearest code read is in Blood)
    ] as const
  ).map((entry) => Object.freeze(entry)),
);

const EQUIVALENT_LOINC: ReadonlyMap<string, string> = new Map(LOINC_EQUIVALENTS);

/**
 * The LOINC code Clarify reads for `code`: its entry in LOINC_EQUIVALENTS, else the code itself.
 * A Map lookup, so prototype keys ('__proto__', 'constructor', ...) are ordinary unknown codes.
 */
export function equivalentLoinc(code: string): string {
  return EQUIVALENT_LOINC.get(code) ?? code;
}
