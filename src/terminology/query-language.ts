/**
 * The wording a compliant clarification query must not use, and the words `checkQuery` (src/query/check-query.ts)
 * reads a query's sentences with: data, not logic. Every entry says why it is here and carries sentences it
 * must flag and near misses it must not (test/terminology/query-language.test.ts runs each one).
 *
 * Source: AHIMA/ACDIS, *Guidelines for Achieving a Compliant Query Practice* (2022 update; 2019 and 2013
 * editions before it), as summarised in ../shared/DOMAIN.md §1:
 * - a query never mentions the financial or quality impact of an answer (reimbursement, DRG, CC/MCC,
 *   HCC/RAF, quality measures, PSIs);
 * - it does not lead: no "please document ...", no "are you treating ...", no conclusion stated as fact,
 *   no yes/no question on a diagnosis only indicators support (AHIMA, "Physician query examples",
 *   journal.ahima.org; ACDIS Q&A "Responding to additional 'leading' concerns");
 * - it never questions the provider's clinical judgment and never pressures for a documentation change.
 *
 * Every pattern is case-insensitive and written without the `g` flag (the tables are frozen; the checker
 * makes global copies). No pattern nests unbounded quantifiers, so typing into the composer stays linear.
 */

/** One entry of a word list: what it matches, why, and the sentences that prove it. */
export interface LanguageEntry {
  /** Stable id within its table (kebab-case). */
  readonly id: string;
  /** What it is, as a problem message names it: `DRG`, `"please document"`. */
  readonly label: string;
  readonly pattern: RegExp;
  /** Why it is listed, with the source. */
  readonly why: string;
  /** Text it must flag. */
  readonly examples: readonly string[];
  /** Near misses it must not flag. */
  readonly nearMisses: readonly string[];
}

/** A diagnosis a query may name: checkQuery looks for it in the question. */
export interface DiagnosisTerm extends LanguageEntry {
  /** ICD-10-CM FY2026 codes or categories the term names (prefixes, dotted). */
  readonly icd10: readonly string[];
}

/** A way of asserting a diagnosis: the pattern, then the diagnosis within `maxGap` characters after it. */
export interface AssertionEntry extends LanguageEntry {
  /** Characters allowed between the end of the assertion and the diagnosis (same clause). */
  readonly maxGap: number;
}

const freeze = <T extends LanguageEntry>(entries: T[]): readonly T[] => Object.freeze(entries.map((e) => Object.freeze({
  ...e, examples: Object.freeze([...e.examples]), nearMisses: Object.freeze([...e.nearMisses]),
  ...('icd10' in e ? { icd10: Object.freeze([...(e as unknown as DiagnosisTerm).icd10]) } : {}),
}) as T));

const PAYMENT_WHY = 'AHIMA/ACDIS 2022: a query must not mention the impact of the answer on reimbursement or payment';
const QUALITY_WHY = 'AHIMA/ACDIS 2022: a query must not mention the impact of the answer on quality reporting';

/**
 * Payment and reimbursement words. `CC` is the one with a clinical twin: "10 cc" or "cc/hr" (a volume, after a
 * number or in a unit) and "CC:" (chief complaint) are not flagged.
 */
