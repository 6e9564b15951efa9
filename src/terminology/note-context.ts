/**
 * The trigger words that decide what a sentence asserts about a diagnosis it mentions: data, not logic
 * (src/notes/assertions.ts reads them). Every entry says why it is here and carries sentences it must
 * classify and, where useful, near misses; test/terminology/note-context.test.ts runs each one, and each
 * phrase on its own.
 *
 * Sources:
 * - NegEx: Chapman WW, Bridewell W, Hanbury P, Cooper GF, Buchanan BG. A simple algorithm for identifying
 *   negated findings and diseases in discharge summaries. J Biomed Inform 2001;34(5):301-310. Pre-negation
 *   ("no", "denies", "without", "no evidence of", "negative for", "ruled out"), post-negation ("unlikely",
 *   "was ruled out", "is negative", "not present", "has been excluded"), pseudo-negation ("no increase",
 *   "no change", "not only", "gram negative") and termination ("but", "however", "although", "aside from",
 *   "except", "which", "secondary to", ...) phrases, and the window of five words; the phrase lists as the
 *   NegEx distribution (negex_triggers.txt, Chapman et al.) spells them.
 * - ConText: Harkema H, Dowling JN, Thornblade T, Chapman WW. ConText: an algorithm for determining
 *   negation, experiencer, and temporal status from clinical reports. J Biomed Inform 2009;42(5):839-851.
 *   Historical ("history of", "h/o", "status post", "previous"), hypothetical ("if", "return if", "should",
 *   "in case"), experiencer ("mother", "family history of") triggers, their pseudo-triggers ("history and
 *   physical", "prior to") and terminations ("presents", "patient").
 * - Uncertainty ("possible", "probable", "suspected", "likely", "rule out", "consistent with", "versus"):
 *   the uncertain-diagnosis words of ICD-10-CM Official Guidelines Section II.H and III.C (inpatient: coded as
 *   if established at discharge) and IV.H (outpatient: never coded), as pyConText's "probable" category lists them.
 *
 * Phrases are matched word by word, in any case, at word boundaries; a hyphen counts as a space ("gram-negative"
 * is "gram negative"). Where phrases overlap, the longest wins ("ruled out" beats "out"; "no history of" beats "no").
 */
import type { MentionAssertion } from '../notes/types';

/** Words between a trigger and the diagnosis it reaches, at most (NegEx: five; a diagnosis of several words counts as one). */
export const CONTEXT_WINDOW_WORDS = 5;

/** What a trigger does. The scoped categories set an assertion; pseudo-triggers and terminations only shape scopes. */
export type ContextCategory = 'negation' | 'historical' | 'hypothetical' | 'family' | 'uncertain' | 'pseudo' | 'termination';
export type ScopedCategory = Exclude<ContextCategory, 'pseudo' | 'termination'>;

/** The side of the trigger whose diagnoses it reaches: `forward` (pre-), `backward` (post-), or both. */
export type ScopeDirection = 'forward' | 'backward' | 'both';

/** A sentence, the diagnosis words in it, and what the sentence asserts about them. */
export interface ContextExample {
  readonly text: string;
  readonly words: string;
  readonly assertion: MentionAssertion;
}

export interface ContextTrigger {
  /** Stable id (kebab-case). */
  readonly id: string;
  readonly category: ContextCategory;
  /** The phrases as written, any case. */
  readonly phrases: readonly string[];
  /** Which side it reaches (scoped categories); pseudo-triggers and terminations are `both`. */
  readonly direction: ScopeDirection;
  /** Terminations only: the scopes it ends; all when absent. */
  readonly ends?: readonly ScopedCategory[];
  /** Why it is listed, with the source. */
  readonly why: string;
  /** Sentences the entry decides. */
  readonly examples: readonly ContextExample[];
  /** Sentences that look alike, which the entry must not decide. */
  readonly nearMisses: readonly ContextExample[];
}

/** The assertion each scoped category gives. */
export const CATEGORY_ASSERTION: Readonly<Record<ScopedCategory, Exclude<MentionAssertion, 'affirmed'>>> = Object.freeze({
  negation: 'negated', historical: 'historical', hypothetical: 'hypothetical', family: 'family', uncertain: 'uncertain',
});

