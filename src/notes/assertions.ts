/**
 * What a sentence asserts about each diagnosis it mentions: NegEx (Chapman WW et al., J Biomed Inform
 * 2001;34:301) for negation, ConText (Harkema H et al., J Biomed Inform 2009;42:839) for history, hypotheticals
 * and the experiencer, and the uncertain-diagnosis words of ICD-10-CM Official Guidelines II.H, III.C, IV.H.
 * The triggers are data: src/terminology/note-context.ts.
 *
 * How it reads a sentence:
 * 1. Triggers are matched word by word outside the mentions, longest first, left to right, so a
 *    pseudo-trigger ("no change", "gram negative", "history and physical") takes its words from the trigger
 *    inside it, and "ruled out" is not read as "rule out".
 * 2. Each trigger reaches the diagnoses on its side (forward, backward or both) within its sentence, up to
 *    CONTEXT_WINDOW_WORDS words away (a diagnosis of several words counts as one). A list continues the scope:
 *    the count starts again after each `,`, "and", "or", "nor", `/` and each SNOMED CT tag such as
 *    "(disorder)", so "denies chest pain, shortness of breath or CHF" negates CHF. The scope ends at a
 *    termination ("but", "however", ";", "which" ... for the categories it ends), or at the next trigger of the
 *    same category reaching the same way (the nearer one takes over).
 * 3. The section counts too: in a family-history section every diagnosis is the family's; in a past medical
 *    or surgical history section it is historical (cue: the section's title).
 * 4. When several apply, the first of this order wins: family > negated > hypothetical > historical >
 *    uncertain > affirmed. Someone else's diagnosis is never the patient's, whatever else is said of it; an
 *    absence outranks a possibility ("if CHF ... no CHF"); a hypothetical is not a past event; and a past
 *    event is not an open question. The cue is the winning trigger as written (the nearest one of its
 *    category), or the section's title.
 * Every step is one pass over the sentence's tokens per trigger, stopped at the window: linear in practice.
 */
import {
  CATEGORY_ASSERTION, CONTEXT_TRIGGERS, CONTEXT_WINDOW_WORDS, type ContextTrigger, type ScopedCategory,
} from '../terminology/note-context';
import type { MentionSpan } from './mentions';
import { tokenize, type NoteToken } from './tokens';
import type { MentionAssertion, NoteSection } from './types';

interface TriggerNode {
  readonly next: Map<string, TriggerNode>;
  trigger?: ContextTrigger;
}

const TRIGGERS: TriggerNode = { next: new Map() };
for (const trigger of CONTEXT_TRIGGERS) {
  for (const phrase of trigger.phrases) {
    let node = TRIGGERS;
    for (const token of tokenize(phrase)) {
      let child = node.next.get(token.key);
      if (!child) node.next.set(token.key, (child = { next: new Map() }));
      node = child;
    }
    // The first entry to list a phrase keeps it (test/terminology/note-context.test.ts keeps phrases unique).
    node.trigger ??= trigger;
  }
}

/** The trigger category that gives each assertion (the inverse of CATEGORY_ASSERTION). */
const CATEGORY_OF = Object.fromEntries(Object.entries(CATEGORY_ASSERTION).map(([category, assertion]) => [assertion, category])) as
  Record<Exclude<MentionAssertion, 'affirmed'>, ScopedCategory>;

/** The order in which assertions win when several apply. */
export const ASSERTION_PRIORITY: readonly Exclude<MentionAssertion, 'affirmed'>[] = Object.freeze(['family', 'negated', 'hypothetical', 'historical', 'uncertain']);

/** What the sentence asserts about one mention, and why. */
export interface AssertedMention {
  readonly assertion: MentionAssertion;
  /** The trigger as written, or the section's title; undefined when affirmed. */
  readonly cue?: string;
}

/** A trigger found in the sentence: tokens `first` up to `end`. */
interface FoundTrigger {
  readonly trigger: ContextTrigger;
  readonly first: number;
  readonly end: number;
  readonly words: number;
}

/** Words that join the items of a list: the scope goes on past them, and the word count starts again. */
const LIST_JOINERS = new Set([',', 'and', 'or', 'nor', '/', '&', '+']);
/** SNOMED CT semantic tags Synthea leaves after a display: "(disorder)", "(finding)". */
const SEMANTIC_TAGS = [['disorder'], ['finding'], ['situation'], ['morphologic', 'abnormality'], ['clinical', 'finding'], ['event'], ['procedure']];

/** Tokens of a semantic tag "( ... )" starting at `k`, or 0. */
function tagForward(tokens: readonly NoteToken[], k: number): number {
  if (tokens[k]?.key !== '(') return 0;
  for (const tag of SEMANTIC_TAGS) {
    if (tag.every((word, i) => tokens[k + 1 + i]?.key === word) && tokens[k + 1 + tag.length]?.key === ')') return tag.length + 2;
  }
  return 0;
}

/** Tokens of a semantic tag "( ... )" ending at `k`, or 0. */
function tagBackward(tokens: readonly NoteToken[], k: number): number {
  if (tokens[k]?.key !== ')') return 0;
  for (const tag of SEMANTIC_TAGS) {
    const open = k - tag.length - 1;
    if (tokens[open]?.key === '(' && tag.every((word, i) => tokens[open + 1 + i]?.key === word)) return tag.length + 2;
  }
  return 0;
}

