/**
 * Diabetes complication not linked: type 2 diabetes documented "without complications" (E11.9) while a
 * condition the classification links to diabetes is documented separately.
 *
 * Source: ICD-10-CM Official Guidelines for Coding and Reporting FY2026, section I.A.15 ("With"): the
 * word "with" in the Alphabetic Index presumes a causal relationship between the two conditions, even
 * without provider documentation linking them, unless the documentation clearly states they are
 * unrelated. Under Diabetes, "with" lists chronic kidney disease (E11.22), polyneuropathy (E11.42),
 * retinopathy (E11.319), peripheral angiopathy (E11.51) and gastroparesis (E11.43); section I.C.4.a
 * asks for as many E11 codes as needed to describe all complications. This is usually a coder fix,
 * not a physician query (shared/DOMAIN.md §1: do not query what the classification already presumes),
 * hence severity low; the provider is asked only when another cause may be documented.
 */
import { CKD_ANY } from '../../terminology/diagnoses';
import { CKD_SNOMED, DIABETES_SNOMED, SNOMED } from '../../terminology/snomed';
import { withStandardOptions } from '../engine/answer-options';
import { matchingCodings } from '../engine/describe-diagnosis';
import { statedFact } from '../engine/facts';
import type { AnswerOption, DiagnosisTarget, Fact, Rule, RuleContext } from '../engine/types';

/** Type 2 diabetes documented without complications. */
export const TYPE_2_DIABETES_WITHOUT_COMPLICATIONS: DiagnosisTarget = {
  icd10: ['E11.9'],
  snomed: [
    SNOMED.DIABETES_TYPE_2, // names no complication
    DIABETES_SNOMED.TYPE_2_WITHOUT_COMPLICATION,
  ],
};

/** A complication the "with" convention links to type 2 diabetes, and the codes that already link it. */
export interface LinkedComplication {
  key: string;
  /** In the summary's words, e.g. "chronic kidney disease". */
  name: string;
  /** The complication documented on its own. */
  complication: DiagnosisTarget;
  /** Combination codes (E11.x) and SNOMED CT "due to diabetes" concepts: the link is documented. */
  linked: DiagnosisTarget;
  /** The combination code the classification presumes. */
  combination: AnswerOption;
}

/**
 * SNOMED CT codes: DIABETES_SNOMED (sources there). No SNOMED CT concept for retinopathy without a stated
 * cause could be verified: retinopathy alone is matched by ICD-10-CM only.
 */
