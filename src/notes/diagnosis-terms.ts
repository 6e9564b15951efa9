/**
 * The mention dictionary: every way a note names a diagnosis that Clarify reads, each with its ICD-10-CM
 * FY2026 code. Built once, at module load, from the data tables:
 * - src/terminology/note-terms.ts: diagnosis terms, synonyms and abbreviations (NOTE_TERMS), the families
 *   combined here by type, acuity and stage (heart failure I50.2-I50.4, respiratory failure J96, CKD N18,
 *   diabetes E10/E11, atrial fibrillation I48, pressure ulcers L89 by stage and site adjective), plurals, and
 *   phrases that name no diagnosis (NOT_DIAGNOSES). A pressure ulcer's site written after its name ("of the
 *   sacrum") and a stage after the site are not enumerated: PRESSURE_ULCER_SITE_PHRASES and
 *   PRESSURE_ULCER_STAGE_PHRASES are read on from the name by mentions.ts, and pressureUlcerAt gives the code;
 * - src/terminology/snomed-icd10cm.ts: each mapped SNOMED CT concept's display, its semantic tag removed
 *   ("Chronic kidney disease stage 3 (disorder)" → "chronic kidney disease stage 3"), with its SNOMED CT code —
 *   the words Synthea writes in its notes. Left out, with the reason: see SKIPPED_SNOMED.
 *
 * Two entries with the same words and the same code are one entry (the SNOMED CT code joins it); the same
 * words with different codes are a conflict (DICTIONARY_CONFLICTS, which a test keeps empty; the first wins).
 */
import {
  ATRIAL_FIBRILLATION_FAMILY, CKD_FAMILY, DIABETES_FAMILY, HEART_FAILURE_FAMILY, NOT_DIAGNOSES, NOTE_TERMS, PLURALS, PRESSURE_ULCER_FAMILY,
  RESPIRATORY_FAILURE_FAMILY, type WordChoice,
} from '../terminology/note-terms';
import {
  stagedPressureUlcerCodes, unstagedPressureUlcerCode, unstagedPressureUlcerTitle, UNSPECIFIED_PRESSURE_ULCER_SITE,
} from '../terminology/pressure-ulcer';
import { SNOMED_TO_ICD10CM } from '../terminology/snomed-icd10cm';
import { matchKey, tokenize, type NoteToken } from './tokens';
import type { MentionedDiagnosis } from './types';

/** One way of writing a diagnosis (or, without `diagnosis`, a phrase that names none). */
export interface DictionaryTerm {
  /** The words as the dictionary writes them. */
  readonly words: string;
  /** The words that must match exactly, capitals and all (abbreviations: `CHF`, `T2DM`); the rest match in any case. */
  readonly exact: readonly string[];
  /** What the words name; undefined for a phrase that names no diagnosis ("sepsis bundle"). */
  readonly diagnosis?: MentionedDiagnosis;
  /** Where the entry comes from: `note-terms:<id>`, `family:<name>`, `snomed:<code>`, `not-a-diagnosis:<id>`. */
  readonly source: string;
  /** The words as trie keys (termPath): what mentions.ts matches. */
  readonly path: readonly string[];
  /**
   * A pressure ulcer's words that a site ("of the sacrum") and a stage (", stage 2") may follow, with what the
   * words already name: mentions.ts reads on, and pressureUlcerAt gives the code of what it found.
   */
  readonly continuation?: PressureUlcerContinuation;
}

/** What a pressure ulcer's words already name: its site (L89 site, as PRESSURE_ULCER_SITES keys it) and stage. */
export interface PressureUlcerContinuation {
  readonly site?: string;
  readonly stage?: PressureUlcerStage;
}

/** A pressure ulcer's stage: NPIAP stages 1-4, unstageable, deep tissue (PRESSURE_ULCER_FAMILY values). */
export type PressureUlcerStage = string;

