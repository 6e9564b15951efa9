/**
 * Facts: the observations behind a finding as data, and the one way a summary renders them. A fact says
 * what the record states (a value with its unit and time, a medication, a code as coded), never what it
 * means; the physician draws the conclusion (AHIMA/ACDIS compliant query practice: cite clinical indicators,
 * do not lead).
 */
import type { ObservationPoint } from '../../record/patient-record';
import { formatFhirDateTime } from '../../record/fhir-dates';
import { formatNumber, formatQuantity, unitLabel } from '../../record/describe';
import type { DocumentedDiagnosis, Fact, FactKind, FactRange, NoteMentionIn } from './types';

/** A laboratory result or other observation point as a fact: `sodium 131 mmol/L` at its time. */
export function resultFact(label: string, point: ObservationPoint, referenceRange?: FactRange, kind: FactKind = 'result'): Fact {
  return {
    kind,
    label,
    ...(point.value !== undefined ? { value: point.value } : {}),
    ...(point.unit !== undefined ? { unit: point.unit } : {}),
    time: point.time,
    ...(referenceRange ? { referenceRange } : {}),
    reference: point.reference,
  };
}

/** `131 mmol/L`, `"Stage 3"`, or `result` when the fact has no value. */
export function describeFactValue(fact: Fact): string {
  if (fact.value !== undefined) return formatQuantity(fact.value, fact.unit);
  if (fact.text !== undefined) return fact.text;
  return 'result';
}

/**
 * `sodium 131 mmol/L on 2021-03-01 08:00`: how a summary cites a measured fact. Facts without a value read
 * `<label> on <time>`; without a time, the time is left out.
 */
export function describeFact(fact: Fact): string {
  if (fact.kind === 'note') return `${fact.label}${fact.time ? ` of ${formatFhirDateTime(fact.time)}` : ''}: "${fact.text ?? ''}"`;
  const measured = fact.value !== undefined || fact.text !== undefined || fact.kind === 'result' || fact.kind === 'vital-sign';
  const what = measured ? `${fact.label} ${describeFactValue(fact)}` : fact.label;
  return fact.time ? `${what} on ${formatFhirDateTime(fact.time)}` : what;
}

/** `reference limit 135 mmol/L` / `upper reference limit 5.0 mmol/L`, as summaries state a threshold. */
export function describeRange(range: FactRange, digits?: number): string {
  const show = (n: number) => (digits === undefined ? formatNumber(n) : n.toFixed(digits));
  const label = unitLabel(range.unit);
  const unit = label ? ` ${label}` : '';
  if (range.low !== undefined && range.high !== undefined) return `reference range ${show(range.low)}–${show(range.high)}${unit}`;
  if (range.inclusive) return range.high !== undefined ? `abnormal from ${show(range.high)}${unit}` : `abnormal at ${show(range.low!)}${unit} or below`;
  if (range.high !== undefined) return `upper reference limit ${show(range.high)}${unit}`;
  return `reference limit ${show(range.low!)}${unit}`;
}

/** The facts of two findings merged: each fact once (same resource, label and time), in order. */
export function mergeFacts(kept: readonly Fact[], added: readonly Fact[]): Fact[] {
  const key = (f: Fact) => `${f.reference}|${f.label}|${f.time ?? ''}|${f.value ?? ''}|${f.text ?? ''}`;
  const seen = new Set(kept.map(key));
  return [...kept, ...added.filter((f) => !seen.has(key(f)) && seen.add(key(f)))];
}

/** A medication order or administration as a fact: its product name at its time. */
export function medicationFact(event: { name: string; time?: string; reference: string }): Fact {
  return { kind: 'medication', label: event.name, ...(event.time !== undefined ? { time: event.time } : {}), reference: event.reference };
}

/** The facts' described values joined for a sentence: `sodium 131 mmol/L on …, sodium 129 mmol/L on …`. */
export function describeFacts(facts: readonly Fact[]): string {
  return facts.map(describeFact).join(', ');
}

/**
 * Something the record states that is not measured: a diagnosis as coded (`E11.9`), a procedure, an
 * encounter or a claim; `text` carries a recorded value when there is one (a stage, a route).
 */
export function statedFact(kind: FactKind, label: string, reference: string, { time, text }: { time?: string; text?: string } = {}): Fact {
  return { kind, label, ...(text !== undefined ? { text } : {}), ...(time !== undefined ? { time } : {}), reference };
}

/**
 * The Conditions among a diagnosis's documentation as facts, each once, labelled as the summary words the
 * diagnosis (`chronic kidney disease` for "Chronic kidney disease is documented."), at their recorded time.
 */
export function documentingConditionFacts(diagnoses: readonly DocumentedDiagnosis[], label: string): Fact[] {
  const seen = new Set<string>();
  return diagnoses
    .filter((d) => d.resource.resourceType === 'Condition' && !seen.has(d.reference) && seen.add(d.reference))
    .map((d) => statedFact('diagnosis', label, d.reference, { time: d.time }));
}

/** Longest sentence a fact quotes; a longer one is cut around the mention, marked with "…". */
export const MAX_QUOTED_CHARACTERS = 320;

/**
 * A note's sentence as a fact: `progress note of 2021-03-02: "Hyponatremia, fluid restriction."`, with where
 * the diagnosis is named in it and what the sentence asserts. Quoted as written (text, never markup).
 */
export function noteFact({ note, mention }: NoteMentionIn): Fact {
  const sentence = mention.sentence.text;
  let text = sentence;
  let start = mention.start;
  if (sentence.length > MAX_QUOTED_CHARACTERS) {
    const around = Math.max(0, Math.floor((MAX_QUOTED_CHARACTERS - (mention.end - mention.start)) / 2));
    const from = Math.max(0, Math.min(mention.start - around, sentence.length - MAX_QUOTED_CHARACTERS));
    const to = Math.min(sentence.length, from + MAX_QUOTED_CHARACTERS);
    const head = from > 0 ? '…' : '';
    text = `${head}${sentence.slice(from, to)}${to < sentence.length ? '…' : ''}`;
    start = mention.start - from + head.length;
  }
  return {
    kind: 'note',
    label: note.title.charAt(0).toLowerCase() + note.title.slice(1),
    text,
    ...(note.time !== undefined ? { time: note.time } : {}),
    reference: note.reference,
    mention: { start, end: start + (mention.end - mention.start), assertion: mention.assertion, ...(mention.cue ? { cue: mention.cue } : {}) },
  };
}