export const PAYMENT_TERMS: readonly LanguageEntry[] = freeze([
  {
    id: 'drg', label: 'DRG', pattern: /\b(?:(?:MS|APR|AP|IR)[\s-]?)?DRGs?\b/i,
    why: `${PAYMENT_WHY} (MS-DRG and APR-DRG group the stay for payment)`,
    examples: ['Documenting this would change the DRG.', 'The current MS-DRG is 871.', 'APR-DRG 720 applies.', 'It moves the stay to a higher-weighted DRG'],
    nearMisses: ['Urine drug screen of 03-01 was negative.', 'The patient received the drug on 03-02.'],
  },
  {
    id: 'cc-mcc', label: 'CC/MCC',
    pattern: /(?<!\d\s*|\/\s*)\bM?CCs?\b(?:\s*(?:\/|or|and)\s*M?CCs?\b)?(?!\s*(?::|\/\s*(?:h|hr|hrs|hour|min|kg|day|d)\b|per\b))/i,
    why: `${PAYMENT_WHY} (complication/comorbidity and major CC raise the MS-DRG)`,
    examples: ['This diagnosis would be a CC.', 'It qualifies as an MCC.', 'No CC/MCC is documented.', 'Capturing CCs matters.', 'a CC or MCC'],
    nearMisses: ['Urine output 300 cc over 8 hours.', 'Received 10 cc of contrast.', 'Wound drained 5cc.', 'Normal saline at 125 cc/hr.', 'Volumes are in mL/cc.', 'CC: shortness of breath', 'Please respond accurately.'],
  },
  {
    id: 'hcc', label: 'HCC',
    pattern: /\bHCCs?\b|\bhierarchical\s+condition\s+categor(?:y|ies)\b/i,
    why: `${PAYMENT_WHY} (CMS-HCC risk adjustment). Write out hepatocellular carcinoma: the abbreviation reads as the payment model`,
    examples: ['This maps to an HCC.', 'Hierarchical condition category 85 applies.'],
    nearMisses: ['Hydrochlorothiazide (HCTZ) 25 mg daily since 03-01.', 'Hepatocellular carcinoma is documented in the oncology note of 02-11.'],
  },
  {
    id: 'raf', label: 'RAF', pattern: /\bRAF\b|\brisk\s+adjustment\s+factor\b/i,
    why: `${PAYMENT_WHY} (the risk adjustment factor sets capitated payment)`,
    examples: ['The RAF would increase.', 'It affects the risk adjustment factor.'],
    nearMisses: ['BRAF V600E mutation on the pathology report of 02-02.'],
  },
  {
    id: 'risk-adjustment', label: 'risk adjustment', pattern: /\brisk[\s-]+adjust(?:ment|ed|ing)?\b/i,
    why: `${PAYMENT_WHY} (risk-adjusted payment)`,
    examples: ['This matters for risk adjustment.', 'Risk-adjusted payments depend on it.'],
    nearMisses: ['Fall risk assessment on 03-01: high.'],
  },
  {
    id: 'risk-score', label: 'risk score',
    // A clinical score named before it (CHA2DS2-VASc, Braden, Morse fall ...) is an indicator, not payment.
    pattern: /(?<!\b(?:CHA2DS2-VASc|CHADS2|HAS-BLED|Wells|TIMI|HEART|GRACE|Caprini|Padua|Braden|Morse|fall|bleeding|ASCVD|Framingham|CURB-65|PESI|suicide|nutrition|nutritional|malnutrition|aspiration)\s+)\brisk[\s-]+scores?\b/i,
    why: `${PAYMENT_WHY} (the patient's risk score is the risk-adjustment total)`,
    examples: ["This improves the patient's risk score.", 'Risk score impact: high.'],
    nearMisses: ['CHA2DS2-VASc risk score 4 on 03-01.', 'Braden risk score 12 on 03-02.', 'Morse fall risk score 55.'],
  },
  {
    id: 'reimbursement', label: 'reimbursement', pattern: /\breimburs(?:e|ed|es|ing|ement|ements|able)\b/i,
    why: PAYMENT_WHY,
    examples: ['Reimbursement depends on this.', 'The stay would be reimbursed at a higher rate.'],
    nearMisses: ['Patient was admitted for IV antibiotics.'],
  },
  {
    id: 'payment', label: 'payment or payer', pattern: /\b(?:payments?|payers?|payors?|insurers?|insurance)\b/i,
    why: PAYMENT_WHY,
    examples: ['Payment is affected.', 'The payer requires it.', 'The insurance will deny it.'],
    nearMisses: ['Patient paid attention to the teaching on 03-02.'],
  },
  {
    id: 'billing', label: 'billing', pattern: /\b(?:billing|billed|billable|rebill(?:ed|ing)?)\b/i,
    why: PAYMENT_WHY,
    examples: ['Needed for billing.', 'The claim was billed.', 'It is not billable.'],
    nearMisses: ["Dr. Bill Chen's consult note of 03-01."],
  },
  {
    id: 'denial', label: 'denial', pattern: /\bdenials?\b|\b(?:claims?|payments?)\s+(?:(?:was|were|is|are|be|been|being)\s+)?denied\b/i,
    why: `${PAYMENT_WHY} (claim denials)`,
    examples: ['To avoid a denial.', 'Prevent claim denials.', 'The claim was denied.'],
    nearMisses: ['Patient denied chest pain on 03-01.', 'Patient denies shortness of breath.'],
  },
  {
    id: 'case-mix', label: 'case mix index', pattern: /\bcase[\s-]+mix(?:\s+index)?\b|\bCMI\b/i,
    why: PAYMENT_WHY,
    examples: ['It would raise the case mix index.', 'Our CMI is low.'],
    nearMisses: ['Case management note of 03-02: discharge planning.'],
  },
  {
    id: 'relative-weight', label: 'relative weight', pattern: /\brelative\s+weights?\b(?!\s+(?:loss|gain))/i,
    why: `${PAYMENT_WHY} (the DRG relative weight)`,
    examples: ['The relative weight goes up.'],
    nearMisses: ['A relative weight loss of 8% in one month.'],
  },
  {
    id: 'revenue', label: 'revenue or financial impact', pattern: /\brevenue\b|\bfinancial(?:ly)?\s+(?:impact|benefit|gain|reasons?)\b/i,
    why: PAYMENT_WHY,
    examples: ['Revenue depends on it.', 'There is a financial impact.'],
    nearMisses: ['Social work met the patient on 03-02 about discharge.'],
  },
  {
    id: 'length-of-stay', label: 'length of stay', pattern: /\b(?:GM|A)?LOS\b|\blength\s+of\s+stay\b/i,
    why: `${PAYMENT_WHY} (geometric mean length of stay is a DRG payment parameter)`,
    examples: ['This extends the expected LOS.', 'The GMLOS is 4.2 days.', 'Length of stay impact.'],
    nearMisses: ['Loss of appetite since 02-20.', 'Blood loss 900 mL in surgery on 03-01.'],
  },
]);

