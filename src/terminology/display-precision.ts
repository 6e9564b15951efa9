/**
 * How many decimals a clinician reads a result with, by LOINC code: sodium 131, potassium 3.4, creatinine
 * 1.42, BMI 42.9, pH 7.31 (the precision laboratories report them to). Other results: up to 2 decimals
 * below 100, whole numbers from 100 (record/describe.ts formatNumber).
 */
export const RESULT_DECIMALS: ReadonlyMap<string, number> = new Map([
  ['2951-2', 0], ['2947-0', 0], // sodium
  ['2823-3', 1], ['6298-4', 1], // potassium
  ['2075-0', 0], // chloride
  ['2028-9', 0], ['1963-8', 0], // carbon dioxide, bicarbonate
  ['2160-0', 2], ['38483-4', 2], // creatinine
  ['3094-0', 0], ['6299-2', 0], // urea nitrogen
  ['33914-3', 0], ['62238-1', 0], ['48642-3', 0], ['48643-1', 0], // eGFR
  ['2345-7', 0], ['2339-0', 0], // glucose
  ['4548-4', 1], // hemoglobin A1c
  ['718-7', 1], ['20509-6', 1], // hemoglobin
  ['4544-3', 1], // hematocrit
  ['777-3', 0], ['26515-7', 0], // platelets
  ['6690-2', 1], ['26464-8', 1], // leukocytes
  ['1751-7', 1], // albumin
  ['1975-2', 1], // bilirubin
  ['2524-7', 1], ['32693-4', 1], // lactate
  ['2744-1', 2], ['2746-6', 2], ['11558-4', 2], // pH
  ['2019-8', 0], ['2703-7', 0], // pCO2, pO2
  ['39156-5', 1], // BMI
  ['29463-7', 1], ['8302-2', 1], // body weight, height
  ['8310-5', 1], // body temperature
  ['8867-4', 0], ['9279-1', 0], ['8480-6', 0], ['8462-4', 0], // heart rate, respiratory rate, blood pressure
  ['2708-6', 0], ['59408-5', 0], // oxygen saturation
  ['6301-6', 1], ['34714-6', 1], // INR
  ['33959-8', 2], // procalcitonin
  ['1988-5', 1], // C reactive protein
  ['10839-9', 2], ['6598-7', 2], ['89579-7', 0], // troponin I, troponin T, high-sensitivity troponin
  ['33762-6', 0], ['30934-4', 0], // NT-proBNP, BNP
]);
