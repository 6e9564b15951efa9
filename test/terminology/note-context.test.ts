/**
 * The context triggers of src/terminology/note-context.ts, entry by entry and phrase by phrase: each entry's
 * example sentences are classified as it says (with the trigger as the cue), its near misses are not, and
 * every phrase decides a sentence built around it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/notes/analyze-note';
import { tokenize } from '../../src/notes/tokens';
import type { NoteMention } from '../../src/notes/types';
import {
  CATEGORY_ASSERTION, CONTEXT_TRIGGERS, CONTEXT_WINDOW_WORDS, type ContextExample, type ContextTrigger, type ScopedCategory,
} from '../../src/terminology/note-context';

/** The mention of `words` in `text`, analyzed as a note of one line. */
function mentionOf(text: string, words: string): NoteMention {
  const found = analyzeNote(text).mentions.filter((m) => m.words === words);
  expect(found, `"${words}" in "${text}"`).toHaveLength(1);
  return found[0]!;
}

/** A phrase as the trigger tables compare it: its words in lower case, hyphens as spaces. */
const normalized = (phrase: string) => tokenize(phrase).map((t) => t.key).join(' ');

const isScoped = (trigger: ContextTrigger) => trigger.category !== 'pseudo' && trigger.category !== 'termination';

describe('CONTEXT_TRIGGERS, as data', () => {
  it('gives every entry a unique kebab-case id, phrases, a reason with its source and at least one example', () => {
    expect(new Set(CONTEXT_TRIGGERS.map((t) => t.id)).size).toBe(CONTEXT_TRIGGERS.length);
    for (const trigger of CONTEXT_TRIGGERS) {
      expect(trigger.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(trigger.phrases.length, trigger.id).toBeGreaterThan(0);
      expect(trigger.why, trigger.id).toMatch(/NegEx|ConText|Guidelines/);
      expect(trigger.examples.length, trigger.id).toBeGreaterThan(0);
    }
  });

  it('lists each phrase once across all entries (a phrase with two meanings would be read by whichever came first)', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const trigger of CONTEXT_TRIGGERS) {
      for (const phrase of trigger.phrases) {
        const key = normalized(phrase);
        if (seen.has(key)) duplicates.push(`${phrase} (${seen.get(key)} and ${trigger.id})`);
        seen.set(key, trigger.id);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('gives pseudo-triggers and terminations no direction of their own, and only terminations a list of scopes they end', () => {
    for (const trigger of CONTEXT_TRIGGERS) {
      if (!isScoped(trigger)) expect(trigger.direction, trigger.id).toBe('both');
      if (trigger.ends) expect(trigger.category, trigger.id).toBe('termination');
    }
  });

  it('covers every category, in both NegEx directions', () => {
    const categories = new Set(CONTEXT_TRIGGERS.map((t) => t.category));
    expect([...categories].sort()).toEqual(['family', 'historical', 'hypothetical', 'negation', 'pseudo', 'termination', 'uncertain']);
    const negation = CONTEXT_TRIGGERS.filter((t) => t.category === 'negation');
    expect(negation.some((t) => t.direction === 'forward')).toBe(true);
    expect(negation.some((t) => t.direction === 'backward')).toBe(true);
  });

  it('uses the NegEx window of five words', () => {
    expect(CONTEXT_WINDOW_WORDS).toBe(5);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(CONTEXT_TRIGGERS)).toBe(true);
    for (const trigger of CONTEXT_TRIGGERS) {
      expect(Object.isFrozen(trigger), trigger.id).toBe(true);
      expect(Object.isFrozen(trigger.phrases), trigger.id).toBe(true);
      expect(Object.isFrozen(trigger.examples), trigger.id).toBe(true);
    }
  });
});

describe.each(CONTEXT_TRIGGERS.map((trigger) => [trigger.id, trigger] as const))('trigger %s', (_id, trigger) => {
  it.each(trigger.examples.map((example) => [example.text, example] as const))('reads "%s" as the entry says', (_text, example: ContextExample) => {
    const mention = mentionOf(example.text, example.words);
    expect(mention.assertion).toBe(example.assertion);
    // A scoped trigger that decides the sentence is its cue, as written.
    if (isScoped(trigger) && CATEGORY_ASSERTION[trigger.category as ScopedCategory] === example.assertion) {
      expect(trigger.phrases.map(normalized)).toContain(normalized(mention.cue!));
      expect(example.text).toContain(mention.cue);
    }
  });

  it.each(trigger.nearMisses.map((example) => [example.text, example] as const))('is not fooled by "%s"', (_text, example: ContextExample) => {
    const mention = mentionOf(example.text, example.words);
    expect(mention.assertion).toBe(example.assertion);
    if (example.assertion !== 'affirmed' && mention.cue !== undefined) expect(trigger.phrases.map(normalized)).not.toContain(normalized(mention.cue));
  });
});

/** A sentence that each phrase, alone, must decide; and what it must assert about CHF there. */
function phraseCases(trigger: ContextTrigger): Array<{ id: string; phrase: string; text: string; assertion: string }> {
  const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return trigger.phrases.flatMap((phrase) => {
    if (trigger.category === 'pseudo') return [{ id: trigger.id, phrase, text: `${capitalized(phrase)} CHF.`, assertion: 'affirmed' }];
    if (trigger.category === 'termination') {
      const ends = trigger.ends ?? ['negation'];
      // A trigger of a category the termination ends, then the termination, then CHF: the scope stops.
      const opening = ends.includes('negation') ? 'No fever' : ends.includes('historical') ? 'History of stroke,' : 'Daughter reports';
      return [{ id: trigger.id, phrase, text: `${opening} ${phrase} has CHF.`, assertion: 'affirmed' }];
    }
    const assertion = CATEGORY_ASSERTION[trigger.category as ScopedCategory];
    const cases = [];
    if (trigger.direction !== 'backward') cases.push({ id: trigger.id, phrase, text: `${capitalized(phrase)} CHF.`, assertion });
    if (trigger.direction !== 'forward') cases.push({ id: trigger.id, phrase, text: `CHF ${phrase}.`, assertion });
    return cases;
  });
}

describe('every phrase on its own', () => {
  it.each(CONTEXT_TRIGGERS.flatMap(phraseCases))('$id: "$text" reads CHF as $assertion', ({ text, phrase, assertion }) => {
    const mention = mentionOf(text, 'CHF');
    expect(mention.assertion).toBe(assertion);
    if (assertion !== 'affirmed') expect(normalized(mention.cue!)).toBe(normalized(phrase));
  });
});
