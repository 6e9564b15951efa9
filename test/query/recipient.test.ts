/**
 * Who a query goes to: the attending, found in the order of ../shared/DOMAIN.md §4.6 (ATND current or latest,
 * PPRF, ADM/DIS, any practitioner participant, an active CareTeam, the general practitioner). Encounters and
 * CareTeams are shaped as Synthea's R4 export writes them (PPRF participants, `Practitioner?identifier` style
 * references resolved to ids by the loader).
 */
import { describe, expect, it } from 'vitest';
import type { CareTeam, Encounter, Practitioner, PractitionerRole, Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { attendingPhysician } from '../../src/query/recipient';
import { SYSTEM } from '../../src/terminology/systems';
import { encounter, patient } from '../rules/support';

const NOW = Date.parse('2021-03-05T12:00:00Z');
const STAY_START = '2021-03-01T08:00:00Z';

function practitioner(id: string, family: string, given: string, overrides: Partial<Practitioner> = {}): Practitioner {
  return { resourceType: 'Practitioner', id, active: true, name: [{ family, given: [given], prefix: ['Dr.'] }], ...overrides };
}
const lee = practitioner('lee', 'Lee', 'Ana');
const okoro = practitioner('okoro', 'Okoro', 'Chidi');
const varga = practitioner('varga', 'Varga', 'Eszter');
const moss = practitioner('moss', 'Moss', 'Tom');

type Participant = NonNullable<Encounter['participant']>[number];
function participant(code: string | undefined, reference: string, period?: { start?: string; end?: string }, display?: string): Participant {
  return {
    ...(code ? { type: [{ coding: [{ system: SYSTEM.V3_PARTICIPATION_TYPE, code }] }] } : {}),
    individual: { reference, ...(display ? { display } : {}) },
    ...(period ? { period } : {}),
  };
}

function stay(participants: Participant[], overrides: Partial<Encounter> = {}): Encounter {
  return encounter('enc-1', STAY_START, undefined, 'IMP', { participant: participants, ...overrides });
}

const recordOf = (...resources: Resource[]) => PatientRecord.fromResources([patient(), lee, okoro, varga, moss, ...resources]);
const attending = (resources: Resource[], encounterReference: string | null = 'Encounter/enc-1', now = NOW) =>
  attendingPhysician(recordOf(...resources), encounterReference ?? undefined, now);

describe('the order of DOMAIN §4.6', () => {
  it('takes the attender (ATND) first, before the primary performer, admitter and others', () => {
    const found = attending([stay([
      participant('PPRF', 'Practitioner/okoro'), participant('ADM', 'Practitioner/varga'), participant('ATND', 'Practitioner/lee', undefined, 'Dr. Ana Lee, MD'),
    ])]);
    expect(found).toEqual({ reference: 'Practitioner/lee', display: 'Dr. Ana Lee, MD', source: 'ATND' });
  });

  it('falls back to the primary performer (PPRF, as Synthea writes it)', () => {
    expect(attending([stay([participant('ADM', 'Practitioner/varga'), participant('PPRF', 'Practitioner/okoro')])])).toMatchObject({ reference: 'Practitioner/okoro', source: 'PPRF' });
  });

  it('then to the admitter or discharger', () => {
    expect(attending([stay([participant('CON', 'Practitioner/moss'), participant('ADM', 'Practitioner/varga')])])).toMatchObject({ reference: 'Practitioner/varga', source: 'ADM' });
    expect(attending([stay([participant('DIS', 'Practitioner/varga')])])).toMatchObject({ source: 'DIS' });
  });

  it('then to any practitioner participant (untyped, as older Synthea exports leave it)', () => {
    expect(attending([stay([participant(undefined, 'Practitioner/moss')])])).toMatchObject({ reference: 'Practitioner/moss', source: 'participant' });
  });

  it('then to a practitioner of an active CareTeam, the encounter\'s own first', () => {
    const team = (id: string, member: string, overrides: Partial<CareTeam> = {}): CareTeam => ({
      resourceType: 'CareTeam', id, status: 'active', subject: { reference: 'Patient/pat-1' },
      participant: [{ role: [{ text: 'Patient' }], member: { reference: 'Patient/pat-1' } }, { member: { reference: member } }], ...overrides,
    });
    const general = team('ct-general', 'Practitioner/moss', { period: { start: '2015-01-01' } });
    const ofStay = team('ct-stay', 'Practitioner/varga', { encounter: { reference: 'Encounter/enc-1' }, period: { start: '2010-01-01' } });
    const inactive = team('ct-old', 'Practitioner/lee', { status: 'inactive' });
    expect(attending([stay([]), general, ofStay, inactive])).toMatchObject({ reference: 'Practitioner/varga', source: 'care-team' });
    expect(attending([stay([]), general, inactive])).toMatchObject({ reference: 'Practitioner/moss', source: 'care-team' });
    expect(attending([stay([]), inactive])).toBeUndefined();
  });

  it('then to the general practitioner named on the patient', () => {
    const record = PatientRecord.fromResources([patient({ generalPractitioner: [{ reference: 'Organization/clinic' }, { reference: 'Practitioner/lee' }] }), lee, stay([])]);
    expect(attendingPhysician(record, 'Encounter/enc-1', NOW)).toEqual({ reference: 'Practitioner/lee', display: 'Dr. Ana Lee', source: 'general-practitioner' });
  });

  it('finds no one in a record that names no clinician (the composer then requires a choice)', () => {
    expect(attending([stay([participant('ATND', 'RelatedPerson/daughter')])])).toBeUndefined();
    expect(attending([])).toBeUndefined();
  });

  it('without a launch encounter, looks only at care teams and the general practitioner', () => {
    expect(attending([stay([participant('ATND', 'Practitioner/lee')])], null)).toBeUndefined();
  });
});

describe('which attender, when several are on record', () => {
  const handOff = [
    participant('ATND', 'Practitioner/lee', { start: STAY_START, end: '2021-03-03T07:00:00Z' }),
    participant('ATND', 'Practitioner/okoro', { start: '2021-03-03T07:00:00Z' }),
    participant('ATND', 'Practitioner/varga', { start: '2021-02-01T08:00:00Z', end: '2021-02-02T08:00:00Z' }),
  ];

  it('takes the one whose period is current (after a hand-off, the latest to start)', () => {
    expect(attending([stay(handOff)])).toMatchObject({ reference: 'Practitioner/okoro' });
    expect(attending([stay([participant('ATND', 'Practitioner/lee'), participant('ATND', 'Practitioner/okoro', { start: '2021-03-03T07:00:00Z' })])])).toMatchObject({ reference: 'Practitioner/okoro' });
  });

  it('takes the latest when none is current (a finished stay reviewed afterwards)', () => {
    const finished = handOff.slice(0, 1).concat(participant('ATND', 'Practitioner/okoro', { start: '2021-03-03T07:00:00Z', end: '2021-03-08T12:00:00Z' }));
    expect(attending([stay(finished)], 'Encounter/enc-1', Date.parse('2021-04-01T00:00:00Z'))).toMatchObject({ reference: 'Practitioner/okoro' });
  });

  it('reads a date-only period end as the whole day', () => {
    const found = attending([stay([participant('ATND', 'Practitioner/lee', { start: '2021-03-01', end: '2021-03-05' }), participant('ATND', 'Practitioner/okoro', { start: '2021-02-01', end: '2021-02-03' })])]);
    expect(found).toMatchObject({ reference: 'Practitioner/lee' });
  });
});

describe('references', () => {
  const role = (id: string, practitionerReference: string, overrides: Partial<PractitionerRole> = {}): PractitionerRole =>
    ({ resourceType: 'PractitionerRole', id, active: true, practitioner: { reference: practitionerReference }, ...overrides });

  it('resolves a PractitionerRole to its practitioner', () => {
    const found = attending([stay([participant('ATND', 'PractitionerRole/lee-hospitalist')]), role('lee-hospitalist', 'Practitioner/lee')]);
    expect(found).toEqual({ reference: 'Practitioner/lee', display: 'Dr. Ana Lee', source: 'ATND' });
  });

  it('keeps the display the encounter gives a role when the practitioner is not in the record', () => {
    const found = attending([stay([participant('ATND', 'PractitionerRole/r1', undefined, 'Dr. Remote')]), role('r1', 'Practitioner/elsewhere')]);
    expect(found).toEqual({ reference: 'Practitioner/elsewhere', display: 'Dr. Remote', source: 'ATND' });
  });

  it('passes over a role the record does not hold, an inactive role, and an inactive practitioner', () => {
    const inactive = practitioner('gone', 'Gone', 'Retired', { active: false });
    const found = attending([
      stay([participant('ATND', 'PractitionerRole/unknown'), participant('ATND', 'PractitionerRole/off'), participant('ATND', 'Practitioner/gone'), participant('PPRF', 'Practitioner/okoro')]),
      role('off', 'Practitioner/lee', { active: false }), inactive,
    ]);
    expect(found).toMatchObject({ reference: 'Practitioner/okoro', source: 'PPRF' });
  });

  it('resolves a role contained in the encounter, and passes over a contained practitioner (it has no address of its own)', () => {
    const hidden: Practitioner = { resourceType: 'Practitioner', id: 'p1', name: [{ family: 'Hidden' }] };
    const contained = stay([participant('ATND', '#p1'), participant('ATND', '#role1')], { contained: [hidden, role('role1', 'Practitioner/varga')] });
    expect(attending([contained])).toEqual({ reference: 'Practitioner/varga', display: 'Dr. Eszter Varga', source: 'ATND' });
  });

  it('resolves an absolute reference to a practitioner in the record', () => {
    expect(attending([stay([participant('ATND', 'https://ehr.example.org/fhir/Practitioner/lee')])])).toEqual({ reference: 'Practitioner/lee', display: 'Dr. Ana Lee', source: 'ATND' });
  });

  it('addresses a practitioner the record does not hold by its reference, named by the display when given', () => {
    expect(attending([stay([participant('ATND', 'Practitioner/x9', undefined, 'Dr. X')])])).toEqual({ reference: 'Practitioner/x9', display: 'Dr. X', source: 'ATND' });
    expect(attending([stay([participant('ATND', 'Practitioner/x9')])])).toEqual({ reference: 'Practitioner/x9', source: 'ATND' });
  });

  it('names a practitioner without a display from the Practitioner resource', () => {
    expect(attending([stay([participant('PPRF', 'Practitioner/okoro')])])).toEqual({ reference: 'Practitioner/okoro', display: 'Dr. Chidi Okoro', source: 'PPRF' });
  });

  it('finds the launch encounter by an absolute or urn:uuid reference too', () => {
    const record = PatientRecord.fromEntries([
      { resource: patient() }, { resource: lee }, { fullUrl: 'urn:uuid:9d3c1f7e-2b4a-4c1e-8f00-1a2b3c4d5e6f', resource: stay([participant('ATND', 'Practitioner/lee')]) },
    ]);
    expect(attendingPhysician(record, 'urn:uuid:9d3c1f7e-2b4a-4c1e-8f00-1a2b3c4d5e6f', NOW)).toMatchObject({ reference: 'Practitioner/lee' });
    expect(attendingPhysician(record, 'https://ehr.example.org/fhir/Encounter/enc-1', NOW)).toMatchObject({ reference: 'Practitioner/lee' });
  });

  it('reads participant types under older system URIs and in lower case', () => {
    const older: Participant = { type: [{ coding: [{ system: 'http://hl7.org/fhir/v3/ParticipationType', code: 'atnd' }] }], individual: { reference: 'Practitioner/lee' } };
    expect(attending([stay([participant('PPRF', 'Practitioner/okoro'), older])])).toMatchObject({ reference: 'Practitioner/lee', source: 'ATND' });
  });
});