/** SNOMED CT concepts of the map whose display is not read as a mention, and why. */
export const SKIPPED_SNOMED: Readonly<Record<string, string>> = Object.freeze({
  '399211009': '"history of" is a ConText historical trigger: "history of myocardial infarction" reads as a historical MI, not a mention of I25.2',
  '429007001': '"history of" is a ConText historical trigger (history of cardiac arrest)',
  '703151001': '"history of" is a ConText historical trigger (history of single seizure)',
  '161508001': '"history of" is a ConText historical trigger (history of deep vein thrombosis)',
  '428251008': '"history of" is a ConText historical trigger, and an appendectomy is a procedure',
  '77386006': '"pregnancy" alone is too generic to match safely ("pregnancy test", "pregnancy category"); pregnancy is read from the record',
  '722278006': '"acute kidney injury due to sepsis" names two diagnoses: read as two mentions, AKI and sepsis, so the sepsis is not lost',
});

/** The SNOMED CT semantic tag at the end of a display: `(disorder)`, `(finding)`, `(situation)`. */
const SEMANTIC_TAG = /\s*\((?:disorder|finding|situation|morphologic abnormality|clinical finding|event|procedure)\)\s*$/i;

/** A display without its semantic tag: `Sepsis (disorder)` → `Sepsis`. */
export function withoutSemanticTag(display: string): string {
  return display.replace(SEMANTIC_TAG, '').trim();
}

const capitalize = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
const join = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');
/** The words of an abbreviation that carry capitals: they match exactly. */
const capitalized = (words: string) => tokenize(words).filter((token) => /\p{Lu}/u.test(token.text)).map((token) => token.text);

/** The key path of a term: one key per word, `=` exact or `~` any case (tokens.ts matchKey); "the" inside a name is left out. */
export function termPath(words: string, exact: readonly string[]): string[] {
  return pathOf(tokenize(words), exact);
}

function pathOf(tokens: readonly NoteToken[], exact: readonly string[]): string[] {
  const path: string[] = [];
  for (const token of tokens) {
    if (exact.length > 0 && exact.includes(token.text)) path.push(`=${token.text}`);
    else if (token.key !== 'the') path.push(`~${matchKey(token.key)}`);
  }
  return path;
}

const pressureUlcerCodes = new Map<string, MentionedDiagnosis>();

/**
 * The L89 code of a pressure ulcer at a site (PRESSURE_ULCER_SITES key; L899 when none is named) and stage
 * (undefined: not stated): src/terminology/pressure-ulcer.ts gives the codes and their order-file titles.
 */
export function pressureUlcerAt(site: string, stage: PressureUlcerStage | undefined): MentionedDiagnosis {
  const key = `${site}|${stage ?? ''}`;
  let diagnosis = pressureUlcerCodes.get(key);
  if (!diagnosis) {
    if (stage === undefined) {
      diagnosis = { icd10: unstagedPressureUlcerCode(site), display: unstagedPressureUlcerTitle(site) };
    } else {
      // stagedPressureUlcerCodes: stage 1-4, unstageable, deep tissue damage, in that order.
      const staged = stagedPressureUlcerCodes(site)[stage === 'unstageable' ? 4 : stage === 'deep-tissue' ? 5 : Number(stage) - 1]!;
      diagnosis = { icd10: staged.code, display: staged.title };
    }
    pressureUlcerCodes.set(key, diagnosis);
  }
  return diagnosis;
}

/** A phrase read on after a pressure ulcer's words: a site or a stage. */
export interface ContinuationPhrase {
  readonly words: string;
  readonly path: readonly string[];
  readonly value: string;
}

const phrase = (words: string, value: string): ContinuationPhrase => Object.freeze({ words, path: Object.freeze(termPath(words, [])), value });

/** Sites after the name: "of the sacrum", "to left heel", "on coccyx" (the value is the L89 site). */
export const PRESSURE_ULCER_SITE_PHRASES: readonly ContinuationPhrase[] = Object.freeze(Object.entries(PRESSURE_ULCER_FAMILY.sites).flatMap(([site, words]) =>
  words.nouns.flatMap((noun) => PRESSURE_ULCER_FAMILY.prepositions.map((preposition) => phrase(`${preposition} ${noun}`, site)))));

