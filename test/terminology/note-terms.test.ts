/**
 * The diagnosis words of src/terminology/note-terms.ts: every term and abbreviation is found in a sentence
 * with its code, every code is billable in ICD-10-CM FY2026, the families combine as the tabular does, and
 * what the table leaves out or names as no diagnosis yields no mention.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/notes/analyze-note';
import { findMentions } from '../../src/notes/mentions';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import {
  ATRIAL_FIBRILLATION_FAMILY, CKD_FAMILY, DIABETES_FAMILY, HEART_FAILURE_FAMILY, LEFT_OUT, NOT_DIAGNOSES, NOTE_TERMS, PRESSURE_ULCER_FAMILY,
  RESPIRATORY_FAILURE_FAMILY,
} from '../../src/terminology/note-terms';
import { PRESSURE_ULCER_SITES } from '../../src/terminology/pressure-ulcer';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

/** The one mention of a sentence that holds only `words` (after an Assessment header). */
function onlyMention(words: string) {
  const mentions = analyzeNote(`Assessment: ${words}.`).mentions;
  expect(mentions.map((m) => m.words), words).toEqual([words]);
  return mentions[0]!;
}

describe('NOTE_TERMS, as data', () => {
  it('gives every entry a unique kebab-case id, words, a display and the Index path or guideline that chose its code', () => {
    expect(new Set(NOTE_TERMS.map((t) => t.id)).size).toBe(NOTE_TERMS.length);
    for (const entry of NOTE_TERMS) {
      expect(entry.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(entry.terms.length + entry.abbreviations.length, entry.id).toBeGreaterThan(0);
      expect(entry.display.length, entry.id).toBeGreaterThan(2);
      expect(entry.why, entry.id).toMatch(/Index|Neoplasm Table|Guidelines/);
    }
  });

  it('writes terms in lower case (they match any case) and gives every abbreviation a capital letter (it must match exactly)', () => {
    for (const entry of NOTE_TERMS) {
      for (const term of entry.terms) expect(term, entry.id).toBe(term.toLowerCase());
      for (const abbreviation of entry.abbreviations) expect(abbreviation, entry.id).toMatch(/[A-Z]/);
    }
  });

  it('names every code billable in ICD-10-CM FY2026, dotted', () => {
    const problems = NOTE_TERMS.filter((entry) => icd10cm.lookup(entry.icd10)?.billable !== true || icd10cm.lookup(entry.icd10)!.code !== entry.icd10);
    expect(problems.map((p) => `${p.id} ${p.icd10}`)).toEqual([]);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(NOTE_TERMS)).toBe(true);
    for (const entry of NOTE_TERMS) expect(Object.isFrozen(entry) && Object.isFrozen(entry.terms) && Object.isFrozen(entry.abbreviations)).toBe(true);
  });
});

describe('every term and abbreviation of NOTE_TERMS', () => {
  const cases = NOTE_TERMS.flatMap((entry) => [...entry.terms, ...entry.abbreviations].map((words) => ({ id: entry.id, words, icd10: entry.icd10 })));
  it.each(cases)('finds "$words" as $icd10 ($id)', ({ words, icd10 }) => {
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });

  it.each(cases.filter((c) => /^[a-z]/.test(c.words) && c.words === c.words.toLowerCase()))('finds "$words" written in capitals too', ({ words, icd10 }) => {
    expect(onlyMention(words.toUpperCase()).diagnosis.icd10).toBe(icd10);
  });
});

describe('heart failure by type and acuity (I50.2-I50.4)', () => {
  const { acuities, types, typedNouns } = HEART_FAILURE_FAMILY;
  const cases = acuities.flatMap((acuity) => [...types, ...typedNouns].map((type) => ({ acuity: acuity.display, type: type.display, icd10: `I50.${type.value}${acuity.value}` })));
  it.each(cases)('"$acuity $type heart failure" is $icd10, billable', ({ acuity, type, icd10 }) => {
    expect(icd10cm.lookup(icd10)?.billable).toBe(true);
    const words = [acuity, type, 'heart failure'].filter(Boolean).join(' ').replace('combined systolic and diastolic', 'combined systolic and diastolic');
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });

  it.each([
    ['acute on chronic systolic heart failure', 'I50.23'],
    ['acute on chronic systolic CHF', 'I50.23'],
    ['Acute-on-chronic diastolic congestive heart failure', 'I50.33'],
    ['acute exacerbation of chronic combined systolic and diastolic heart failure', 'I50.43'],
    ['chronic HFrEF', 'I50.22'],
    ['acute HFpEF', 'I50.31'],
    ['HFmrEF', 'I50.20'],
    ['heart failure with preserved ejection fraction', 'I50.30'],
    ['CHF', 'I50.9'],
    ['acute CHF', 'I50.9'],
  ])('reads "%s" as %s', (words, icd10) => {
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });
});

