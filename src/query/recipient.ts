/**
 * Who a query goes to: the attending physician, found in the record in the order of ../shared/DOMAIN.md §4.6
 * (a query goes to the provider who wrote the documentation; when attending and consultant conflict, to the
 * attending: AHIMA/ACDIS, *Guidelines for Achieving a Compliant Query Practice*, 2022 update):
 *
 * 1. the launch Encounter's participant typed ATND (attender, HL7 v3 ParticipationType) whose period is
 *    current, else the latest;
 * 2. PPRF (primary performer: what Synthea's R4 exporter writes);
 * 3. ADM (admitter) or DIS (discharger);
 * 4. any other Practitioner participant (older Synthea exports leave the type empty);
 * 5. a Practitioner of an active CareTeam of the patient (the encounter's own first);
 * 6. Patient.generalPractitioner.
 *
 * A participant may name a PractitionerRole: it stands for its `practitioner`, found when the role is in the
 * record (or contained in the encounter). Only a Practitioner can own a query (the physician's inbox searches
 * `Task?owner=Practitioner/...`, the fhirUser), so a role the record does not hold, a RelatedPerson, a
 * contained Practitioner (no address outside its container) or an inactive Practitioner is passed over.
 * Nothing found: the composer requires the technician to choose (a search of Practitioners by name). Pure.
 */
import type { CareTeam, Encounter, Period, Practitioner, PractitionerRole, Reference, Resource } from 'fhir/r4';
import { fhirTimeMs, parseFhirDateTime } from '../record/fhir-dates';
import type { PatientRecord } from '../record/patient-record';
import { practitionerName } from '../record/people';
import { parseReference } from '../record/references';
import { SYSTEM, canonicalSystem } from '../terminology/systems';

export type RecipientSource = 'ATND' | 'PPRF' | 'ADM' | 'DIS' | 'participant' | 'care-team' | 'general-practitioner';

export interface Recipient {
  /** `Practitioner/<id>` (an absolute URL as written when the record does not hold the Practitioner). */
  reference: string;
  /** The name to show: the reference's display, else the Practitioner's name, when known. */
  display?: string;
  /** Which step of the order found it. */
  source: RecipientSource;
}

/** The participant types of each step, in order (v3 ParticipationType). */
const TYPED_STEPS: ReadonlyArray<readonly ['ATND' | 'PPRF' | 'ADM' | 'DIS', ...string[]]> = [['ATND'], ['PPRF'], ['DIS', 'ADM']];

/** Whether a period covers `nowMs` (an open end runs on; a date ends with its day), and its bounds for ordering. */
function periodBounds(period: Period | undefined): { start: number; end: number } {
  const start = fhirTimeMs(period?.start) ?? -Infinity;
  const end = parseFhirDateTime(period?.end)?.endMs ?? Infinity;
  return { start, end };
}

/**
 * Of several people in one role, the one whose period covers now (the latest to start, after a hand-off), else
 * the one whose period ended last (then started last). Stable: input order breaks ties.
 */
function currentOrLatest<T>(items: readonly T[], periodOf: (item: T) => Period | undefined, nowMs: number): T[] {
  const ranked = items.map((item, order) => ({ item, order, ...periodBounds(periodOf(item)) }));
  const current = ranked.filter((r) => r.start <= nowMs && nowMs <= r.end).sort((a, b) => b.start - a.start || a.order - b.order);
  const past = ranked.filter((r) => !(r.start <= nowMs && nowMs <= r.end)).sort((a, b) => b.end - a.end || b.start - a.start || a.order - b.order);
  return [...current, ...past].map((r) => r.item);
}

function typeCodes(participant: NonNullable<Encounter['participant']>[number]): string[] {
  return (participant.type ?? []).flatMap((concept) => concept.coding ?? [])
    .filter((c) => c.system === undefined || canonicalSystem(c.system) === SYSTEM.V3_PARTICIPATION_TYPE)
    .flatMap((c) => (typeof c.code === 'string' ? [c.code.trim().toUpperCase()] : []));
}

const isActive = (resource: { active?: boolean }) => resource.active !== false;

/**
 * The Practitioner a reference stands for: itself, or a PractitionerRole's practitioner. Undefined when it
 * is not a Practitioner the query can be addressed to.
 */
