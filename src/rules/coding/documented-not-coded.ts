/**
 * documented-not-coded: a diagnosis a note of the review affirms ("Hyponatremia, fluid restriction.") that no
 * diagnosis of the record codes. Code assignment is based on the provider's documentation (ICD-10-CM
 * Official Guidelines I.A.19; Section III, reporting additional diagnoses that affect the stay), so a
 * documented diagnosis missing from the codes is the coder's to add or to review: not a query, the
 * physician has already written it.
 *
 * What counts: mentions the note reader classifies as affirmed (notes/assertions.ts); negated, uncertain,
 * historical, hypothetical and family mentions document nothing. A mention is coded when a diagnosis of the
 * record (Condition current or in the window, Encounter.diagnosis, claim line: RuleContext.isCoded) carries a
 * code of its family (terminology/diagnosis-families.ts: "anemia" is coded by D50.9; else any code of its
 * category) or its SNOMED CT concept. One finding per diagnosis and encounter, citing up to three sentences.
 */
import { formatFhirDateTime } from '../../record/fhir-dates';
import { codesThatCode } from '../../terminology/diagnosis-families';
import { noteFact } from '../engine/facts';
import type { CodingDiscrepancyDraft, NoteMentionIn, Rule } from '../engine/types';

export const DOCUMENTED_NOT_CODED_THRESHOLDS = {
  /** Sentences cited per finding (the newest notes first). */
  citedSentences: 3,
};

/** `the progress note of 2021-03-02` / `the preliminary discharge summary`. */
function describeNote({ note }: NoteMentionIn): string {
  const title = note.title.charAt(0).toLowerCase() + note.title.slice(1);
  return `the ${note.preliminary ? 'preliminary (not yet signed) ' : ''}${title}${note.time ? ` of ${formatFhirDateTime(note.time)}` : ''}`;
}

/** A display inside a sentence: `Hyponatremia` → `hyponatremia`, but `COPD` stays. */
const inSentence = (display: string) => (/^[A-Z][a-z]/.test(display) ? display.charAt(0).toLowerCase() + display.slice(1) : display);

export const documentedNotCoded: Rule<typeof DOCUMENTED_NOT_CODED_THRESHOLDS> = {
  id: 'coding/documented-not-coded',
  title: 'Diagnosis documented in a note but not coded',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'Codes are assigned from the provider\'s documentation (ICD-10-CM Official Guidelines I.A.19, Section III): a diagnosis a note of the review affirms and no diagnosis codes is for the coder to add or review.',
  thresholds: DOCUMENTED_NOT_CODED_THRESHOLDS,
  evaluate(context, t) {
    const byDiagnosis = new Map<string, NoteMentionIn[]>();
    for (const said of context.noteMentions()) {
      if (said.mention.assertion !== 'affirmed') continue;
      const key = `${said.mention.diagnosis.icd10}|${said.note.encounter ?? ''}`;
      byDiagnosis.set(key, [...(byDiagnosis.get(key) ?? []), said]);
    }
    const drafts: CodingDiscrepancyDraft[] = [];
    for (const mentions of byDiagnosis.values()) {
      const { diagnosis } = mentions[0]!.mention;
      if (context.isCoded({ icd10: codesThatCode(diagnosis.icd10), snomed: diagnosis.snomed ? [diagnosis.snomed] : [] })) continue;
      // One sentence per note, newest first (noteMentions is in that order).
      const cited = mentions.filter((m, i) => mentions.findIndex((x) => x.note === m.note) === i).slice(0, t.citedSentences);
      const facts = cited.map(noteFact);
      const newest = cited[0]!;
      const more = cited.length > 1 ? ` ${cited.length - 1} other note${cited.length > 2 ? 's' : ''} also document${cited.length > 2 ? '' : 's'} it.` : '';
      drafts.push({
        kind: 'documented-not-coded',
        target: newest.note.reference,
        facts,
        summary: `${describeNote(newest).replace(/^t/, 'T')} documents ${inSentence(diagnosis.display)} (${diagnosis.icd10}): "${facts[0]!.text}"${/[.!?…]$/.test(facts[0]!.text ?? '') ? '' : '.'} No diagnosis of the record codes it.${more}`,
        evidence: [...new Set(cited.map((m) => m.note.reference))],
        suspectedCondition: diagnosis.icd10,
        encounter: newest.note.encounter,
        observedAt: newest.note.time,
        answerOptions: [],
      });
    }
    return drafts;
  },
};