/** Triggers in the sentence, longest first from the left, never inside a mention. */
function findTriggers(tokens: readonly NoteToken[], inMention: readonly boolean[]): FoundTrigger[] {
  const found: FoundTrigger[] = [];
  let i = 0;
  while (i < tokens.length) {
    let node: TriggerNode | undefined = TRIGGERS;
    let best: { trigger: ContextTrigger; end: number } | undefined;
    for (let k = i; k < tokens.length && !inMention[k]; k++) {
      node = node.next.get(tokens[k]!.key);
      if (!node) break;
      if (node.trigger) best = { trigger: node.trigger, end: k + 1 };
    }
    if (!best) {
      i++;
      continue;
    }
    let words = 0;
    for (let k = i; k < best.end; k++) if (tokens[k]!.word) words++;
    found.push({ trigger: best.trigger, first: i, end: best.end, words });
    i = best.end;
  }
  return found;
}

const reaches = (trigger: ContextTrigger, way: 'forward' | 'backward') => trigger.direction === 'both' || trigger.direction === way;
const ends = (termination: ContextTrigger, category: ScopedCategory) =>
  termination.category === 'termination' && (termination.ends === undefined || termination.ends.includes(category));

/** The nearest trigger of each category that reaches each mention, with its distance in words. */
type Reached = Map<ScopedCategory, { trigger: FoundTrigger; distance: number }>;

/**
 * Follows one trigger's scope in one direction, recording the mentions it reaches. `step` is +1 (forward) or
 * -1 (backward); `mentionAt` and `triggerAt` index, for each token, the mention or trigger that begins there
 * in that direction of reading (its first token forward, its last backward).
 */
function followScope(
  found: FoundTrigger, step: 1 | -1, tokens: readonly NoteToken[], spans: readonly MentionSpan[], triggers: readonly FoundTrigger[],
  mentionAt: Int32Array, triggerAt: Int32Array, reached: Reached[],
): void {
  const category = found.trigger.category as ScopedCategory;
  const way = step === 1 ? 'forward' : 'backward';
  let words = 0;
  let k = step === 1 ? found.end : found.first - 1;
  while (k >= 0 && k < tokens.length) {
    const m = mentionAt[k]!;
    if (m >= 0) {
      const span = spans[m]!;
      const known = reached[m]!.get(category);
      if (!known || words < known.distance) reached[m]!.set(category, { trigger: found, distance: words });
      words++;
      k = step === 1 ? span.endToken : span.firstToken - 1;
    } else if (triggerAt[k]! >= 0) {
      const other = triggers[triggerAt[k]!]!;
      if (ends(other.trigger, category) || (other.trigger.category === category && reaches(other.trigger, way))) return;
      words += other.words;
      k = step === 1 ? other.end : other.first - 1;
    } else {
      const token = tokens[k]!;
      const tag = step === 1 ? tagForward(tokens, k) : tagBackward(tokens, k);
      if (tag > 0 || LIST_JOINERS.has(token.key)) {
        words = 0;
        k += step * Math.max(tag, 1);
        continue;
      }
      if (token.word) words++;
      k += step;
    }
    if (words > CONTEXT_WINDOW_WORDS) return;
  }
}

/** The section's own assertion: a family-history section is the family's, a past history section historical. */
function sectionAssertion(section: NoteSection | undefined): 'family' | 'historical' | undefined {
  if (section?.kind === 'family-history') return 'family';
  if (section?.kind === 'past-medical-history' || section?.kind === 'past-surgical-history') return 'historical';
  return undefined;
}

/**
 * What one sentence asserts about each of its mentions (NegEx, Chapman 2001; ConText, Harkema 2009): one
 * result per span, in order. `text` is the sentence's text, `tokens` its tokens (tokens.ts), `spans` its
 * mentions (mentions.ts), `section` the section it is in.
 */
export function assertMentions(text: string, tokens: readonly NoteToken[], spans: readonly MentionSpan[], section?: NoteSection): AssertedMention[] {
  if (spans.length === 0) return [];
  const inMention = new Array<boolean>(tokens.length).fill(false);
  const mentionStart = new Int32Array(tokens.length).fill(-1);
  const mentionEnd = new Int32Array(tokens.length).fill(-1);
  spans.forEach((span, m) => {
    for (let k = span.firstToken; k < span.endToken; k++) inMention[k] = true;
    mentionStart[span.firstToken] = m;
    mentionEnd[span.endToken - 1] = m;
  });
  const triggers = findTriggers(tokens, inMention);
  const triggerStart = new Int32Array(tokens.length).fill(-1);
  const triggerEnd = new Int32Array(tokens.length).fill(-1);
  triggers.forEach((found, t) => {
    triggerStart[found.first] = t;
    triggerEnd[found.end - 1] = t;
  });
  const reached: Reached[] = spans.map(() => new Map());
  for (const found of triggers) {
    if (found.trigger.category === 'pseudo' || found.trigger.category === 'termination') continue;
    if (reaches(found.trigger, 'forward')) followScope(found, 1, tokens, spans, triggers, mentionStart, triggerStart, reached);
    if (reaches(found.trigger, 'backward')) followScope(found, -1, tokens, spans, triggers, mentionEnd, triggerEnd, reached);
  }
  const bySection = sectionAssertion(section);
  const cueOf = (found: FoundTrigger) => text.slice(tokens[found.first]!.start, tokens[found.end - 1]!.end);
  return reached.map((byCategory) => {
    for (const assertion of ASSERTION_PRIORITY) {
      const hit = byCategory.get(CATEGORY_OF[assertion]);
      if (hit) return { assertion, cue: cueOf(hit.trigger) };
      if (bySection === assertion) return { assertion, cue: section!.title };
    }
    return { assertion: 'affirmed' };
  });
}