/** Stages after the site: "stage 2", ", stage 2", "(stage 2)", ", unstageable" (the value is the stage). */
export const PRESSURE_ULCER_STAGE_PHRASES: readonly ContinuationPhrase[] = Object.freeze(PRESSURE_ULCER_FAMILY.stages.flatMap((stage) =>
  stage.words.flatMap((words) => [phrase(words, stage.value), phrase(`, ${words}`, stage.value), phrase(`(${words})`, stage.value)])));

type Entry = Omit<DictionaryTerm, 'path'>;
const terms: Entry[] = [];
const add = (words: string, diagnosis: MentionedDiagnosis | undefined, source: string, exact: readonly string[] = [], continuation?: PressureUlcerContinuation) =>
  void terms.push({ words, exact, ...(diagnosis ? { diagnosis } : {}), source, ...(continuation ? { continuation } : {}) });
const diagnosisOf = (icd10: string, display: string, snomed?: string): MentionedDiagnosis => ({ icd10, display, ...(snomed ? { snomed } : {}) });

// ---------------------------------------------------------------------------------------------------------
// Phrases that name no diagnosis come first: at the same words they win.
for (const entry of NOT_DIAGNOSES) {
  for (const words of entry.terms) add(words, undefined, `not-a-diagnosis:${entry.id}`);
  for (const words of entry.abbreviations) add(words, undefined, `not-a-diagnosis:${entry.id}`, capitalized(words));
}

for (const entry of NOTE_TERMS) {
  const diagnosis = diagnosisOf(entry.icd10, entry.display);
  for (const words of entry.terms) add(words, diagnosis, `note-terms:${entry.id}`);
  for (const words of entry.abbreviations) add(words, diagnosis, `note-terms:${entry.id}`, capitalized(words));
}

/** Every word of a choice, abbreviations with their exact words. */
function wordsOf(choice: WordChoice): Array<{ words: string; exact: string[] }> {
  return [...choice.words.map((words) => ({ words, exact: [] })), ...(choice.abbreviations ?? []).map((words) => ({ words, exact: capitalized(words) }))];
}
const nounsOf = (nouns: readonly string[], abbreviations: readonly string[]) =>
  [...nouns.map((words) => ({ words, exact: [] as string[] })), ...abbreviations.map((words) => ({ words, exact: capitalized(words) }))];

// Heart failure by type and acuity (I50.2-I50.4).
{
  const family = HEART_FAILURE_FAMILY;
  const display = (acuity: WordChoice, type: WordChoice) => capitalize(join(acuity.display, type.display, 'heart failure'));
  for (const acuity of family.acuities) {
    for (const acuityWords of acuity.words) {
      for (const type of family.types) {
        for (const typeWords of type.words) {
          for (const noun of nounsOf(family.nouns, family.nounAbbreviations)) {
            add(join(acuityWords, typeWords, noun.words), diagnosisOf(`I50.${type.value}${acuity.value}`, display(acuity, type)), 'family:heart-failure', noun.exact);
          }
        }
      }
      for (const typed of family.typedNouns) {
        for (const noun of wordsOf(typed)) {
          add(join(acuityWords, noun.words), diagnosisOf(`I50.${typed.value}${acuity.value}`, display(acuity, typed)), 'family:heart-failure', noun.exact);
        }
      }
    }
  }
}

// Respiratory failure by acuity and gas (J96).
{
  const family = RESPIRATORY_FAILURE_FAMILY;
  const display = (acuity: WordChoice, gas: WordChoice) => capitalize(join(acuity.display, 'respiratory failure', gas.display));
  for (const acuity of family.acuities) {
    for (const acuityWords of acuity.words) {
      for (const noun of family.nouns) {
        for (const gas of family.gasBefore) {
          for (const gasWords of gas.words) {
            add(join(acuityWords, gasWords, noun), diagnosisOf(`J96.${acuity.value}${gas.value}`, display(acuity, gas)), 'family:respiratory-failure');
          }
        }
        for (const gas of family.gasAfter) {
          for (const gasWords of gas.words) {
            add(join(acuityWords, noun, gasWords), diagnosisOf(`J96.${acuity.value}${gas.value}`, display(acuity, gas)), 'family:respiratory-failure');
          }
        }
      }
    }
  }
}