export const DIABETES_COMPLICATIONS: readonly LinkedComplication[] = [
  {
    key: 'chronic-kidney-disease',
    name: 'chronic kidney disease',
    complication: CKD_ANY,
    linked: {
      icd10: ['E11.2'],
      snomed: [
        SNOMED.DIABETIC_RENAL_DISEASE,
        DIABETES_SNOMED.RENAL_DISORDER_TYPE_2,
        CKD_SNOMED.DUE_TO_TYPE_2_DIABETES,
        CKD_SNOMED.STAGE_3_DUE_TO_TYPE_2_DIABETES,
      ],
    },
    combination: { text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease', icd10: 'E11.22' },
  },
  {
    key: 'polyneuropathy',
    name: 'polyneuropathy',
    complication: {
      // G62.9 Polyneuropathy, unspecified; G63 Polyneuropathy in diseases classified elsewhere.
      icd10: ['G62.9', 'G63'],
      snomed: [
        DIABETES_SNOMED.POLYNEUROPATHY,
        DIABETES_SNOMED.SENSORY_POLYNEUROPATHY,
        DIABETES_SNOMED.MIXED_SENSORY_MOTOR_POLYNEUROPATHY,
      ],
    },
    linked: {
      icd10: ['E11.4'],
      snomed: [
        SNOMED.DIABETIC_NEUROPATHY_TYPE_2,
        DIABETES_SNOMED.POLYNEUROPATHY_TYPE_2,
        DIABETES_SNOMED.DIABETIC_POLYNEUROPATHY,
        DIABETES_SNOMED.DIABETIC_NEUROPATHY,
        DIABETES_SNOMED.DIABETIC_MIXED_SENSORIMOTOR_POLYNEUROPATHY,
        DIABETES_SNOMED.DIABETIC_PERIPHERAL_NEUROPATHY,
        DIABETES_SNOMED.NERVOUS_SYSTEM_DISORDER_TYPE_2,
      ],
    },
    combination: { text: 'Type 2 diabetes mellitus with diabetic polyneuropathy', icd10: 'E11.42' },
  },
  {
    key: 'retinopathy',
    name: 'retinopathy',
    // H35.00 Unspecified background retinopathy. The other H35.0- codes name a cause (hypertensive,
    // exudative, vasculitis) or a finding (micro-aneurysms) that the Index does not list under "with".
    complication: { icd10: ['H35.00'], snomed: [] },
    linked: {
      icd10: ['E11.3'],
      snomed: [
        SNOMED.DIABETIC_RETINOPATHY_TYPE_2,
        DIABETES_SNOMED.DIABETIC_RETINOPATHY,
        DIABETES_SNOMED.NONPROLIFERATIVE_DIABETIC_RETINOPATHY,
        DIABETES_SNOMED.PROLIFERATIVE_DIABETIC_RETINOPATHY,
      ],
    },
    combination: { text: 'Type 2 diabetes mellitus with unspecified diabetic retinopathy without macular edema', icd10: 'E11.319' },
  },
  {
    key: 'peripheral-arterial-disease',
    name: 'peripheral arterial disease',
    complication: {
      // I73.9 Peripheral vascular disease, unspecified.
      icd10: ['I73.9'],
      snomed: [
        DIABETES_SNOMED.PERIPHERAL_ARTERIAL_DISEASE,
        DIABETES_SNOMED.PERIPHERAL_ARTERIAL_OCCLUSIVE_DISEASE,
        DIABETES_SNOMED.PERIPHERAL_VASCULAR_DISEASE,
      ],
    },
    linked: {
      icd10: ['E11.5'],
      snomed: [
        DIABETES_SNOMED.PERIPHERAL_ANGIOPATHY_TYPE_2,
        DIABETES_SNOMED.PERIPHERAL_CIRCULATORY_DISORDER_TYPE_2,
        DIABETES_SNOMED.DIABETIC_PERIPHERAL_CIRCULATORY_DISORDER,
      ],
    },
    combination: { text: 'Type 2 diabetes mellitus with diabetic peripheral angiopathy without gangrene', icd10: 'E11.51' },
  },
  {
    key: 'gastroparesis',
    name: 'gastroparesis',
    complication: {
      icd10: ['K31.84'], // Gastroparesis
      snomed: [DIABETES_SNOMED.GASTROPARESIS],
    },
    linked: {
      // Index: Diabetes, with, gastroparesis E11.43 (the autonomic neuropathy code), not the rest of E11.4.
      icd10: ['E11.43'],
      snomed: [
        DIABETES_SNOMED.GASTROPARESIS_TYPE_2,
        DIABETES_SNOMED.DIABETIC_GASTROPARESIS,
      ],
    },
    combination: { text: 'Type 2 diabetes mellitus with diabetic autonomic (poly)neuropathy', icd10: 'E11.43' },
  },
];

export const DIABETES_LINK_THRESHOLDS = {
  /** Keys of the complications to check (all of DIABETES_COMPLICATIONS by default). */
  complications: DIABETES_COMPLICATIONS.map((c) => c.key) as readonly string[],
};

interface Documentation {
  /**
   * The code as written (the label), its display, the date, and the resource that writes it (`Condition/id`,
   * `Claim/id`, `ExplanationOfBenefit/id` or `Encounter/id`).
   */
  fact: Fact;
  encounter?: string;
}

/** The resources that document the target (as RuleContext.isDocumented reads them), with the code each writes. */
function documentation(context: RuleContext, target: DiagnosisTarget): Documentation[] {
  return context.documentedDiagnoses(target).flatMap((d) => {
    const [coding] = matchingCodings(d.concept, target);
    if (!coding) return [];
    const fact = statedFact('diagnosis', coding.code!, d.reference, { time: d.time, text: coding.display ?? d.concept.text });
    return [{ fact, encounter: d.encounter }];
  });
}

/** ` (E11.9, 44054006)`: the codes as written, or nothing when none could be cited. */
function codesOf(found: readonly Documentation[]): string {
  const codes = [...new Set(found.map((d) => d.fact.label))];
  return codes.length ? ` (${codes.join(', ')})` : '';
}

export const diabetesComplicationNotLinked: Rule<typeof DIABETES_LINK_THRESHOLDS> = {
  id: 'diabetes/complication-not-linked',
  title: 'Type 2 diabetes coded without complications beside a complication the classification links to it',
  category: 'documentation-gap',
  severity: 'low',
  rationale: 'ICD-10-CM Official Guidelines I.A.15 presume a causal link between diabetes and the conditions listed under "with" in the Alphabetic Index, so E11.9 beside CKD, polyneuropathy, retinopathy, peripheral arterial disease or gastroparesis calls for the combination code unless the provider documents another cause.',
  thresholds: DIABETES_LINK_THRESHOLDS,
  evaluate(context, t) {
    if (!context.isCoded(TYPE_2_DIABETES_WITHOUT_COMPLICATIONS)) return [];
    const diabetes = documentation(context, TYPE_2_DIABETES_WITHOUT_COMPLICATIONS);
    return DIABETES_COMPLICATIONS
      .filter((c) => t.complications.includes(c.key) && context.isCoded(c.complication) && !context.isDocumented(c.linked))
      .map((c) => {
        const complication = documentation(context, c.complication);
        const all = [...diabetes, ...complication];
        const times = all.map((d) => d.fact.time).filter((time): time is string => Boolean(time)).sort();
        return {
          facts: all.map((d) => d.fact),
          summary: `Type 2 diabetes mellitus coded without a complication${codesOf(diabetes)} and ${c.name}${codesOf(complication)} are documented, with no code linking them. ICD-10-CM presumes a causal relationship between diabetes and the conditions listed under "with" in the Alphabetic Index (Official Guidelines I.A.15), unless the provider documents that the ${c.name} is not due to diabetes.`,
          evidence: [...new Set(all.map((d) => d.fact.reference))],
          suspectedCondition: c.combination.icd10,
          encounter: [...complication, ...diabetes].find((d) => d.encounter)?.encounter,
          observedAt: times[times.length - 1],
          answerOptions: withStandardOptions([c.combination], { notSignificant: false }),
        };
      });
  },
};
