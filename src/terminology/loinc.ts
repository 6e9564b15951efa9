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