// Chronic kidney disease by stage (N18).
{
  const family = CKD_FAMILY;
  const nouns = nounsOf(family.nouns, family.nounAbbreviations);
  for (const noun of nouns) add(noun.words, diagnosisOf(family.unstaged.value, family.unstaged.display), 'family:ckd', noun.exact);
  for (const stage of family.stages) {
    const diagnosis = diagnosisOf(stage.value, `Chronic kidney disease, ${stage.display}`);
    for (const stageWords of stage.words) {
      for (const noun of nouns) {
        for (const form of [`${noun.words} stage ${stageWords}`, `${noun.words}, stage ${stageWords}`, `${noun.words} (stage ${stageWords})`, `stage ${stageWords} ${noun.words}`]) {
          add(form, diagnosis, 'family:ckd', noun.exact);
        }
        // "CKD 3b", "CKD IV": a bare stage after the noun, but not "i" or "v" ("CKD I think" is no stage 1).
        if (!['i', 'v', 'one', 'two', 'three', 'four', 'five'].includes(stageWords) && !stageWords.startsWith('v ')) add(`${noun.words} ${stageWords}`, diagnosis, 'family:ckd', noun.exact);
      }
      // "CKD3a", "CKD4": the stage written onto the abbreviation.
      if (/^\d[a-d]?$/.test(stageWords)) {
        for (const abbreviation of family.nounAbbreviations) {
          for (const compact of new Set([`${abbreviation}${stageWords}`, `${abbreviation}${stageWords.toUpperCase()}`])) add(compact, diagnosis, 'family:ckd', [compact]);
        }
      }
    }
  }
}

// Diabetes by type (E10, E11), with what the words say of it; diabetes of unstated type is type 2 (I.C.4.a.2).
{
  const family = DIABETES_FAMILY;
  const unstated = { value: 'E11', display: 'Diabetes mellitus (type not stated)' };
  const unstatedBases = [...family.nouns.map((words) => ({ words, exact: [] as string[] })), { words: 'DM', exact: ['DM'] }];
  const typed = family.types.map((type) => ({
    type,
    bases: [
      ...type.words.flatMap((typeWords) => family.nouns.flatMap((noun) => [`${typeWords} ${noun}`, `${noun} ${typeWords}`, `${noun}, ${typeWords}`]))
        .map((words) => ({ words, exact: [] as string[] })),
      ...(type.abbreviations ?? []).map((words) => ({ words, exact: capitalized(words) })),
    ],
  }));
  for (const { type, bases } of [...typed, { type: unstated, bases: unstatedBases }]) {
    for (const base of bases) {
      for (const complication of family.complications) {
        for (const words of complication.words) {
          add(join(base.words, words), diagnosisOf(`${type.value}${complication.value}`, join(type.display, complication.display)), 'family:diabetes', base.exact);
        }
      }
      for (const words of family.poorlyControlled) {
        add(join(words, base.words), diagnosisOf(`${type.value}.65`, join(type.display, 'with hyperglycemia')), 'family:diabetes', base.exact);
      }
    }
  }
}

// Atrial fibrillation by kind (I48).
{
  const family = ATRIAL_FIBRILLATION_FAMILY;
  for (const kind of family.kinds) {
    for (const kindWords of kind.words) {
      for (const noun of nounsOf(family.nouns, family.nounAbbreviations)) {
        add(join(kindWords, noun.words), diagnosisOf(kind.value, capitalize(join(kind.display, 'atrial fibrillation'))), 'family:atrial-fibrillation', noun.exact);
      }
    }
  }
}

