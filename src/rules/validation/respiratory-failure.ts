/**
 * Clinical validation of a documented acute respiratory failure (J96.0-, acute and chronic J96.2-, acute
 * postprocedural J95.821/J95.822; SNOMED CT acute respiratory failure): the record holds the measurements the
 * criteria read, and none meets them (AHIMA/ACDIS, "Clinical Validation: The Next Level of CDI", 2023 update).
 * ARDS (J80) and newborn respiratory failure (P28.5) have criteria of their own and are not validated here.
 *
 * Criteria (the common CDI clinical indicators of acute respiratory failure the query trigger uses,
 * shared/DOMAIN.md §2; the blood-gas cut-offs are the classic definition of hypoxemic and hypercapnic
 * respiratory failure; thresholds: RESPIRATORY_FAILURE_VALIDATION_THRESHOLDS). Supported by any of:
 * - hypoxemia: SpO2 < 91 % (on room air, or despite supplemental oxygen: a low reading on oxygen tells more,
 *   not less), PaO2 < 60 mmHg, or PaO2/FiO2 < 300 (FiO2 charted within 1 hour of the PaO2);
 * - hypercapnia with acidosis: PaCO2 > 50 mmHg with an arterial pH < 7.35 drawn within 1 hour;
 * - tachypnea with support: respiratory rate > 28/min within 24 hours of supplemental oxygen (O2 flow > 0,
 *   FiO2 > 21 %, an oxygen procedure or order);
 * - ventilatory support in the window: non-invasive (BiPAP, bilevel) or mechanical ventilation, intubation.
 * The readings that meet none are cited: the lowest SpO2 on room air and on oxygen ("room air": no oxygen
 * recorded in the hour before the reading), the lowest PaO2 and PaO2/FiO2, the highest PaCO2, the lowest pH,
 * the highest respiratory rate, and the oxygen support charted. A chronic baseline (J96.2-) is not modelled:
 * the criteria are met more easily, not less, by a chronically hypoxemic patient.
 * Patients under 18 are not validated (the respiratory-rate limit is an adult one).
 */