const e = (text: string, words: string, assertion: MentionAssertion): ContextExample => Object.freeze({ text, words, assertion });

const freeze = (entries: ContextTrigger[]): readonly ContextTrigger[] => Object.freeze(entries.map((t) => Object.freeze({
  ...t,
  phrases: Object.freeze([...t.phrases]),
  examples: Object.freeze([...t.examples]),
  nearMisses: Object.freeze([...t.nearMisses]),
  ...(t.ends ? { ends: Object.freeze([...t.ends]) } : {}),
})));

const NEGEX = 'NegEx (Chapman 2001)';
const CONTEXT = 'ConText (Harkema 2009)';

export const CONTEXT_TRIGGERS: readonly ContextTrigger[] = freeze([
  // --- NegEx pre-negation ---------------------------------------------------------------------------------
  {
    id: 'no', category: 'negation', direction: 'forward', phrases: ['no'],
    why: `${NEGEX}: pre-negation "no"`,
    examples: [e('No CHF.', 'CHF', 'negated'), e('There is no pneumonia on the film.', 'pneumonia', 'negated'), e('No CHF, AKI or hyponatremia.', 'hyponatremia', 'negated')],
    nearMisses: [e('Patient has CHF, no edema today.', 'CHF', 'affirmed')],
  },
  {
    id: 'not', category: 'negation', direction: 'forward', phrases: ['not', 'does not have', 'did not have', 'is not', 'was not'],
    why: `${NEGEX}: pre-negation "not" and its verb phrases`,
    examples: [e('Patient does not have CHF.', 'CHF', 'negated'), e('This is not sepsis.', 'sepsis', 'negated')],
    nearMisses: [e('Sepsis is present and not improving.', 'Sepsis', 'affirmed')],
  },
  {
    id: 'denies', category: 'negation', direction: 'forward', phrases: ['denies', 'denied', 'deny', 'denying', 'denies any'],
    why: `${NEGEX}: pre-negation "denies", "denied"`,
    examples: [
      e('Patient denies CHF or COPD.', 'COPD', 'negated'),
      e('Denies chest pain or shortness of breath, denies CHF.', 'CHF', 'negated'),
      e('She denied any history of stroke.', 'stroke', 'negated'),
    ],
    nearMisses: [e('Has CHF; denies chest pain.', 'CHF', 'affirmed')],
  },
  {
    id: 'without', category: 'negation', direction: 'forward', phrases: ['without', 'w/o', 'without any'],
    why: `${NEGEX}: pre-negation "without"`,
    examples: [e('Chest pain without MI.', 'MI', 'negated'), e('Fever w/o pneumonia on imaging.', 'pneumonia', 'negated')],
    nearMisses: [e('Pneumonia without complications.', 'Pneumonia', 'affirmed')],
  },
  {
    id: 'no-evidence-of', category: 'negation', direction: 'forward',
    phrases: ['no evidence of', 'no evidence for', 'without evidence of', 'no sign of', 'no signs of', 'without signs of',
      'no signs or symptoms of', 'no findings of', 'no suggestion of', 'no new', 'unremarkable for'],
    why: `${NEGEX}: pre-negation "no evidence of", "no signs of", "no suggestion of"`,
    examples: [e('No evidence of pneumonia.', 'pneumonia', 'negated'), e('CXR shows no signs of pulmonary edema.', 'pulmonary edema', 'negated')],
    nearMisses: [e('Evidence of pneumonia in the right lower lobe.', 'pneumonia', 'affirmed')],
  },
  {
    id: 'no-history-of', category: 'negation', direction: 'forward',
    phrases: ['no history of', 'no prior history of', 'no past history of', 'no known history of', 'no hx of', 'no h/o', 'no known', 'no prior'],
    why: `${NEGEX}: "no" before a history phrase still negates ("no history of" is negated, not historical)`,
    examples: [e('No history of diabetes.', 'diabetes', 'negated'), e('No h/o DVT.', 'DVT', 'negated')],
    nearMisses: [e('History of diabetes.', 'diabetes', 'historical')],
  },
  {
    id: 'negative-for', category: 'negation', direction: 'forward', phrases: ['negative for', 'neg for', 'tested negative for', 'is negative for', 'was negative for'],
    why: `${NEGEX}: pre-negation "negative for"`,
    examples: [e('Urinalysis negative for UTI.', 'UTI', 'negated'), e('Doppler neg for DVT.', 'DVT', 'negated')],
    nearMisses: [e('Blood cultures positive; sepsis.', 'sepsis', 'affirmed')],
  },
  {
    id: 'free-of', category: 'negation', direction: 'forward', phrases: ['free of', 'free from'],
    why: `${NEGEX}: pre-negation "free of"`,
    examples: [e('Remains free of AF on telemetry.', 'AF', 'negated')],
    nearMisses: [e('AF despite a free diet.', 'AF', 'affirmed')],
  },
  {
    id: 'absence-of', category: 'negation', direction: 'forward', phrases: ['absence of', 'absent', 'lack of'],
    why: `${NEGEX}: pre-negation "absence of"`,
    examples: [e('Absence of pneumonia on repeat imaging.', 'pneumonia', 'negated')],
    nearMisses: [e('Pneumonia in the absence of fever was treated, but sepsis persists.', 'sepsis', 'affirmed')],
  },
  {
    id: 'never', category: 'negation', direction: 'forward', phrases: ['never', 'never had', 'has never had'],
    why: `${NEGEX}: pre-negation "never"`,
    examples: [e('He has never had a stroke.', 'stroke', 'negated')],
    nearMisses: [e('Stroke in 2019, never smoked.', 'Stroke', 'affirmed')],
  },
  {
    id: 'ruled-out', category: 'negation', direction: 'both', phrases: ['ruled out', 'rules out', 'ruled out for', 'was ruled out for', 'been ruled out for'],
    why: `${NEGEX}: "ruled out" is a negation on either side ("ruled out for MI", "MI ruled out"); "rule out" is uncertain instead`,
    examples: [e('MI ruled out by serial troponins.', 'MI', 'negated'), e('Patient was ruled out for MI.', 'MI', 'negated')],
    nearMisses: [e('Rule out MI.', 'MI', 'uncertain')],
  },
  // --- NegEx post-negation --------------------------------------------------------------------------------
  {
    id: 'was-ruled-out', category: 'negation', direction: 'backward',
    phrases: ['was ruled out', 'were ruled out', 'is ruled out', 'are ruled out', 'has been ruled out', 'have been ruled out', 'been ruled out'],
    why: `${NEGEX}: post-negation "was ruled out", "has been ruled out"`,
    examples: [e('Pulmonary embolism was ruled out.', 'Pulmonary embolism', 'negated'), e('DVT has been ruled out.', 'DVT', 'negated')],
    nearMisses: [e('DVT has not been ruled out.', 'DVT', 'uncertain')],
  },
  {
    id: 'unlikely', category: 'negation', direction: 'backward', phrases: ['unlikely', 'is unlikely', 'very unlikely', 'not likely', 'is not likely'],
    why: `${NEGEX}: post-negation "unlikely"`,
    examples: [e('Pneumonia is unlikely.', 'Pneumonia', 'negated'), e('Sepsis unlikely given normal lactate.', 'Sepsis', 'negated')],
    nearMisses: [e('Unlikely to tolerate diuresis, CHF persists.', 'CHF', 'affirmed')],
  },
  {
    id: 'is-negative', category: 'negation', direction: 'backward',
    phrases: ['is negative', 'was negative', 'were negative', 'came back negative', 'returned negative'],
    why: `${NEGEX}: post-negation "is negative"`,
    examples: [e('Workup for DVT was negative.', 'DVT', 'negated')],
    nearMisses: [e('UTI with negative blood cultures.', 'UTI', 'affirmed')],
  },
  {
    id: 'not-present', category: 'negation', direction: 'backward',
    phrases: ['not present', 'is not present', 'was not present', 'is absent', 'was absent', 'not seen', 'not identified',
      'not found', 'not noted', 'not demonstrated', 'not appreciated', 'not visualized'],
    why: `${NEGEX}: post-negation "not present", "not seen", "not identified"`,
    examples: [e('Pulmonary edema is not present.', 'Pulmonary edema', 'negated'), e('Pneumonia not seen on CT.', 'Pneumonia', 'negated')],
    nearMisses: [e('Pulmonary edema is present.', 'Pulmonary edema', 'affirmed')],
  },
  {
    id: 'excluded', category: 'negation', direction: 'backward',
    phrases: ['excluded', 'was excluded', 'is excluded', 'has been excluded', 'have been excluded', 'been excluded'],
    why: `${NEGEX}: post-negation "has been excluded"`,
    examples: [e('Pulmonary embolism has been excluded.', 'Pulmonary embolism', 'negated')],
    nearMisses: [e('Pulmonary embolism cannot be excluded.', 'Pulmonary embolism', 'uncertain')],
  },
  // --- Pseudo-triggers: phrases that contain a trigger but are not one ------------------------------------
  {
    id: 'no-change', category: 'pseudo', direction: 'both',
    phrases: ['no change', 'no significant change', 'no interval change', 'no definite change', 'no suspicious change',
      'no significant interval change', 'no increase', 'no decrease', 'no further', 'no worsening of', 'not changed'],
    why: `${NEGEX}: pseudo-negation: "no change", "no increase" compare, they do not negate`,
    examples: [e('No change in CHF symptoms.', 'CHF', 'affirmed'), e('No increase in pleural effusion.', 'pleural effusion', 'affirmed')],
    nearMisses: [e('No CHF.', 'CHF', 'negated')],
  },
  {
    id: 'not-only', category: 'pseudo', direction: 'both', phrases: ['not only', 'not necessarily', 'not just', 'not cause', 'did not cause', 'not drain', 'not extend'],
    why: `${NEGEX}: pseudo-negation "not only", "not necessarily", "not cause", "not drain", "not extend"`,
    examples: [e('Not only CHF but also AKI.', 'CHF', 'affirmed'), e('Contrast did not cause the AKI.', 'AKI', 'affirmed')],
    nearMisses: [e('Not CHF.', 'CHF', 'negated')],
  },
  {
    id: 'gram-negative', category: 'pseudo', direction: 'both', phrases: ['gram negative', 'gram negative for', 'gram stain negative'],
    why: `${NEGEX}: pseudo-negation "gram negative" names an organism's stain, not an absence (hyphenated "gram-negative" reads the same)`,
    examples: [e('Gram negative for MRSA, pneumonia treated with ceftriaxone.', 'pneumonia', 'affirmed'), e('Gram-negative sepsis.', 'Gram-negative sepsis', 'affirmed')],
    nearMisses: [e('Urine culture negative for UTI.', 'UTI', 'negated')],
  },
  {
    id: 'without-difficulty', category: 'pseudo', direction: 'both', phrases: ['without difficulty', 'with or without', 'without complication', 'without complications'],
    why: `${NEGEX}: pseudo-negation "without difficulty": "without" qualifies an action, not a diagnosis`,
    examples: [e('Ambulating without difficulty, CHF compensated.', 'CHF', 'affirmed')],
    nearMisses: [e('Admitted without AKI.', 'AKI', 'negated')],
  },
  {
    id: 'history-and-physical', category: 'pseudo', direction: 'both',
    phrases: ['history and physical', 'history and exam', 'history and examination', 'history taking', 'history of present illness', 'history obtained from'],
    why: `${CONTEXT}: pseudo-historical: "history" names the interview, not the past`,
    examples: [e('See history of present illness for CHF details.', 'CHF', 'affirmed')],
    nearMisses: [e('History of CHF.', 'CHF', 'historical')],
  },
  {
    id: 'prior-to', category: 'pseudo', direction: 'both', phrases: ['prior to', 'the past', 'past few', 'past several'],
    why: `${CONTEXT}: pseudo-historical: "prior to admission", "over the past 3 days" place the diagnosis in this episode`,
    examples: [e('Prior to admission he developed AKI.', 'AKI', 'affirmed'), e('Over the past 3 days worsening CHF.', 'CHF', 'affirmed')],
    nearMisses: [e('Prior stroke.', 'stroke', 'historical')],
  },
  // --- Terminations: words that end a trigger's scope -----------------------------------------------------
  {
    id: 'but', category: 'termination', direction: 'both', phrases: ['but', 'however', 'although', 'though', 'yet', 'nevertheless', 'still', 'whereas'],
    why: `${NEGEX}: termination (conjunctions that begin a new assertion)`,
    examples: [e('Denies chest pain but has CHF.', 'CHF', 'affirmed'), e('No fever, however pneumonia on CT.', 'pneumonia', 'affirmed')],
    nearMisses: [e('Denies chest pain and CHF.', 'CHF', 'negated')],
  },
  {
    id: 'except', category: 'termination', direction: 'both', phrases: ['except', 'except for', 'aside from', 'apart from', 'other than'],
    why: `${NEGEX}: termination "except", "aside from", "apart from"`,
    examples: [e('No complaints except CHF symptoms.', 'CHF', 'affirmed')],
    nearMisses: [e('No complaints, CHF symptoms resolved.', 'CHF', 'negated')],
  },
  {
    id: 'which', category: 'termination', direction: 'both', phrases: ['which', 'who', 'whose'],
    why: `${NEGEX}: termination "which"; ConText adds "who" (a relative clause asserts on its own)`,
    examples: [e('No fever which could explain the sepsis.', 'sepsis', 'affirmed'), e('Denies pain, who has CHF.', 'CHF', 'affirmed')],
    nearMisses: [e('Denies pain and CHF.', 'CHF', 'negated')],
  },
  {
    id: 'semicolon', category: 'termination', direction: 'both', phrases: [';'],
    why: `${NEGEX}: a semicolon ends the clause, and the scope with it`,
    examples: [e('No fever; pneumonia on CT.', 'pneumonia', 'affirmed')],
    nearMisses: [e('No fever, pneumonia on CT.', 'pneumonia', 'negated')],
  },
  {
    id: 'secondary-to', category: 'termination', direction: 'both',
    phrases: ['secondary to', 'as a cause of', 'cause of', 'cause for', 'causes of', 'etiology of', 'etiology for', 'source of', 'reason for', 'origin of', 'involving'],
    why: `${NEGEX}: termination "secondary to", "cause of", "etiology of", "source of", "reason for": a new clause about the cause`,
    examples: [e('No fever, secondary to sepsis per ID.', 'sepsis', 'affirmed'), e('Denies pain, reason for admission is AKI.', 'AKI', 'affirmed')],
    nearMisses: [e('Denies pain or AKI.', 'AKI', 'negated')],
  },
  {
    id: 'presents', category: 'termination', direction: 'both',
    phrases: ['presents', 'presenting', 'presented', 'admitted', 'admitted for', 'admitted with', 'here for', 'comes in', 'came in'],
    why: `${CONTEXT}: termination "presents", "presenting": the current episode begins a new assertion`,
    examples: [e('History of CHF, now presenting with AKI.', 'AKI', 'affirmed'), e('Denies pain, admitted with sepsis.', 'sepsis', 'affirmed')],
    nearMisses: [e('History of CHF and AKI.', 'AKI', 'historical')],
  },
  {
    id: 'now', category: 'termination', direction: 'both', ends: ['historical'], phrases: ['now', 'currently', 'today', 'at this time', 'this admission'],
    why: `${CONTEXT}: termination of historical scope: "now", "currently" return to the present (they do not end a negation: "no CHF now")`,
    examples: [e('History of stroke, currently AKI.', 'AKI', 'affirmed')],
    nearMisses: [e('No fever, now CHF.', 'CHF', 'negated')],
  },
  {
    id: 'patient', category: 'termination', direction: 'both', ends: ['family'], phrases: ['patient', "patient's", 'pt', 'he', 'she', 'the patient'],
    why: `${CONTEXT}: termination of experiencer scope: the patient is named again`,
    examples: [e('Daughter states patient has CHF.', 'CHF', 'affirmed')],
    nearMisses: [e('Daughter has CHF.', 'CHF', 'family')],
  },
  // --- ConText historical ---------------------------------------------------------------------------------
  {
    id: 'history-of', category: 'historical', direction: 'forward',
    phrases: ['history of', 'hx of', 'h/o', 'hx', 'past history of', 'past medical history of', 'past medical history significant for',
      'medical history of', 'history significant for', 'remote history of', 'known history of', 'pmh of', 'pmh significant for', 'pmh notable for'],
    why: `${CONTEXT}: historical "history of", "h/o", "hx"`,
    examples: [
      e('Patient has a history of hypertension.', 'hypertension', 'historical'),
      e('H/o DVT in 2015.', 'DVT', 'historical'),
      e('Past medical history significant for COPD, CHF.', 'CHF', 'historical'),
    ],
    nearMisses: [e('See history and physical for CHF.', 'CHF', 'affirmed')],
  },
  {
    id: 'status-post', category: 'historical', direction: 'forward', phrases: ['status post', 's/p'],
    why: `${CONTEXT}: historical "status post"`,
    examples: [e('Status post MI in 2010.', 'MI', 'historical'), e('S/p stroke with residual weakness.', 'stroke', 'historical')],
    nearMisses: [e('MI, post cath.', 'MI', 'affirmed')],
  },
  {
    id: 'previous', category: 'historical', direction: 'forward', phrases: ['previous', 'prior', 'past', 'remote', 'former'],
    why: `${CONTEXT}: historical "previous", "prior", "past"`,
    examples: [e('Previous stroke.', 'stroke', 'historical'), e('Prior DVT on warfarin.', 'DVT', 'historical')],
    nearMisses: [e('Prior to arrival, sepsis was suspected.', 'sepsis', 'uncertain')],
  },
  {
    id: 'in-the-past', category: 'historical', direction: 'backward', phrases: ['in the past', 'in remote past', 'years ago'],
    why: `${CONTEXT}: historical "in the past" after the diagnosis`,
    examples: [e('Had pneumonia in the past.', 'pneumonia', 'historical')],
    nearMisses: [e('In the past 24 hours pneumonia worsened.', 'pneumonia', 'affirmed')],
  },
  // --- ConText hypothetical -------------------------------------------------------------------------------
  {
    id: 'if', category: 'hypothetical', direction: 'forward',
    phrases: ['if', 'return if', 'call if', 'come back if', 'in case', 'in case of', 'in the event of', 'should'],
    why: `${CONTEXT}: hypothetical "if", "return if", "should", "in case"`,
    examples: [e('Return if signs of DVT.', 'DVT', 'hypothetical'), e('Should AF recur, start anticoagulation.', 'AF', 'hypothetical')],
    nearMisses: [e('AF should be rate controlled.', 'AF', 'affirmed')],
  },
  {
    id: 'watch-for', category: 'hypothetical', direction: 'forward',
    phrases: ['watch for', 'monitor for', 'monitoring for', 'observe for', 'return for', 'look for', 'call for'],
    why: `${CONTEXT}: hypothetical "return for"; "watch for", "monitor for" name what may come, not what is`,
    examples: [e('Monitor for hyperkalemia.', 'hyperkalemia', 'hypothetical'), e('Watch for AKI with contrast.', 'AKI', 'hypothetical')],
    nearMisses: [e('Hyperkalemia on monitor.', 'Hyperkalemia', 'affirmed')],
  },
  {
    id: 'risk-of', category: 'hypothetical', direction: 'forward',
    phrases: ['risk of', 'risk for', 'at risk for', 'at risk of', 'high risk for', 'to prevent', 'prevention of', 'prophylaxis for', 'prophylaxis against',
      'screening for', 'screen for'],
    why: `${CONTEXT}: hypothetical: a risk, a prevention or a screening names a diagnosis the patient does not have (yet)`,
    examples: [e('At risk for pressure ulcer.', 'pressure ulcer', 'hypothetical'), e('Heparin to prevent DVT.', 'DVT', 'hypothetical'),
      e('Screening for malnutrition on admission.', 'malnutrition', 'hypothetical')],
    nearMisses: [e('DVT, risk factors reviewed.', 'DVT', 'affirmed')],
  },
  {
    id: 'prophylaxis', category: 'hypothetical', direction: 'backward', phrases: ['prophylaxis', 'ppx', 'precautions', 'prevention', 'screening'],
    why: `${CONTEXT}: hypothetical after the diagnosis: "DVT prophylaxis", "aspiration precautions"`,
    examples: [e('DVT prophylaxis with enoxaparin.', 'DVT', 'hypothetical'), e('VTE ppx: heparin.', 'VTE', 'hypothetical')],
    nearMisses: [e('Prophylaxis given; DVT found on ultrasound.', 'DVT', 'affirmed')],
  },
  // --- ConText experiencer ---------------------------------------------------------------------------------
  {
    id: 'family-history-of', category: 'family', direction: 'forward',
    phrases: ['family history of', 'family history', 'family hx', 'fam hx', 'fhx', 'fh of', 'family history significant for', 'family history positive for'],
    why: `${CONTEXT}: experiencer "family history of"`,
    examples: [e('Family history of diabetes.', 'diabetes', 'family'), e('Significant FHx of CAD and stroke.', 'stroke', 'family')],
    nearMisses: [e('History of diabetes.', 'diabetes', 'historical')],
  },
  {
    id: 'relative', category: 'family', direction: 'forward',
    phrases: ['mother', 'mom', 'father', 'dad', 'sister', 'sisters', 'brother', 'brothers', 'sibling', 'siblings', 'son', 'sons',
      'daughter', 'daughters', 'grandmother', 'grandfather', 'grandparents', 'aunt', 'uncle', 'cousin', 'parents', 'maternal', 'paternal',
      "mother's", "father's", "sister's", "brother's"],
    why: `${CONTEXT}: experiencer: a relative named before the diagnosis`,
    examples: [e('Mother with asthma and diabetes.', 'diabetes', 'family'), e('Father had an MI at 50.', 'MI', 'family'), e("Mother's history of stroke.", 'stroke', 'family')],
    nearMisses: [e('Sister states patient has AF.', 'AF', 'affirmed')],
  },
  {
    id: 'in-relative', category: 'family', direction: 'backward',
    phrases: ['in mother', 'in father', 'in his mother', 'in her mother', 'in his father', 'in her father', 'in sister', 'in brother',
      'in his brother', 'in her sister', '(mother)', '(father)', '(sister)', '(brother)', 'runs in the family', 'runs in family'],
    why: `${CONTEXT}: experiencer: a relative named after the diagnosis`,
    examples: [e('Diabetes in mother.', 'Diabetes', 'family'), e('Stroke (father).', 'Stroke', 'family')],
    nearMisses: [e('Diabetes, mother at bedside.', 'Diabetes', 'affirmed')],
  },
  // --- Uncertainty ------------------------------------------------------------------------------------------
  {
    id: 'possible', category: 'uncertain', direction: 'forward',
    phrases: ['possible', 'possibly', 'probable', 'probably', 'presumed', 'presumably', 'presumptive', 'questionable', 'question of',
      'may have', 'might have', 'may be', 'could be', 'maybe'],
    why: 'Guidelines II.H and III.C: "possible", "probable", "questionable" are uncertain diagnoses',
    examples: [e('Possible pneumonia.', 'pneumonia', 'uncertain'), e('Probable UTI.', 'UTI', 'uncertain')],
    nearMisses: [e('Pneumonia, possible aspiration.', 'Pneumonia', 'affirmed')],
  },
  {
    id: 'likely', category: 'uncertain', direction: 'forward',
    phrases: ['likely', 'most likely', 'more likely', 'suspect', 'suspicious for', 'suspicion for', 'suspicion of', 'high suspicion for'],
    why: 'Guidelines II.H and III.C: "likely", "suspected" are uncertain diagnoses',
    examples: [e('Likely sepsis from a urinary source.', 'sepsis', 'uncertain'), e('Suspicious for pneumonia.', 'pneumonia', 'uncertain')],
    nearMisses: [e('AKI likely prerenal.', 'AKI', 'affirmed')],
  },
  {
    id: 'suspected', category: 'uncertain', direction: 'both', phrases: ['suspected', 'is suspected', 'was suspected'],
    why: 'Guidelines II.H and III.C: "suspected" before or after the diagnosis',
    examples: [e('Suspected sepsis.', 'sepsis', 'uncertain'), e('Sepsis is suspected.', 'Sepsis', 'uncertain')],
    nearMisses: [e('Sepsis confirmed.', 'Sepsis', 'affirmed')],
  },
  {
    id: 'consistent-with', category: 'uncertain', direction: 'forward',
    phrases: ['consistent with', 'compatible with', 'suggestive of', 'suggests', 'suggesting', 'concern for', 'concerning for', 'worrisome for', 'c/w', 'in keeping with'],
    why: 'Guidelines II.H and III.C list "consistent with" and "compatible with" among the uncertain terms; "concern for", "suggestive of" read the same',
    examples: [e('Findings consistent with pneumonia.', 'pneumonia', 'uncertain'), e('Concern for sepsis.', 'sepsis', 'uncertain')],
    nearMisses: [e('Pneumonia, consistent antibiotic use.', 'Pneumonia', 'affirmed')],
  },
  {
    id: 'rule-out', category: 'uncertain', direction: 'forward',
    phrases: ['rule out', 'r/o', 'to rule out', 'evaluate for', 'evaluation for', 'work up for', 'workup for', 'w/u for'],
    why: 'Guidelines II.H: "rule out" is an uncertain diagnosis ("ruled out" is a negation instead: NegEx)',
    examples: [e('Rule out MI.', 'MI', 'uncertain'), e('CT to r/o PE and pneumonia.', 'pneumonia', 'uncertain')],
    nearMisses: [e('MI ruled out.', 'MI', 'negated')],
  },
  {
    id: 'cannot-exclude', category: 'uncertain', direction: 'forward',
    phrases: ['cannot exclude', 'cannot rule out', "can't rule out", 'can not rule out', 'could not rule out', 'unable to exclude', 'unable to rule out'],
    why: 'Guidelines II.H: "cannot exclude" leaves the diagnosis open (longest match keeps it from reading as "rule out" or "not")',
    examples: [e('Cannot exclude pneumonia.', 'pneumonia', 'uncertain')],
    nearMisses: [e('Pneumonia excluded.', 'Pneumonia', 'negated')],
  },
  {
    id: 'cannot-be-excluded', category: 'uncertain', direction: 'backward',
    phrases: ['cannot be excluded', "can't be excluded", 'can not be excluded', 'cannot be ruled out', 'can not be ruled out', 'could not be ruled out',
      'not ruled out', 'not been ruled out', 'not excluded', 'not been excluded', 'should be ruled out', 'is possible', 'is probable', 'is questionable'],
    why: 'Guidelines II.H: "cannot be excluded", "not ruled out" after the diagnosis (longest match keeps "ruled out" from negating)',
    examples: [e('Pulmonary embolism cannot be ruled out.', 'Pulmonary embolism', 'uncertain'), e('Pneumonia is possible.', 'Pneumonia', 'uncertain')],
    nearMisses: [e('Pulmonary embolism was ruled out.', 'Pulmonary embolism', 'negated')],
  },
  {
    id: 'versus', category: 'uncertain', direction: 'both', phrases: ['versus', 'vs', 'or possibly', 'differential includes', 'differential diagnosis includes', 'ddx'],
    why: 'Guidelines II.D and III.C: diagnoses documented as "versus" or in a differential are uncertain; "vs" reaches both sides',
    examples: [e('CHF vs COPD exacerbation.', 'CHF', 'uncertain'), e('CHF versus pneumonia.', 'pneumonia', 'uncertain')],
    nearMisses: [e('CHF, treated with diuretics.', 'CHF', 'affirmed')],
  },
  {
    id: 'not-certain', category: 'uncertain', direction: 'forward',
    phrases: ['not certain whether', 'not certain if', 'not sure whether', 'not sure if', 'uncertain whether', 'uncertain if', 'unclear whether', 'unclear if'],
    why: `${NEGEX} lists "not certain whether" as a pseudo-negation: it is not a negation but it is not an assertion either, so it reads as uncertain`,
    examples: [e('Not certain whether this is pneumonia.', 'pneumonia', 'uncertain')],
    nearMisses: [e('Certain this is pneumonia.', 'pneumonia', 'affirmed')],
  },
]);
