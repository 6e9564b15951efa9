/**
 * The vocabulary of reading clinical notes (issue 13): a note's text, its sections and sentences, and
 * the diagnoses its sentences mention, each with what the sentence asserts about it. Pure data.
 */

/** Where a sentence sits in a note: the section its header names (src/terminology/note-sections.ts). */
export type SectionKind =
  | 'chief-complaint'
  | 'history-of-present-illness'
  | 'past-medical-history'
  | 'past-surgical-history'
  | 'family-history'
  | 'social-history'
  | 'medications'
  | 'allergies'
  | 'review-of-systems'
  | 'physical-exam'
  | 'results'
  | 'hospital-course'
  | 'assessment'
  | 'plan'
  | 'assessment-and-plan'
  | 'diagnoses'
  | 'other';

export interface NoteSection {
  kind: SectionKind;
  /** The header as written (`# Assessment and Plan`, `PMH:`), trimmed of its marks. */
  title: string;
  /** Offsets into the note's text: the section runs from its header to the next header. */
  start: number;
  end: number;
}

export interface NoteSentence {
  /** The sentence as written (never HTML: notes in text/html are turned into text first). */
  text: string;
  /** Offsets into the note's text. */
  start: number;
  end: number;
  /** The section the sentence is in; undefined before the first header. */
  section?: SectionKind;
}

/**
 * What a sentence asserts about a diagnosis it mentions (NegEx, Chapman et al. 2001; ConText, Harkema et
 * al. 2009): `affirmed` documents it; the others do not document it for the patient now.
 */
export type MentionAssertion = 'affirmed' | 'negated' | 'uncertain' | 'historical' | 'hypothetical' | 'family';

/** A diagnosis a note can name, as the mention dictionary knows it. */
export interface MentionedDiagnosis {
  /** ICD-10-CM FY2026 code (dotted) of what the words state, as specific as the words are: `I50.23`. */
  icd10: string;
  /** What the words name, in clinical words: `Acute on chronic systolic heart failure`. */
  display: string;
  /** SNOMED CT concept, when the dictionary entry came from one. */
  snomed?: string;
}

export interface NoteMention {
  diagnosis: MentionedDiagnosis;
  /** The words as written in the sentence (`afib`, `CHF`, `acute kidney injury`). */
  words: string;
  /** Offsets of the words in `sentence.text`. */
  start: number;
  end: number;
  sentence: NoteSentence;
  assertion: MentionAssertion;
  /** Why it is not affirmed, as written: the trigger (`denies`, `history of`, `possible`) or the section (`Family History`). */
  cue?: string;
}

export interface NoteAnalysis {
  sections: NoteSection[];
  sentences: NoteSentence[];
  mentions: NoteMention[];
}
