/**
 * Medication orders and administrations as rule evidence: which class they belong to and when they
 * happened. Matching by RxNorm code first, then by ingredient or brand name in the product's text.
 */
import type { CodeableConcept, MedicationAdministration, MedicationRequest } from 'fhir/r4';
import type { RuleContext } from './types';
import { SYSTEM } from '../../terminology/systems';
import { nameMatches, rxcuisOf, type MedicationClass } from '../../terminology/medications';
import { fhirTimeMs } from '../../record/fhir-dates';

export interface MedicationEvent {
  resource: MedicationRequest | MedicationAdministration;
  /** `MedicationRequest/id` or `MedicationAdministration/id` */
  reference: string;
  /** authoredOn / effective time (ISO), when recorded. */
  time?: string;
  timeMs?: number;
  concept?: CodeableConcept;
  /** Display text of the medication, for summaries. */
  name: string;
}

/** Whether a medication concept belongs to the class. */
export function conceptInClass(concept: CodeableConcept | undefined, medicationClass: MedicationClass): boolean {
  if (!concept) return false;
  const codes = rxcuisOf(medicationClass);
  if ((concept.coding ?? []).some((c) => c.system === SYSTEM.RXNORM && c.code && codes.has(c.code))) return true;
  return [concept.text, ...(concept.coding ?? []).map((c) => c.display)].some((text) => text !== undefined && nameMatches(medicationClass, text));
}

const EXCLUDED_STATUSES = new Set(['entered-in-error', 'cancelled', 'not-done']);

// Every medication rule asks for the same events: worked out once per record.
const eventsByRecord = new WeakMap<RuleContext['record'], readonly MedicationEvent[]>();

/** Every non-cancelled medication order and administration in the record, with its time and name. */
export function medicationEvents(context: RuleContext): readonly MedicationEvent[] {
  const { record } = context;
  const cached = eventsByRecord.get(record);
  if (cached) return cached;
  const events: MedicationEvent[] = [];
  const add = (resource: MedicationRequest | MedicationAdministration, time: string | undefined) => {
    if (EXCLUDED_STATUSES.has(resource.status ?? '')) return;
    const concept = record.medicationOf(resource);
    const timeMs = fhirTimeMs(time) ?? NaN;
    events.push({
      resource, reference: `${resource.resourceType}/${resource.id}`, concept,
      name: concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? 'a medication',
      ...(Number.isNaN(timeMs) ? {} : { time, timeMs }),
    });
  };
  for (const order of record.byType('MedicationRequest')) add(order, order.authoredOn);
  for (const given of record.byType('MedicationAdministration')) add(given, given.effectiveDateTime ?? given.effectivePeriod?.start);
  eventsByRecord.set(record, events);
  return events;
}

/**
 * Orders and administrations of a class dated inside the review window; with `includeActiveOrders`, also
 * orders still active whenever they were written (a standing medication is a current one).
 */
export function medicationsInWindow(context: RuleContext, medicationClass: MedicationClass, { includeActiveOrders = false } = {}): MedicationEvent[] {
  const { startMs, endMs } = context.window;
  return medicationEvents(context).filter((event) =>
    conceptInClass(event.concept, medicationClass) &&
    ((event.timeMs !== undefined && event.timeMs >= startMs && event.timeMs <= endMs) ||
      (includeActiveOrders && event.resource.resourceType === 'MedicationRequest' && event.resource.status === 'active')));
}
