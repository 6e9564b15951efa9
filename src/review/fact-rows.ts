/**
 * A finding's facts as the detail table shows them, in clinical terms: what, the value rounded as a
 * clinician reads it, the unit, the limit it was judged against, whether it is beyond it (in words: the
 * flag never rests on colour), the date as recorded and the kind of source. Pure.
 */
import type { Observation } from 'fhir/r4';
import type { Fact, FactRange, Finding } from '../rules/index';
import type { PatientRecord } from '../record/patient-record';
import { formatFhirDateTime } from '../record/fhir-dates';
import { formatNumber, unitLabel } from '../record/describe';
import { SYSTEM } from '../terminology/systems';
import { RESULT_DECIMALS } from '../terminology/display-precision';

export interface FactRow {
  what: string;
  /** `131`, `1.42`, or the coded value as recorded. */
  value?: string;
  unit?: string;
  /** `≥ 135`, `< 3.5`, `135–145`. */
  range?: string;
  /** `low`, `high`, `at the limit` (for "at least" criteria), in words. */
  flag?: string;
  date?: string;
  /** `Laboratory result`, `Medication order` ... */
  source: string;
  /** `Type/id`: for "view source". */
  reference: string;
  /** A note's sentence (facts of kind `note`): shown as a quote with the diagnosis's words marked, never as HTML. */
  quote?: NoteQuote;
}

export interface NoteQuote {
  before: string;
  /** The words that name the diagnosis. */
  words: string;
  after: string;
  /** What the sentence does with it, in words: `affirms it`, `negates it ("no evidence of")`. */
  reading: string;
}

const ASSERTION_READING: Readonly<Record<string, string>> = {
  affirmed: 'documents it',
  negated: 'negates it',
  uncertain: 'states it as uncertain',
  historical: 'states it as past history',
  hypothetical: 'states it as a possibility to watch for',
  family: 'states it of a relative',
};

function quoteOf(fact: Fact): NoteQuote | undefined {
  if (fact.kind !== 'note' || fact.text === undefined || !fact.mention) return undefined;
  const { start, end, assertion, cue } = fact.mention;
  if (start < 0 || end > fact.text.length || start >= end) return undefined;
  const reading = ASSERTION_READING[assertion] ?? assertion;
  return {
    before: fact.text.slice(0, start), words: fact.text.slice(start, end), after: fact.text.slice(end),
    reading: cue && assertion !== 'affirmed' ? `${reading} ("${cue}")` : reading,
  };
}

const SOURCE_BY_TYPE: Readonly<Record<string, string>> = {
  Observation: 'Observation',
  MedicationRequest: 'Medication order',
  MedicationAdministration: 'Medication given',
  Procedure: 'Procedure',
  Condition: 'Diagnosis',
  Encounter: 'Encounter',
  Claim: 'Claim',
  ExplanationOfBenefit: 'Explanation of benefit',
  DiagnosticReport: 'Report',
  DocumentReference: 'Note',
  AllergyIntolerance: 'Allergy',
  CareTeam: 'Care team',
};
const SOURCE_BY_KIND: Partial<Record<Fact['kind'], string>> = {
  result: 'Laboratory result', 'vital-sign': 'Vital sign', assessment: 'Assessment',
};

function loincOf(record: PatientRecord, reference: string): string | undefined {
  const resource = record.resolve(reference);
  if (resource?.resourceType !== 'Observation') return undefined;
  return (resource as Observation).code?.coding?.find((c) => c.system === SYSTEM.LOINC && c.code)?.code;
}

/** A value to the decimals its result is read with (`RESULT_DECIMALS`), else as summaries show numbers. */
export function clinicalValue(value: number, loinc: string | undefined): string {
  const decimals = loinc === undefined ? undefined : RESULT_DECIMALS.get(loinc);
  if (decimals === undefined) return formatNumber(value);
  const fixed = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
}

function rangeText(range: FactRange, show: (n: number) => string): string | undefined {
  if (range.low !== undefined && range.high !== undefined) return `${show(range.low)}–${show(range.high)}`;
  // The limit is normal unless the criterion is inclusive: the abnormal side, in symbols people read.
  if (range.low !== undefined) return range.inclusive ? `abnormal ≤ ${show(range.low)}` : `normal ≥ ${show(range.low)}`;
  if (range.high !== undefined) return range.inclusive ? `abnormal ≥ ${show(range.high)}` : `normal ≤ ${show(range.high)}`;
  return undefined;
}

function flagOf(value: number, range: FactRange): string | undefined {
  const { low, high, inclusive } = range;
  if (low !== undefined && (value < low || (inclusive && value === low))) return 'low';
  if (high !== undefined && (value > high || (inclusive && value === high))) return 'high';
  return low !== undefined || high !== undefined ? 'within' : undefined;
}

/** One row per fact, in the order the summary cites them. */
export function factRows(finding: Finding, record: PatientRecord): FactRow[] {
  return finding.facts.map((fact) => {
    const loinc = fact.value !== undefined ? loincOf(record, fact.reference) : undefined;
    const show = (n: number) => clinicalValue(n, loinc);
    const type = fact.reference.split('/')[0] ?? '';
    const unit = unitLabel(fact.unit);
    const range = fact.referenceRange && fact.value !== undefined ? rangeText(fact.referenceRange, show) : undefined;
    const flag = fact.referenceRange && fact.value !== undefined ? flagOf(fact.value, fact.referenceRange) : undefined;
    // A value flagged beyond a limit it rounds to (BMI 18.46 against 18.5) is shown with its decimals, so the
    // value and its flag do not contradict each other.
    const limit = flag === 'low' ? fact.referenceRange?.low : flag === 'high' ? fact.referenceRange?.high : undefined;
    const value = fact.value === undefined ? undefined
      : limit !== undefined && fact.value !== limit && show(fact.value) === show(limit) ? formatNumber(fact.value) : show(fact.value);
    const quote = quoteOf(fact);
    return {
      what: fact.label.charAt(0).toUpperCase() + fact.label.slice(1),
      ...(quote ? { quote } : {}),
      ...(value !== undefined ? { value } : fact.text !== undefined ? { value: fact.text } : {}),
      ...(unit && fact.value !== undefined ? { unit } : {}),
      ...(range ? { range } : {}),
      ...(flag ? { flag } : {}),
      ...(fact.time ? { date: formatFhirDateTime(fact.time) } : {}),
      source: SOURCE_BY_KIND[fact.kind] ?? SOURCE_BY_TYPE[type] ?? 'Record entry',
      reference: fact.reference,
    };
  });
}