describe('respiratory failure by acuity and gas (J96)', () => {
  const { acuities, gasBefore, gasAfter } = RESPIRATORY_FAILURE_FAMILY;
  const cases = acuities.flatMap((acuity) => [
    ...gasBefore.map((gas) => ({ words: [acuity.words[0], gas.words[0], 'respiratory failure'].filter(Boolean).join(' '), icd10: `J96.${acuity.value}${gas.value}` })),
    ...gasAfter.map((gas) => ({ words: [acuity.words[0], 'respiratory failure', gas.words[0]].filter(Boolean).join(' '), icd10: `J96.${acuity.value}${gas.value}` })),
  ]);
  it.each(cases)('"$words" is $icd10, billable', ({ words, icd10 }) => {
    expect(icd10cm.lookup(icd10)?.billable).toBe(true);
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });
});

describe('chronic kidney disease by stage (N18)', () => {
  it.each(CKD_FAMILY.stages.flatMap((stage) => stage.words.map((words) => ({ words, icd10: stage.value }))))('"CKD stage $words" is $icd10, billable', ({ words, icd10 }) => {
    expect(icd10cm.lookup(icd10)?.billable).toBe(true);
    expect(onlyMention(`CKD stage ${words}`).diagnosis.icd10).toBe(icd10);
    expect(onlyMention(`chronic kidney disease, stage ${words}`).diagnosis.icd10).toBe(icd10);
  });

  it.each([
    ['CKD stage 3b', 'N18.32'], ['CKD 3b', 'N18.32'], ['CKD3a', 'N18.31'], ['CKD stage IIIb', 'N18.32'], ['CKD IV', 'N18.4'],
    ['stage 4 chronic kidney disease', 'N18.4'], ['chronic kidney disease (stage 3)', 'N18.30'], ['CKD 5D', 'N18.6'], ['CKD stage 5 on dialysis', 'N18.6'],
    ['chronic renal insufficiency', 'N18.9'], ['CKD', 'N18.9'],
  ])('reads "%s" as %s', (words, icd10) => {
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });

  it('does not read "CKD I" (a pronoun) as stage 1', () => {
    expect(findMentions('CKD I think is stable').map((m) => [m.words, m.diagnosis.icd10])).toEqual([['CKD', 'N18.9']]);
  });
});

describe('diabetes by type (E10, E11; unstated type is type 2, Guidelines I.C.4.a.2)', () => {
  it.each(DIABETES_FAMILY.types.flatMap((type) => [...type.words.map((w) => `${w} diabetes`), ...(type.abbreviations ?? [])].map((words) => ({ words, icd10: `${type.value}.9` }))))(
    '"$words" is $icd10', ({ words, icd10 }) => {
      expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
    });

  it.each([
    ['type II diabetes', 'E11.9'], ['diabetes mellitus type 2', 'E11.9'], ['type 2 DM', 'E11.9'], ['T2DM', 'E11.9'], ['DM2', 'E11.9'],
    ['type 1 diabetes mellitus', 'E10.9'], ['diabetes', 'E11.9'], ['DM', 'E11.9'], ['type 2 diabetes with hyperglycemia', 'E11.65'],
    ['poorly controlled type 1 diabetes', 'E10.65'], ['T1DM with ketoacidosis', 'E10.10'], ['type 2 diabetes mellitus without complications', 'E11.9'],
    ['diabetes with hypoglycemia', 'E11.649'],
  ])('reads "%s" as %s', (words, icd10) => {
    expect(icd10cm.lookup(icd10)?.billable).toBe(true);
    expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
  });
});