/** Quality-reporting words. PSI as the Pneumonia Severity Index ("PSI class IV", "PSI/PORT score") is clinical. */
export const QUALITY_TERMS: readonly LanguageEntry[] = freeze([
  {
    id: 'psi', label: 'PSI', pattern: /\bPSIs?\b(?![\s-]*(?:class|score|\/\s*PORT))|\bpatient\s+safety\s+indicators?\b/i,
    why: `${QUALITY_WHY} (AHRQ Patient Safety Indicators)`,
    examples: ['This would trigger a PSI.', 'PSI-90 is affected.', 'A patient safety indicator applies.'],
    nearMisses: ['PSI class IV (Pneumonia Severity Index) on 03-01.', 'PSI/PORT score 112.'],
  },
  {
    id: 'quality-score', label: 'quality measure', pattern: /\bquality\s+(?:scores?|measures?|metrics?|ratings?|reporting|indicators?)\b/i,
    why: QUALITY_WHY,
    examples: ['It affects our quality score.', 'Quality measures depend on this.'],
    nearMisses: ['Quality of life discussed on 03-02.'],
  },
  {
    id: 'star-rating', label: 'star rating', pattern: /\bstar\s+ratings?\b/i,
    why: `${QUALITY_WHY} (CMS Care Compare star ratings)`,
    examples: ['Our star rating depends on it.'],
    nearMisses: ['Star-shaped laceration of the scalp on 03-01.'],
  },
  {
    id: 'core-measure', label: 'core measure', pattern: /\bcore\s+measures?\b|\bSEP-1\b/i,
    why: `${QUALITY_WHY} (CMS core measures, SEP-1 the sepsis bundle)`,
    examples: ['This is a core measure.', 'SEP-1 compliance.'],
    nearMisses: ['Lactate 4.1 mmol/L on Sep 1, 2021.'],
  },
  {
    id: 'hac', label: 'hospital-acquired condition', pattern: /\bHACs?\b|\bhospital[\s-]+acquired\s+conditions?\b/i,
    why: `${QUALITY_WHY} (the CMS HAC Reduction Program)`,
    examples: ['This would count as a HAC.', 'It is a hospital-acquired condition.'],
    nearMisses: ['Hospital-acquired pneumonia is documented in the progress note of 03-04.'],
  },
  {
    id: 'soi-rom', label: 'SOI/ROM',
    pattern: /\bSOI\b(?:\s*\/\s*ROM\b)?|\bROM\s*\/\s*SOI\b|\bseverity\s+of\s+illness\b|\brisk\s+of\s+mortality\b/i,
    why: `${QUALITY_WHY} (APR-DRG severity of illness and risk of mortality subclasses)`,
    examples: ['It raises the SOI/ROM.', 'Severity of illness would go up.', 'The risk of mortality score.'],
    nearMisses: ['Full ROM of the left knee on 03-02.'],
  },
  {
    id: 'mortality-index', label: 'observed-to-expected mortality',
    pattern: /\bobserved[\s-]+to[\s-]+expected\b|\bO\s*\/\s*E\s+ratio\b|\bexpected\s+mortality\b|\bmortality\s+index\b|\bElixhauser\b|\bVizient\b/i,
    why: `${QUALITY_WHY} (risk-adjusted mortality benchmarks)`,
    examples: ['It improves the observed-to-expected ratio.', 'Our mortality index.', 'Elixhauser comorbidities.'],
    nearMisses: ['Observed overnight on telemetry on 03-01.'],
  },
  {
    id: 'value-based', label: 'value-based program',
    pattern: /\bvalue[\s-]+based\s+(?:purchasing|care|programs?)\b|\bVBP\b|\bHRRP\b|\breadmission\s+(?:penalt(?:y|ies)|rates?)\b|\bMIPS\b|\bHEDIS\b/i,
    why: `${QUALITY_WHY} (CMS value-based programs and penalties)`,
    examples: ['Value-based purchasing applies.', 'It affects our readmission penalty.', 'MIPS reporting.'],
    nearMisses: ['Readmitted on 03-05 with dyspnea.'],
  },
  {
    id: 'public-reporting', label: 'public reporting', pattern: /\bpublic(?:ly)?\s+report(?:ed|ing)\b|\bscore\s?cards?\b/i,
    why: QUALITY_WHY,
    examples: ['This is publicly reported.', 'It shows on our scorecard.'],
    nearMisses: ['The radiology report of 03-01 is attached.'],
  },
]);