// Pressure ulcers (L89): the name with its stage, before or after it, is a term; a site written after the name
// ("of the sacrum") and a stage after the site (", stage 2") are read on from it (mentions.ts), so the
// dictionary need not hold every stage × name × site (codes and titles: src/terminology/pressure-ulcer.ts).
{
  const family = PRESSURE_ULCER_FAMILY;
  const source = 'family:pressure-ulcer';
  const unspecified = UNSPECIFIED_PRESSURE_ULCER_SITE;
  for (const name of family.names) {
    add(name, pressureUlcerAt(unspecified, undefined), source, [], {});
    for (const stage of family.stages) {
      for (const stageWords of stage.words) {
        for (const form of [`${stageWords} ${name}`, `${name} ${stageWords}`, `${name}, ${stageWords}`]) {
          add(form, pressureUlcerAt(unspecified, stage.value), source, [], { stage: stage.value });
        }
      }
    }
  }
  for (const deepWords of family.deepTissue) add(deepWords, pressureUlcerAt(unspecified, 'deep-tissue'), source, [], { stage: 'deep-tissue' });
  // A site named before the name ("sacral pressure ulcer") is part of the term.
  for (const [site, words] of Object.entries(family.sites)) {
    for (const adjective of words.adjectives) {
      for (const name of family.names) {
        add(`${adjective} ${name}`, pressureUlcerAt(site, undefined), source, [], { site });
        for (const stage of family.stages) {
          for (const stageWords of stage.words) add(`${stageWords} ${adjective} ${name}`, pressureUlcerAt(site, stage.value), source);
        }
      }
      for (const deepWords of family.deepTissue) add(`${adjective} ${deepWords}`, pressureUlcerAt(site, 'deep-tissue'), source);
    }
  }
}

// The SNOMED CT map's displays, as Synthea writes them in its notes (lower case there: matched in any case).
for (const row of SNOMED_TO_ICD10CM.values()) {
  if (row.icd10 === undefined || Object.hasOwn(SKIPPED_SNOMED, row.snomed)) continue;
  const display = withoutSemanticTag(row.display);
  add(display, diagnosisOf(row.icd10, display, row.snomed), `snomed:${row.snomed}`);
}

/** Two entries with the same words that name different codes. */
export interface DictionaryConflict {
  readonly words: string;
  readonly kept: DictionaryTerm;
  readonly dropped: DictionaryTerm;
}

const byPath = new Map<string, DictionaryTerm>();
const conflicts: DictionaryConflict[] = [];
function keep(term: DictionaryTerm): void {
  const key = term.path.join('\u0001');
  if (key === '') return;
  const kept = byPath.get(key);
  if (!kept) {
    byPath.set(key, term);
  } else if (kept.diagnosis?.icd10 === term.diagnosis?.icd10) {
    // The same words and code from two tables: one entry, with the SNOMED CT code if either has it.
    if (kept.diagnosis && !kept.diagnosis.snomed && term.diagnosis?.snomed) byPath.set(key, { ...kept, diagnosis: { ...kept.diagnosis, snomed: term.diagnosis.snomed } });
  } else {
    conflicts.push({ words: term.words, kept, dropped: term });
  }
}

// Each term is tokenized once: its path, and its plural where natural ("pressure ulcers", "strokes").
for (const entry of terms) {
  const tokens = tokenize(entry.words);
  const path = pathOf(tokens, entry.exact);
  keep({ ...entry, path });
  const last = tokens.at(-1);
  const plural = last && !entry.exact.includes(last.text) ? PLURALS[last.key] : undefined;
  if (last && plural) {
    keep({ ...entry, words: `${entry.words.slice(0, last.start)}${plural}${entry.words.slice(last.end)}`, path: [...path.slice(0, -1), `~${plural}`] });
  }
}

/** The mention dictionary, one entry per distinct way of writing, in table order. */
export const MENTION_DICTIONARY: readonly DictionaryTerm[] = Object.freeze([...byPath.values()]);

/** Same words, different codes: kept empty by test/notes/diagnosis-terms.test.ts. */
export const DICTIONARY_CONFLICTS: readonly DictionaryConflict[] = Object.freeze(conflicts);