import { HOUR_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { RESPIRATORY_SNOMED } from '../../terminology/snomed';
import { hypercapnia, onRoomAir, oxygenSupport, pfRatios, RESPIRATORY_FAILURE_CRITERIA, SPO2_LOINC, supportByKind } from '../engine/oxygenation';
import { diagnosesToValidate, documentedIcd10, extremeFacts, noIndicators, unsupportedDiagnosis } from '../engine/validation';
import type { ClinicalValidationRule, DiagnosisTarget, Rule, RuleContext } from '../engine/types';

/** Acute respiratory failure as validated here. */
export const ACUTE_RESPIRATORY_FAILURE_TO_VALIDATE: DiagnosisTarget = {
  icd10: ['J96.0', 'J96.2', 'J95.821', 'J95.822'],
  snomed: [RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE],
};

export const RESPIRATORY_FAILURE_VALIDATION_THRESHOLDS = {
  ...RESPIRATORY_FAILURE_CRITERIA,
  /** PaO2 (mmHg) / FiO2 (fraction) below this is hypoxemic (300 itself is not). */
  pfRatioBelow: 300,
  /** Hours either side of supplemental oxygen within which a respiratory rate above the limit counts. */
  linkHours: 24,
  /** Years: younger patients are not validated (adult respiratory-rate limit). */
  adultAgeYears: 18,
};

type Thresholds = typeof RESPIRATORY_FAILURE_VALIDATION_THRESHOLDS;

/** How the finding names the diagnosis, by its code. */
function nameOf(icd10: string): string {
  if (icd10.startsWith('J96.2')) return 'acute and chronic respiratory failure';
  if (icd10.startsWith('J95.822')) return 'acute and chronic postprocedural respiratory failure';
  if (icd10.startsWith('J95.821')) return 'acute postprocedural respiratory failure';
  return 'acute respiratory failure';
}

const valued = (context: RuleContext, ...loinc: string[]) => context.observations(...loinc).filter((p) => p.value !== undefined);

export const acuteRespiratoryFailureValidation: ClinicalValidationRule<Thresholds> = {
  id: 'validation/acute-respiratory-failure',
  title: 'Acute respiratory failure documented without supporting indicators',
  category: 'clinical-validation',
  severity: 'medium',
  rationale: 'A documented acute respiratory failure is clinically supported by hypoxemia (SpO2 below 91%, PaO2 below 60 mmHg or PaO2/FiO2 below 300), hypercapnia with acidosis (PaCO2 above 50 mmHg with pH below 7.35), or a respiratory rate above 28/min with oxygen or ventilatory support (common CDI clinical indicators); when the record holds these measurements and none meets them, the diagnosis warrants a clinical-validation query (AHIMA/ACDIS 2023).',
  thresholds: RESPIRATORY_FAILURE_VALIDATION_THRESHOLDS,
  evaluate(context, t) {
    const diagnoses = diagnosesToValidate(context, ACUTE_RESPIRATORY_FAILURE_TO_VALIDATE);
    if (diagnoses.length === 0 || (context.ageYears !== undefined && context.ageYears < t.adultAgeYears)) return [];

    const support = oxygenSupport(context, t);
    const spo2 = valued(context, ...SPO2_LOINC);
    const pao2 = valued(context, LOINC.PAO2);
    const pf = pfRatios(context, t.bloodGasPairingHours);
    const paco2 = valued(context, LOINC.PACO2);
    const ph = valued(context, LOINC.PH_ARTERIAL);
    const rate = valued(context, LOINC.RESPIRATORY_RATE);
    const linkMs = t.linkHours * HOUR_MS;
    const withOxygen = (timeMs: number) => support.some((s) => s.startMs - linkMs <= timeMs && timeMs <= s.endMs + linkMs);
    const supported =
      spo2.some((p) => p.value! < t.spo2Below) ||
      pao2.some((p) => p.value! < t.pao2Below) ||
      pf.some((r) => r.ratio < t.pfRatioBelow) ||
      hypercapnia(context, t).length > 0 ||
      support.some((s) => s.ventilation) ||
      rate.some((p) => p.value! > t.respiratoryRateAbove && withOxygen(p.timeMs));
    if (supported) return [];

    const roomAir = spo2.filter((p) => onRoomAir(p, support, t));
    const onOxygen = spo2.filter((p) => !roomAir.includes(p));
    const spo2Range = { low: t.spo2Below, unit: '%' };
    const measured = [
      ...extremeFacts('room-air SpO2', roomAir, 'lowest', spo2Range, 'vital-sign'),
      ...extremeFacts('SpO2 with supplemental oxygen', onOxygen, 'lowest', spo2Range, 'vital-sign'),
      ...extremeFacts('PaO2', pao2, 'lowest', { low: t.pao2Below, unit: 'mm[Hg]' }),
      ...extremeFacts('PaO2/FiO2 ratio', pf.map((r) => r.point), 'lowest', { low: t.pfRatioBelow }),
      ...extremeFacts('PaCO2', paco2, 'highest', { high: t.paco2Above, unit: 'mm[Hg]' }),
      ...extremeFacts('arterial pH', ph, 'lowest', { low: t.phBelow, unit: '[pH]' }),
      ...extremeFacts('respiratory rate', rate, 'highest', { high: t.respiratoryRateAbove, unit: '/min' }, 'vital-sign'),
    ];
    const criteria = `SpO2 < ${t.spo2Below} % (on room air or despite oxygen), PaO2 < ${t.pao2Below} mmHg or PaO2/FiO2 < ${t.pfRatioBelow}; PaCO2 > ${t.paco2Above} mmHg with arterial pH < ${t.phBelow} within ${t.bloodGasPairingHours} hour; respiratory rate > ${t.respiratoryRateAbove}/min within ${t.linkHours} hours of supplemental oxygen; or non-invasive or mechanical ventilation`;
    const evidence = [
      ...[...spo2, ...pao2, ...paco2, ...ph, ...rate].map((p) => p.reference), ...pf.map((r) => r.fio2.reference), ...support.map((s) => s.reference),
    ];
    return diagnoses.map((diagnosis) => {
      const icd10 = documentedIcd10(diagnosis, ACUTE_RESPIRATORY_FAILURE_TO_VALIDATE, 'J96.00');
      const common = { context, diagnosis, target: ACUTE_RESPIRATORY_FAILURE_TO_VALIDATE, name: nameOf(icd10), icd10, criteria };
      if (measured.length === 0) return noIndicators(common);
      return unsupportedDiagnosis({ ...common, found: [...measured, ...supportByKind(support).map((g) => g.first)], evidence });
    });
  },
};

/** The respiratory-failure family's clinical-validation rules, for rules/index.ts. */
export const RESPIRATORY_FAILURE_VALIDATION_RULES: readonly Rule[] = [acuteRespiratoryFailureValidation] as Rule[];