function practitionerOf(record: PatientRecord, reference: Reference | undefined, container: Resource | undefined, source: RecipientSource, depth = 0): Recipient | undefined {
  const text = reference?.reference;
  const parsed = parseReference(text);
  if (!parsed || depth > 1) return undefined;
  const resolved = record.resolve(reference, container);
  const type = resolved?.resourceType ?? (parsed.kind === 'relative' || parsed.kind === 'absolute' ? parsed.type : undefined) ?? reference?.type;
  if (type === 'PractitionerRole') {
    const role = resolved as PractitionerRole | undefined;
    if (!role || !isActive(role)) return undefined;
    // A role contained in the encounter refers to its practitioner from the encounter's point of view.
    const found = practitionerOf(record, role.practitioner, parsed.kind === 'contained' ? container : role, source, depth + 1);
    return found && !found.display && reference?.display ? { ...found, display: reference.display } : found;
  }
  if (type !== 'Practitioner') return undefined;
  const practitioner = resolved as Practitioner | undefined;
  if (parsed.kind === 'contained') return undefined;
  if (practitioner && !isActive(practitioner)) return undefined;
  const address = practitioner?.id ? `Practitioner/${practitioner.id}` : parsed.kind === 'relative' ? `Practitioner/${parsed.id}` : text!;
  const display = nonEmpty(reference?.display) ?? (practitioner ? practitionerName(practitioner) : undefined);
  return { reference: address, ...(display ? { display } : {}), source };
}

const nonEmpty = (text: string | undefined) => (typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined);

function fromEncounter(record: PatientRecord, encounter: Encounter, nowMs: number): Recipient | undefined {
  const participants = (encounter.participant ?? []).filter((p) => p.individual !== undefined);
  for (const codes of TYPED_STEPS) {
    const ofType = participants.filter((p) => typeCodes(p).some((code) => codes.includes(code)));
    for (const participant of currentOrLatest(ofType, (p) => p.period, nowMs)) {
      const code = typeCodes(participant).find((c) => codes.includes(c)) as RecipientSource;
      const found = practitionerOf(record, participant.individual, encounter, code);
      if (found) return found;
    }
  }
  for (const participant of currentOrLatest(participants, (p) => p.period, nowMs)) {
    const found = practitionerOf(record, participant.individual, encounter, 'participant');
    if (found) return found;
  }
  return undefined;
}

function fromCareTeams(record: PatientRecord, encounterReference: string | undefined, nowMs: number): Recipient | undefined {
  const active = record.byType('CareTeam').filter((team) => team.status === 'active');
  const ofEncounter = (team: CareTeam) => encounterReference !== undefined && record.resolve(team.encounter, team) === record.resolve(encounterReference);
  const teams = [...active.filter(ofEncounter), ...currentOrLatest(active.filter((t) => !ofEncounter(t)), (t) => t.period, nowMs)];
  for (const team of teams) {
    const members = (team.participant ?? []).filter((p) => p.member !== undefined);
    for (const member of currentOrLatest(members, (p) => p.period, nowMs)) {
      const found = practitionerOf(record, member.member, team, 'care-team');
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The attending physician to address a query to, in the order of DOMAIN §4.6 (see the file header), or
 * undefined when the record names none (the composer then requires a choice). `encounterReference` is the
 * launch encounter (`Encounter/id`, absolute, or `urn:uuid:`); without it the encounter steps are skipped.
 * `nowMs` decides which participant period is current.
 */
export function attendingPhysician(record: PatientRecord, encounterReference: string | undefined, nowMs: number): Recipient | undefined {
  const encounter = encounterReference !== undefined ? record.resolve(encounterReference) : undefined;
  if (encounter?.resourceType === 'Encounter') {
    const found = fromEncounter(record, encounter as Encounter, nowMs);
    if (found) return found;
  }
  const found = fromCareTeams(record, encounter?.resourceType === 'Encounter' ? encounterReference : undefined, nowMs);
  if (found) return found;
  const patient = record.patient;
  for (const reference of patient?.generalPractitioner ?? []) {
    const gp = practitionerOf(record, reference, patient, 'general-practitioner');
    if (gp) return gp;
  }
  return undefined;
}