describe('atrial fibrillation by kind (I48)', () => {
  it.each(ATRIAL_FIBRILLATION_FAMILY.kinds.flatMap((kind) => ATRIAL_FIBRILLATION_FAMILY.nouns.map((noun) => ({ words: [kind.words[0], noun].filter(Boolean).join(' '), icd10: kind.value }))))(
    '"$words" is $icd10, billable', ({ words, icd10 }) => {
      expect(icd10cm.lookup(icd10)?.billable).toBe(true);
      expect(onlyMention(words).diagnosis.icd10).toBe(icd10);
    });

  it.each(['atrial fibrillation', 'afib', 'a fib', 'a-fib', 'A-Fib', 'AFib', 'AF'])('reads "%s" as I48.91', (words) => {
    expect(onlyMention(words).diagnosis.icd10).toBe('I48.91');
  });
});

describe('pressure ulcers by stage and site (L89)', () => {
  const sites = Object.entries(PRESSURE_ULCER_FAMILY.sites);
  const stages = PRESSURE_ULCER_FAMILY.stages;
  it('names a site of PRESSURE_ULCER_SITES for every site it has words for', () => {
    for (const [site] of sites) expect(Object.hasOwn(PRESSURE_ULCER_SITES, site), site).toBe(true);
  });

  const staged = sites.flatMap(([site, words]) => stages.map((stage) => ({ site, stage: stage.words[0]!, noun: words.nouns[0]!, adjective: words.adjectives[0]! })));
  it.each(staged)('"$stage pressure injury of the $noun" and "$stage $adjective pressure ulcer" name site $site, billable', ({ site, stage, noun, adjective }) => {
    const viaNoun = onlyMention(`${stage} pressure injury of the ${noun}`).diagnosis.icd10;
    const viaAdjective = onlyMention(`${stage} ${adjective} pressure ulcer`).diagnosis.icd10;
    expect(viaNoun).toBe(viaAdjective);
    expect(viaNoun.replace('.', '').startsWith(site)).toBe(true);
    expect(icd10cm.lookup(viaNoun)?.billable).toBe(true);
  });

  it.each([
    ['stage 2 pressure injury of sacrum', 'L89.152'],
    ['Stage 2 pressure injury of the sacrum', 'L89.152'],
    ['stage II sacral decubitus ulcer', 'L89.152'],
    ['pressure ulcer of left heel, stage 3', 'L89.623'],
    ['sacral pressure ulcer (stage 4)', 'L89.154'],
    ['unstageable pressure injury to the coccyx', 'L89.150'],
    ['deep tissue pressure injury of the right heel', 'L89.616'],
    ['suspected deep tissue injury', 'L89.96'],
    ['pressure ulcer of right hip', 'L89.219'],
    ['stage 3 pressure ulcer', 'L89.93'],
    ['pressure ulcer, stage 1', 'L89.91'],
    ['pressure ulcers', 'L89.90'],
    ['bilateral heel pressure injuries', 'L89.609'],
  ])('reads "%s" as %s', (words, icd10) => {
    const found = findMentions(words);
    expect(found.at(-1)?.diagnosis.icd10).toBe(icd10);
    expect(icd10cm.lookup(icd10)?.billable).toBe(true);
  });
});

describe('NOT_DIAGNOSES: phrases that hold a diagnosis\'s words but name none', () => {
  it.each(NOT_DIAGNOSES.map((entry) => [entry.id, entry] as const))('%s: its example yields no mention', (_id, entry) => {
    expect(entry.why.length).toBeGreaterThan(10);
    expect(analyzeNote(entry.example).mentions).toEqual([]);
  });

  it.each(NOT_DIAGNOSES.flatMap((entry) => [...entry.terms, ...entry.abbreviations]))('"%s" yields no mention', (words) => {
    expect(findMentions(words)).toEqual([]);
  });
});

describe('LEFT_OUT: words the dictionary does not read, on purpose', () => {
  it.each(LEFT_OUT.map((entry) => [entry.words, entry.why] as const))('"%s" yields no mention (%s)', (words) => {
    expect(analyzeNote(`Assessment: ${words}.`).mentions).toEqual([]);
  });

  it('says why for each', () => {
    for (const entry of LEFT_OUT) expect(entry.why.length, entry.words).toBeGreaterThan(15);
  });
});