/** Leading wording in the question, each an example the guideline or AHIMA's query examples call leading. */
export const LEADING_PHRASES: readonly LanguageEntry[] = freeze([
  {
    id: 'please-document', label: '"please document"',
    // Not when it asks for the answer ("your response", "the condition being treated", "the type and acuity",
    // "in the progress notes ..."), only when it names what to write: "Please document AKI".
    pattern: /\bplease\s+(?:also\s+)?document\b(?!\s+(?:your|the|any)\s+(?:response|answer|reply|opinion|clinical\s+(?:judgment|judgement|opinion|significance|findings?))\b|\s+(?:the\s+|any\s+)?(?:condition|diagnosis|diagnoses)\s+(?:being|that|which|you|associated|if|represented|these|this|related)\b|\s+(?:the\s+)?(?:type|acuity|stage|cause|etiology|severity|specificity|underlying)\b|\s+(?:in|within|on)\s+(?:the|your)\s+|\s+(?:whether|if|accordingly)\b)/i,
    why: 'AHIMA query examples: "Please document AKI" directs the diagnosis',
    examples: ['Please document acute kidney injury.', 'Please also document sepsis in the discharge summary.', 'Please document the diagnosis of sepsis.', 'Please document the acute kidney injury.'],
    nearMisses: [
      'Please document your response in the medical record.', 'Please document your clinical judgment in the progress note.',
      'Please document the condition being treated.', 'Please document the type and acuity of the heart failure.',
      'Please document in the progress notes the diagnosis being monitored.', 'Heart failure is documented in the H&P of 06-21.',
    ],
  },
  {
    id: 'consider-adding', label: '"consider adding"', pattern: /\bconsider\s+adding\b/i,
    why: 'AHIMA/ACDIS 2022: suggests a diagnosis to add',
    examples: ['Please consider adding malnutrition.'],
    nearMisses: ['Please clarify, after considering the indicators below, the diagnosis being treated.'],
  },
  {
    id: 'consider-documenting', label: '"consider documenting"', pattern: /\bconsider\s+(?:documenting|diagnosing|(?:a|the)\s+diagnosis\s+of)\b/i,
    why: 'AHIMA/ACDIS 2022: suggests a diagnosis to document',
    examples: ['Consider documenting acute blood loss anemia.', 'Please consider the diagnosis of sepsis.'],
    nearMisses: ['Please clarify the diagnosis you consider clinically supported, if any.'],
  },
  {
    id: 'would-you-agree', label: '"would you agree"', pattern: /\b(?:would|wouldn't|would\s+not|could|can)\s+you\s+agree\b/i,
    why: 'ACDIS: asks the provider to agree with a conclusion the query supplies',
    examples: ['Would you agree that the patient is malnourished?', "Wouldn't you agree this is sepsis?"],
    nearMisses: ['Would you please clarify the type of anemia, if known?'],
  },
  {
    id: 'do-you-agree', label: '"do you agree"', pattern: /\b(?:do|don't|do\s+not)\s+you\s+agree\b/i,
    why: 'ACDIS: asks the provider to agree with a conclusion the query supplies',
    examples: ['Do you agree with a diagnosis of sepsis?', "Don't you agree the patient has AKI?"],
    nearMisses: ['Do you have additional information about the findings below?'],
  },
  {
    id: 'if-you-agree', label: '"if you agree"', pattern: /\b(?:if|unless)\s+you\s+(?:agree|disagree|concur)\b/i,
    why: 'ACDIS: presumes the answer; the provider may answer anything clinically supported',
    examples: ['If you agree, please add it to the discharge summary.', 'Unless you disagree, sepsis will be coded.'],
    nearMisses: ['If you have questions, call the CDI office at x4410.'],
  },
  {
    id: 'are-you-treating', label: '"are you treating"',
    pattern: /\b(?:are|were)\s+you\s+treating\b|\b(?:is|was)\s+the\s+patient\s+being\s+treated\s+for\b/i,
    why: 'AHIMA query examples: "Are you treating for sepsis?" is the textbook leading question',
    examples: ['Are you treating sepsis?', 'Were you treating the hyponatremia?', 'Is the patient being treated for pneumonia?'],
    nearMisses: ['Please clarify the condition being treated with IV ceftriaxone since 03-01.'],
  },
  {
    id: 'please-confirm-diagnosis', label: '"please confirm the diagnosis"',
    pattern: /\bplease\s+confirm\s+(?:the\s+|a\s+|that\s+(?:the\s+)?)?(?:diagnosis|dx|patient)\b/i,
    why: 'AHIMA/ACDIS 2022: an order to confirm leaves no room for "no"; ask whether it can be confirmed',
    examples: ['Please confirm the diagnosis of sepsis.', 'Please confirm that the patient has AKI.'],
    nearMisses: ['Can the diagnosis of adenocarcinoma documented in the pathology report of 03-02 be confirmed?'],
  },
  {
    id: 'can-you-add', label: '"can you add"', pattern: /\b(?:can|could|would)\s+you\s+(?:please\s+)?add\b|\bplease\s+add\b/i,
    why: 'AHIMA/ACDIS 2022: asks for a diagnosis to be added',
    examples: ['Can you add acute respiratory failure?', 'Please add the stage of the pressure injury.'],
    nearMisses: ['Could you please address the findings below?'],
  },
  {
    id: 'it-appears', label: '"it appears the patient has"',
    pattern: /\bit\s+(?:appears|seems|looks)\s+(?:that\s+|like\s+|as\s+though\s+)?(?:the\s+)?(?:patient|pt|he|she)\s+(?:has|had|is|was|may\s+have|might\s+have)\b/i,
    why: 'AHIMA/ACDIS 2022: states the query author\'s conclusion',
    examples: ['It appears the patient has sepsis.', 'It seems that the patient is malnourished.'],
    nearMisses: ['The wound appears clean and dry on 03-02.'],
  },
  {
    id: 'needs-documenting', label: '"needs to be documented"',
    pattern: /\b(?:needs?|must|should|has\s+to|have\s+to|ought\s+to)\s+(?:to\s+)?be\s+documented\b/i,
    why: 'AHIMA/ACDIS 2022: pressures for a documentation change',
    examples: ['Sepsis needs to be documented.', 'The stage should be documented.'],
    nearMisses: ['Heart failure is documented in the H&P of 06-21.'],
  },
  {
    id: 'remember-to-document', label: '"don\'t forget to document"',
    pattern: /\b(?:don't|do\s+not)\s+forget\s+to\s+document\b|\b(?:remember|be\s+sure|make\s+sure)\s+to\s+document\b/i,
    why: 'AHIMA/ACDIS 2022: pressures for a documentation change',
    examples: ["Don't forget to document the acuity.", 'Please make sure to document malnutrition.'],
    nearMisses: ['Please make sure the indicators below are reviewed.'],
  },
  {
    id: 'indicators-support', label: '"the indicators support the diagnosis"',
    pattern: /\b(?:indicators|findings|criteria|values|results)\s+(?:support|confirm|indicate|suggest|are\s+consistent\s+with)\s+(?:a\s+|the\s+)?(?:diagnosis|dx)\b/i,
    why: 'AHIMA/ACDIS 2022: states the conclusion the provider is asked to reach',
    examples: ['The clinical indicators support a diagnosis of sepsis.', 'These findings suggest the diagnosis of AKI.'],
    nearMisses: ['Please clarify the diagnosis, if any, that these findings support.'],
  },
  {
    id: 'meets-criteria', label: '"meets criteria"',
    pattern: /\b(?:meets|met|meeting|fulfills|fulfils|satisfies)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}criteria\b/i,
    why: 'AHIMA/ACDIS 2022: a diagnosis is the provider\'s judgment; the query cites values, not criteria met',
    examples: ['The patient meets Sepsis-2 criteria.', 'She meets the KDIGO criteria for AKI.'],
    nearMisses: ['The patient meets with physical therapy daily.'],
  },
  {
    id: 'questions-judgment', label: 'questioning clinical judgment', pattern: /\bare\s+you\s+sure\b|\bdo\s+you\s+really\b/i,
    why: 'AHIMA/ACDIS 2022: a query never questions the provider\'s clinical judgment',
    examples: ['Are you sure the patient does not have sepsis?', 'Do you really think this is only dehydration?'],
    nearMisses: ['Please clarify whether the findings below are clinically significant or not.'],
  },
  {
    id: 'coding-intent', label: '"to capture"/"to code"',
    pattern: /\bto\s+(?:accurately\s+|properly\s+|fully\s+)?(?:capture|code)\b(?!\s+status)/i,
    why: 'AHIMA/ACDIS 2022: the query asks for clinical clarity, not for a code to be captured',
    examples: ['Needed to capture the severity of illness.', 'In order to code sepsis, please clarify.'],
    nearMisses: ['Fusion and capture beats on the ECG of 03-01.', 'The patient wishes to remain full code.'],
  },
]);

/**
 * Ways of stating a diagnosis as fact. Each must be followed, within `maxGap` characters of the same clause,
 * by a diagnosis the query is about (an option, or a term of DIAGNOSIS_TERMS): "The patient has acute kidney
 * injury." A sentence that cites where something is documented (DOCUMENTATION_CITATIONS) is not flagged.
 */
export const DIAGNOSIS_ASSERTIONS: readonly AssertionEntry[] = freeze([
  {
    id: 'patient-has', label: '"the patient has ..."', maxGap: 30,
    pattern: /\b(?:the\s+)?(?:patient|pt|he|she)\s+(?:has|had|has\s+developed|developed|suffers\s+from|is\s+suffering\s+from|is\s+experiencing|was\s+experiencing)\b/i,
    why: 'AHIMA/ACDIS 2022: the query presents indicators; the diagnosis is the provider\'s to make',
    examples: ['The patient has acute kidney injury.', 'Pt has developed sepsis.'],
    nearMisses: ['The patient has a sodium of 128 mmol/L on 03-01.', 'The patient has a history of CHF.', 'The patient has been on IV antibiotics for pneumonia since 03-01.'],
  },
  {
    id: 'patient-is', label: '"the patient is in ..."', maxGap: 14,
    pattern: /\b(?:the\s+)?(?:patient|pt|he|she)\s+(?:is|was|remains|remained)\b/i,
    why: 'AHIMA/ACDIS 2022: states the suspected condition as a conclusion',
    examples: ['Patient is in acute respiratory failure.', 'The patient is septic.'],
    nearMisses: ['The patient is 72 years old and on 4 L oxygen since 03-01.'],
  },
  {
    id: 'this-is', label: '"this is ..."', maxGap: 30,
    pattern: /\b(?:this|it)\s+(?:is|was)\b/i,
    why: 'AHIMA/ACDIS 2022: states the suspected condition as a conclusion',
    examples: ['This is acute kidney injury.', 'It is clearly sepsis.'],
    nearMisses: ['This is a request for clarification of the findings below.', 'This is a 68-year-old woman with CHF who presented with dyspnea.'],
  },
  {
    id: 'consistent-with', label: '"consistent with ..."', maxGap: 14,
    pattern: /\b(?:consistent|compatible)\s+with\b|\b(?:indicative|suggestive|diagnostic|representative)\s+of\b|\bevidence\s+of\b/i,
    why: 'AHIMA/ACDIS 2022: a conclusion drawn from the indicators is the provider\'s to draw',
    examples: ['Findings are consistent with sepsis.', 'Labs are indicative of acute kidney injury.'],
    nearMisses: ['Findings are consistent with the values listed below.'],
  },
]);

/** A diagnosis followed by one of these (within the sentence) is stated as fact: "Sepsis is present." */
export const DIAGNOSIS_POST_ASSERTION: RegExp = /^\s*(?:is|was|are|were)\s+(?:clearly\s+|now\s+)?(?:present|evident|confirmed|obvious|clear|established)\b(?!\s+on\s+admission)/i;

/**
 * What makes a sentence a citation of the record rather than a statement of fact: "heart failure is
 * documented in the H&P of 06-21", "per the cardiology consult note, ...". The issue (10, item 4): citing
 * documentation is not stating a diagnosis as fact, and a compliant query must not be blocked.
 */
export const DOCUMENTATION_CITATIONS: readonly LanguageEntry[] = freeze([
  {
    id: 'documented', label: 'documented', pattern: /\b(?:documented|documents|documentation)\b/i,
    why: 'names documentation in the record',
    examples: ['Heart failure is documented in the H&P of 06-21.', 'The cardiology consult documents acute on chronic systolic heart failure.'],
    nearMisses: ['The patient has heart failure.'],
  },
  {
    id: 'per-source', label: 'per / according to',
    pattern: /\bper\s+(?:the|dr\.?|doctor|his|her|their|nursing|cardiology|nephrology|pulmonology|wound|radiology|pathology)\b|\baccording\s+to\b/i,
    why: 'attributes the statement to its source',
    examples: ['Per the cardiology consult note, the patient has heart failure.', 'According to the ED provider, the patient has sepsis.'],
    nearMisses: ['The patient has sepsis and receives 2 L per day.'],
  },
  {
    id: 'recorded-in', label: 'noted in / recorded by',
    pattern: /\b(?:noted|recorded|charted|written|reported|described|listed|stated|diagnosed|mentioned)\s+(?:in|on|by)\s+(?:the\s+|dr\.?\s+|a\s+|an\s+|his\s+|her\s+)/i,
    why: 'attributes the statement to its source',
    examples: ['Sepsis was noted in the ED note of 03-01.', 'The patient has sepsis as diagnosed by Dr. Lee.'],
    nearMisses: ['The patient has sepsis, noted today.'],
  },
  {
    id: 'document-name', label: 'a document of the record',
    pattern: /\bH\s*&\s*P\b|\bhistory\s+and\s+physical\b|\bprogress\s+notes?\b|\bconsult(?:ation)?\s+(?:notes?|reports?)\b|\bdischarge\s+summary\b|\b(?:ED|nursing|operative|op|procedure|pathology|path|radiology|imaging|echo(?:cardiogram)?|CT|MRI|x-ray|wound\s+care|dietitian|nutrition)\s+(?:notes?|reports?|assessments?)\b|\bproblem\s+list\b|\b(?:'s|’s)\s+notes?\b/i,
    why: 'names the document the statement comes from',
    examples: ['The discharge summary lists acute kidney injury.', 'The H&P lists CHF.', "Dr. Lee's note states sepsis."],
    nearMisses: ['The patient has sepsis; please note the lactate.'],
  },
]);

/**
 * Diagnoses CDI queries ask about most (the targets of src/rules/gaps and frequent query topics), with their
 * ICD-10-CM FY2026 categories. checkQuery uses them to find the diagnosis a question names: an open-ended or
 * yes/no query has no options to name it.
 */
export const DIAGNOSIS_TERMS: readonly DiagnosisTerm[] = freeze<DiagnosisTerm>([
  {
    id: 'sepsis', label: 'sepsis', icd10: ['A40', 'A41', 'R65.2'],
    // "septic shock" first, so it is one diagnosis rather than sepsis and shock.
    pattern: /\bseptic\s+shock\b|\b(?:severe\s+)?sepsis\b|\bseptic(?:emia)?\b/i,
    why: 'sepsis query (src/rules/gaps/sepsis.ts); A40-A41, R65.2 severe sepsis',
    examples: ['Is the patient septic?', 'Is this sepsis?', 'Is this septic shock?'], nearMisses: ['Was aseptic technique used for the line on 03-01?'],
  },
  {
    id: 'sirs', label: 'SIRS', icd10: ['R65.1'], pattern: /\bSIRS\b|\bsystemic\s+inflammatory\s+response\s+syndrome\b/i,
    why: 'R65.1 SIRS of non-infectious origin', examples: ['Is this SIRS?'], nearMisses: ['Is the patient still on sirolimus?'],
  },
  {
    id: 'aki', label: 'acute kidney injury', icd10: ['N17'], pattern: /\bacute\s+kidney\s+injury\b|\bAKI\b|\bacute\s+renal\s+failure\b/i,
    why: 'renal query (src/rules/gaps/renal.ts); N17 acute kidney failure', examples: ['Is this AKI?', 'Does the patient have acute kidney injury?'],
    nearMisses: ['Is the AKIN stage listed in the nephrology note?'],
  },
  {
    id: 'respiratory-failure', label: 'respiratory failure', icd10: ['J96'],
    pattern: /\b(?:acute\s+(?:on\s+chronic\s+)?)?(?:hypoxic\s+|hypoxemic\s+|hypercapnic\s+|hypercarbic\s+)?respiratory\s+failure\b/i,
    why: 'src/rules/gaps/respiratory-failure.ts; J96', examples: ['Is the patient in acute respiratory failure?'],
    nearMisses: ['Was the respiratory rate of 28 on 03-01 rechecked?'],
  },
  {
    id: 'hyponatremia', label: 'hyponatremia', icd10: ['E87.1'], pattern: /\bhyponatr(?:a)?emia\b/i,
    why: 'src/rules/gaps/electrolytes.ts; E87.1', examples: ['Is this hyponatremia?'], nearMisses: ['Was the sodium of 128 mmol/L repeated?'],
  },
  {
    id: 'hypernatremia', label: 'hypernatremia', icd10: ['E87.0'], pattern: /\bhypernatr(?:a)?emia\b/i,
    why: 'E87.0', examples: ['Is this hypernatremia?'], nearMisses: ['Was the sodium of 151 mmol/L repeated?'],
  },
  {
    id: 'hypokalemia', label: 'hypokalemia', icd10: ['E87.6'], pattern: /\bhypokal(?:a)?emia\b/i,
    why: 'src/rules/gaps/electrolytes.ts; E87.6', examples: ['Is the patient being evaluated for hypokalemia?'], nearMisses: ['Was potassium chloride given on 03-01?'],
  },
  {
    id: 'hyperkalemia', label: 'hyperkalemia', icd10: ['E87.5'], pattern: /\bhyperkal(?:a)?emia\b/i,
    why: 'src/rules/gaps/electrolytes.ts; E87.5', examples: ['Is this hyperkalemia?'], nearMisses: ['Was the potassium of 6.1 mmol/L hemolyzed?'],
  },
  {
    id: 'heart-failure', label: 'heart failure', icd10: ['I50', 'I11.0', 'I13.0', 'I13.2'], pattern: /\bheart\s+failure\b|\bCHF\b|\bHF[pr]EF\b/i,
    why: 'src/rules/gaps/heart-failure.ts; I50', examples: ['Does the patient have heart failure?', 'Is this CHF?'],
    nearMisses: ['Was the heart rate of 118 on 03-01 sustained?'],
  },
  {
    id: 'malnutrition', label: 'malnutrition', icd10: ['E40', 'E41', 'E42', 'E43', 'E44', 'E45', 'E46', 'R64'],
    pattern: /\bmalnutrition\b|\bmalnourished\b|\bcachexia\b|\bcachectic\b/i,
    why: 'src/rules/gaps/nutrition.ts; E40-E46, R64 cachexia', examples: ['Is the patient malnourished?', 'Is this severe protein-calorie malnutrition?'],
    nearMisses: ['Was the dietitian assessment of 03-02 reviewed?'],
  },
  {
    id: 'encephalopathy', label: 'encephalopathy', icd10: ['G92', 'G93.4', 'K76.82', 'I67.4'], pattern: /\bencephalopathy\b/i,
    why: 'G93.4 metabolic, G92 toxic, K76.82 hepatic encephalopathy', examples: ['Is this metabolic encephalopathy?'],
    nearMisses: ['Was the EEG of 03-02 read by neurology?'],
  },
  {
    id: 'acute-blood-loss-anemia', label: 'acute blood loss anemia', icd10: ['D62'],
    pattern: /\bacute\s+(?:post[\s-]?hemorrhagic\s+an(?:a)?emia|blood[\s-]+loss\s+an(?:a)?emia)\b|\bABLA\b/i,
    why: 'src/rules/gaps/hematology.ts; D62', examples: ['Is this acute blood loss anemia?'], nearMisses: ['Was the blood loss of 900 mL replaced?'],
  },
  {
    id: 'anemia', label: 'anemia', icd10: ['D50', 'D51', 'D52', 'D53', 'D55', 'D56', 'D57', 'D58', 'D59', 'D60', 'D61', 'D62', 'D63', 'D64'],
    pattern: /\ban(?:a)?emi(?:a|c)\b/i,
    why: 'src/rules/gaps/hematology.ts; D50-D64', examples: ['Is the patient anemic?', 'Is this anemia?'], nearMisses: ['Was the hemoglobin of 7.9 g/dL repeated?'],
  },
  {
    id: 'thrombocytopenia', label: 'thrombocytopenia', icd10: ['D69.4', 'D69.5', 'D69.6'], pattern: /\bthrombocytopeni(?:a|c)\b/i,
    why: 'src/rules/gaps/hematology.ts; D69.6', examples: ['Is this thrombocytopenia?'], nearMisses: ['Was the platelet count of 88 repeated?'],
  },
  {
    id: 'pneumonia', label: 'pneumonia', icd10: ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'J69'], pattern: /\bpneumonia\b|\bpneumonitis\b/i,
    why: 'J12-J18, J69 aspiration pneumonitis', examples: ['Is this aspiration pneumonia?'], nearMisses: ['Is the pneumococcal vaccine up to date?'],
  },
  {
    id: 'pressure-injury', label: 'pressure injury', icd10: ['L89'], pattern: /\bpressure\s+(?:ulcers?|injur(?:y|ies))\b|\bdecubitus\b/i,
    why: 'src/rules/gaps/pressure-ulcer.ts; L89', examples: ['Is this a pressure injury?'], nearMisses: ['Was the pressure dressing changed on 03-02?'],
  },
  {
    id: 'obesity', label: 'obesity', icd10: ['E66'], pattern: /\bobesity\b|\bobese\b/i,
    why: 'src/rules/gaps/nutrition.ts; E66', examples: ['Is the patient obese?', 'Is this morbid obesity?'], nearMisses: ['Was the BMI of 41 on 03-01 measured on admission?'],
  },
  {
    id: 'ckd', label: 'chronic kidney disease', icd10: ['N18'], pattern: /\bchronic\s+kidney\s+disease\b|\bCKD\b|\bESRD\b|\bend[\s-]+stage\s+renal\s+disease\b/i,
    why: 'src/rules/gaps/ckd.ts; N18', examples: ['Is this CKD?'], nearMisses: ['Was the eGFR of 38 on 03-01 repeated?'],
  },
  {
    id: 'uti', label: 'urinary tract infection', icd10: ['N39.0'], pattern: /\burinary\s+tract\s+infection\b|\bUTI\b/i,
    why: 'N39.0', examples: ['Is this a UTI?'], nearMisses: ['Was the urinalysis of 03-01 repeated?'],
  },
  {
    id: 'shock', label: 'shock', icd10: ['R57', 'R65.21'], pattern: /\bshock\b/i,
    why: 'R57 shock, R65.21 septic shock', examples: ['Is the patient in cardiogenic shock?'], nearMisses: ['Was the shockable rhythm treated?'],
  },
  {
    id: 'acidosis', label: 'acidosis', icd10: ['E87.2'], pattern: /\b(?:lactic\s+)?acidosis\b/i,
    why: 'E87.2', examples: ['Is this lactic acidosis?'], nearMisses: ['Was the lactate of 4.1 mmol/L repeated?'],
  },
  {
    id: 'dehydration', label: 'dehydration', icd10: ['E86'], pattern: /\bdehydrat(?:ion|ed)\b|\bhypovolemia\b/i,
    why: 'E86', examples: ['Is the patient dehydrated?'], nearMisses: ['Was IV hydration continued on 03-02?'],
  },
  {
    id: 'delirium', label: 'delirium', icd10: ['F05', 'R41.0'], pattern: /\bdelirium\b/i,
    why: 'F05 delirium due to known physiological condition', examples: ['Is this delirium?'], nearMisses: ['Was the CAM-ICU of 03-02 positive?'],
  },
  {
    id: 'dka', label: 'diabetic ketoacidosis', icd10: ['E08.1', 'E09.1', 'E10.1', 'E11.1', 'E13.1'], pattern: /\bdiabetic\s+ketoacidosis\b|\bDKA\b/i,
    why: 'E10.1-, E11.1- diabetes with ketoacidosis', examples: ['Is this DKA?'], nearMisses: ['Was the beta-hydroxybutyrate of 03-01 repeated?'],
  },
  {
    id: 'copd-exacerbation', label: 'COPD exacerbation', icd10: ['J44.1'],
    pattern: /\bexacerbation\s+of\s+COPD\b|\bCOPD\s+exacerbation\b|\bAECOPD\b/i,
    why: 'J44.1', examples: ['Is this a COPD exacerbation?'], nearMisses: ['Was the COPD action plan reviewed?'],
  },
  {
    id: 'myocardial-infarction', label: 'myocardial infarction', icd10: ['I21', 'I22'],
    pattern: /\bmyocardial\s+infarction\b|\bN?STEMI\b|\btype\s+2\s+MI\b/i,
    why: 'I21 acute MI, I21.A1 type 2', examples: ['Is this a type 2 MI?', 'Is this an NSTEMI?'], nearMisses: ['Was the troponin of 0.9 ng/mL repeated?'],
  },
  {
    id: 'pulmonary-embolism', label: 'pulmonary embolism', icd10: ['I26'], pattern: /\bpulmonary\s+embol(?:ism|us|i)\b/i,
    why: 'I26', examples: ['Is this a pulmonary embolism?'], nearMisses: ['Was the pulmonary function test done?'],
  },
  {
    id: 'dvt', label: 'deep vein thrombosis', icd10: ['I82'], pattern: /\bdeep\s+vein\s+thrombosis\b|\bDVT\b/i,
    why: 'I82.4-', examples: ['Is this a DVT?'], nearMisses: ['Was the venous duplex of 03-02 read?'],
  },
  {
    id: 'atrial-fibrillation', label: 'atrial fibrillation', icd10: ['I48'], pattern: /\batrial\s+fibrillation\b|\bA-?fib\b/i,
    why: 'I48', examples: ['Is this atrial fibrillation?'], nearMisses: ['Was the atrial rate of 150 sustained?'],
  },
]);

/** Words that negate or hedge what follows: "no evidence of sepsis", "to rule out sepsis". */
export const NEGATIONS: RegExp = /\b(?:no|not|without|denies|denied|negative\s+for|rule\s+out|ruled\s+out|r\/o|free\s+of|absence\s+of|evaluat(?:e|ed|ion)\s+for|work[\s-]?up\s+for|regarding|about|if|whether|history\s+of|hx\s+of|h\/o)\b/i;

/**
 * In a query without options (open-ended, yes/no), the diagnoses named are found through DIAGNOSIS_TERMS and
 * may be the patient's documented history rather than the query's subject: one introduced by these words
 * ("a 68-year-old with CHF", "antibiotics for pneumonia") is context, not an assertion.
 */
export const CONTEXT_INTRODUCERS: RegExp = /\b(?:with|for|of|after|from|on)\b/i;

/** A clause break between an assertion and a diagnosis: the diagnosis no longer belongs to the assertion. */
export const CLAUSE_BREAK: RegExp = /[;:()]|,\s*(?:and|but|which|while|whereas|then|so)\b|\b(?:but|which|whereas|although)\b/i;

/** Alternatives in a question: "acute, chronic or acute on chronic", "sepsis versus SIRS". */
export const ALTERNATIVES: RegExp = /\b(?:or|either|versus|vs)\b/i;

/**
 * A closed (yes/no) question: an auxiliary verb opening the sentence (after an introductory phrase such as
 * "Based on the indicators below,").
 */
export const CLOSED_QUESTION_OPENING: RegExp = /^(?:[^,?]{0,120},\s*)?(?:is|are|was|were|does|do|did|has|have|had|can|could|would|will|should|may|might)\b/i;

/** "clarify whether ...", "confirm if ...": a yes/no question in a request. */
export const WHETHER_CLAUSE: RegExp = /\b(?:clarify|specify|indicate|state|confirm|determine|document|advise)\s+(?:whether|if)\b/i;

/**
 * A request for information ("can you clarify the diagnosis", "can the type be further specified"): an open
 * question even when it opens with "can" or "could".
 */
export const OPEN_REQUEST: RegExp = /\b(?:clarify|specify|specified|clarified|describe|described|provide|provided|explain|identify|identified|indicate|determine|determined)\b(?!\s+(?:whether|if)\b)/i;

/**
 * Texts the escape options are recognised by, besides the exact ones of ESCAPE_OPTIONS (src/query/draft.ts):
 * the guideline's own variants ("other (specify)", "clinically undetermined / unable to determine").
 */
export const ESCAPE_TEXT_VARIANTS = Object.freeze({
  other: /^other(?:\s*(?:\((?:please\s+)?specify\)|[,:-]\s*(?:please\s+)?specify))?$/i,
  undetermined: /^(?:clinically\s+undetermined|undetermined|unable\s+to\s+determine|clinically\s+unable\s+to\s+determine|cannot\s+be\s+(?:clinically\s+)?determined)$/i,
  notSignificant: /^(?:not\s+clinically\s+significant|clinically\s+insignificant|not\s+significant)$/i,
});

/** The answers of a yes/no query, recognised by their text. */
export const YES_NO_TEXTS = Object.freeze({ yes: /^yes$/i, no: /^no$/i });
