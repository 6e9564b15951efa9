import { describe, expect, it } from 'vitest';
import { CLARIFY_ACCESS, launchScopes, resourceScopes, type ResourceAccess } from '../../src/fhir/scopes';
import { RECORD_READ_TYPES, RECORD_REFERENCED, RECORD_SEARCHES } from '../../src/fhir/record-types';
import { isSupportedScope } from '../../mocks/smart-auth';
import { permissionsFrom } from '../../src/fhir/permissions';

const inPatientCompartment = CLARIFY_ACCESS.filter((row) => row.compartment === 'patient' && row.review.includes('read')).map((row) => row.type);
const outsideCompartment = CLARIFY_ACCESS.filter((row) => row.compartment === 'none' && row.review.includes('read')).map((row) => row.type);

describe('launchScopes', () => {
  it('asks an EHR launch for launch context, identity and patient-level read access in SMART v2 syntax', () => {
    const scopes = launchScopes('ehr').split(' ');
    expect(scopes.slice(0, 3)).toEqual(['launch', 'openid', 'fhirUser']);
    for (const type of inPatientCompartment) expect(scopes.filter((s) => new RegExp(`^patient/${type}\\.c?ru?s$`).test(s)), type).toHaveLength(1);
    expect(scopes).toContain('patient/Observation.rs');
    expect(inPatientCompartment).toEqual(expect.arrayContaining(['Patient', 'Encounter', 'Condition', 'Observation', 'Claim', 'Task', 'DetectedIssue']));
  });

  it('asks for the types outside the patient compartment (clinicians, medication products) as user scopes, even in the EHR launch', () => {
    const scopes = launchScopes('ehr').split(' ');
    expect(outsideCompartment.sort()).toEqual(['Medication', 'Practitioner', 'PractitionerRole']);
    for (const type of outsideCompartment) {
      expect(scopes).toContain(`user/${type}.rs`);
      expect(scopes).not.toContain(`patient/${type}.rs`);
    }
    expect(scopes.filter((s) => s.startsWith('user/'))).toHaveLength(outsideCompartment.length);
  });

  it('writes the same access in SMART v1 syntax for servers that only know v1', () => {
    const scopes = launchScopes('ehr', 'v1').split(' ');
    for (const type of inPatientCompartment) expect(scopes).toContain(`patient/${type}.read`);
    for (const type of outsideCompartment) expect(scopes).toContain(`user/${type}.read`);
    const resourceScopes = scopes.filter((s) => s.includes('/'));
    expect(resourceScopes.every((s) => s.endsWith('.read') || s.endsWith('.write'))).toBe(true);
  });

  it('asks the EHR launch to read the note texts notes link to (Binary) by id only, in the patient\'s context; the inbox reads none', () => {
    expect(launchScopes('ehr').split(' ')).toContain('patient/Binary.r');
    expect(launchScopes('ehr', 'v1').split(' ')).toContain('patient/Binary.read');
    expect(launchScopes('ehr')).not.toMatch(/user\/Binary|Binary\.rs/);
    for (const syntax of ['v1', 'v2'] as const) {
      expect(launchScopes('provider-standalone', syntax)).not.toMatch(/Binary/);
      expect(permissionsFrom(launchScopes('ehr', syntax).split(' ')).can('read', 'Binary', 'patient')).toBe(true);
    }
    expect(permissionsFrom(launchScopes('ehr').split(' ')).can('search', 'Binary', 'patient')).toBe(false);
  });

  it('asks a provider launch for no launch context and no patient-level access', () => {
    const scopes = launchScopes('provider-standalone').split(' ');
    expect(scopes).toContain('openid');
    expect(scopes).toContain('fhirUser');
    expect(scopes).not.toContain('launch');
    expect(scopes.some((s) => s.startsWith('patient/'))).toBe(false);
  });

  it('asks a provider launch (the inbox, across patients) for exactly the user-level access answering queries needs, in SMART v2', () => {
    expect(launchScopes('provider-standalone', 'v2')).toBe([
      'openid', 'fhirUser',
      'user/Patient.rs', 'user/Encounter.rs', 'user/Condition.crs', 'user/Observation.rs', 'user/MedicationRequest.rs',
      'user/MedicationAdministration.rs', 'user/Procedure.rs', 'user/DiagnosticReport.rs', 'user/Task.rus',
      'user/QuestionnaireResponse.crs', 'user/Provenance.c', 'user/Practitioner.rs', 'user/PractitionerRole.rs',
    ].join(' '));
  });

  it('asks a provider launch the same access in SMART v1 (.read, and .write for what it creates or updates)', () => {
    expect(launchScopes('provider-standalone', 'v1')).toBe([
      'openid', 'fhirUser',
      'user/Patient.read', 'user/Encounter.read', 'user/Condition.read', 'user/Condition.write', 'user/Observation.read',
      'user/MedicationRequest.read', 'user/MedicationAdministration.read', 'user/Procedure.read', 'user/DiagnosticReport.read',
      'user/Task.read', 'user/Task.write', 'user/QuestionnaireResponse.read', 'user/QuestionnaireResponse.write', 'user/Provenance.write',
      'user/Practitioner.read', 'user/PractitionerRole.read',
    ].join(' '));
  });

  it('asks neither launch for Questionnaire (the question is contained in the Task) nor for the finding in the inbox', () => {
    for (const kind of ['ehr', 'provider-standalone'] as const) {
      for (const syntax of ['v1', 'v2'] as const) expect(launchScopes(kind, syntax)).not.toMatch(/\/Questionnaire\./);
    }
    expect(launchScopes('provider-standalone')).not.toMatch(/DetectedIssue/);
  });

  it('never requests wildcard access', () => {
    for (const kind of ['ehr', 'provider-standalone'] as const) {
      for (const syntax of ['v1', 'v2'] as const) expect(launchScopes(kind, syntax)).not.toMatch(/\/\*\./);
    }
  });

  it('asks the EHR launch for exactly the writes the review makes there: sending and cancelling queries, dismissing or marking findings reviewed, and answering a query addressed to the user', () => {
    const writes = resourceScopes('ehr', 'v2').filter((s) => !/\.rs?$/.test(s));
    expect(writes).toEqual(['patient/Condition.crs', 'patient/Task.crus', 'patient/DetectedIssue.crus', 'patient/QuestionnaireResponse.crs', 'patient/Provenance.c']);
    const v1Writes = launchScopes('ehr', 'v1').split(' ').filter((s) => s.endsWith('.write'));
    expect(v1Writes).toEqual(['patient/Condition.write', 'patient/Task.write', 'patient/DetectedIssue.write', 'patient/QuestionnaireResponse.write', 'patient/Provenance.write']);
    expect(launchScopes('ehr', 'v1').split(' ')).toEqual(expect.arrayContaining(['patient/Task.read', 'patient/DetectedIssue.read', 'patient/QuestionnaireResponse.read']));
    expect(launchScopes('ehr', 'v1').split(' ')).not.toContain('patient/Provenance.read');
  });

  it('never asks to delete (queries and answers are never deleted); the provider launch updates only Task', () => {
    for (const kind of ['ehr', 'provider-standalone'] as const) {
      for (const syntax of ['v1', 'v2'] as const) {
        expect(resourceScopes(kind, syntax).some((s) => /\.[a-z]*d[a-z]*$/.test(s) && !s.endsWith('.read'))).toBe(false);
      }
    }
    expect(resourceScopes('provider-standalone', 'v2').filter((s) => /u/.test(s.split('.')[1]!))).toEqual(['user/Task.rus']);
  });

  it('grants, as the mock EHR issues them, every interaction the query workflow needs', () => {
    for (const syntax of ['v1', 'v2'] as const) {
      const permissions = permissionsFrom(launchScopes('ehr', syntax).split(' '));
      for (const [interaction, type] of [
        ['create', 'Task'], ['update', 'Task'], ['search', 'Task'], ['read', 'Task'], ['create', 'DetectedIssue'], ['search', 'DetectedIssue'], ['create', 'Provenance'],
        ['create', 'QuestionnaireResponse'], ['search', 'QuestionnaireResponse'], ['create', 'Condition'],
      ] as const) {
        expect(permissions.can(interaction, type, 'patient'), `${syntax} ${interaction} ${type}`).toBe(true);
      }
      // The EHR launch reaches the patient in context only: no query of another patient.
      expect(permissions.can('search', 'Task', 'user'), `${syntax} user Task`).toBe(false);
    }
  });

  it('grants the provider launch, as the mock EHR issues them, every interaction the inbox and answering need, across patients', () => {
    for (const syntax of ['v1', 'v2'] as const) {
      const permissions = permissionsFrom(launchScopes('provider-standalone', syntax).split(' '));
      for (const [interaction, type] of [
        ['search', 'Task'], ['read', 'Task'], ['update', 'Task'], ['search', 'Patient'], ['search', 'Encounter'], ['search', 'PractitionerRole'],
        ['read', 'Practitioner'], ['create', 'QuestionnaireResponse'], ['read', 'QuestionnaireResponse'], ['create', 'Condition'], ['create', 'Provenance'],
        ['read', 'Observation'], ['read', 'MedicationRequest'], ['read', 'MedicationAdministration'], ['read', 'Procedure'], ['read', 'DiagnosticReport'],
      ] as const) {
        expect(permissions.can(interaction, type, 'user'), `${syntax} ${interaction} ${type}`).toBe(true);
      }
      expect(permissions.can('create', 'Task', 'user'), `${syntax}: the physician never creates a query`).toBe(syntax === 'v1');
      expect(permissions.can('search', 'Claim', 'user')).toBe(false);
    }
  });

  it('asks only scopes the mock EHR (like any SMART server) accepts', () => {
    for (const kind of ['ehr', 'provider-standalone'] as const) {
      for (const syntax of ['v1', 'v2'] as const) expect(launchScopes(kind, syntax).split(' ').filter((s) => !isSupportedScope(s))).toEqual([]);
    }
  });
});

describe('the access table', () => {
  it('has a read row for every type the record loader reads, and no row the review does not need', () => {
    const readInReview = CLARIFY_ACCESS.filter((row) => row.review.includes('read') || row.review.includes('read-by-id')).map((row) => row.type);
    // Beside the record: an answer given on the chart reads QuestionnaireResponses (its conditional create is a
    // search; after a conflict, the answer given meanwhile is read). src/fhir/answers.ts
    expect([...readInReview].sort()).toEqual([...new Set([...RECORD_READ_TYPES, 'QuestionnaireResponse'])].sort());
    expect(RECORD_READ_TYPES).toEqual(['Patient', ...RECORD_SEARCHES.map((s) => s.type), ...RECORD_REFERENCED.map((s) => s.type)]);
  });

  it('lists each type once', () => {
    const types = CLARIFY_ACCESS.map((row) => row.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each<[string, ResourceAccess, string[], string[]]>([
    ['a read in the patient compartment', { type: 'Condition', compartment: 'patient', review: ['read'], inbox: [] }, ['patient/Condition.rs'], ['patient/Condition.read']],
    ['a read outside it', { type: 'Practitioner', compartment: 'none', review: ['read'], inbox: [] }, ['user/Practitioner.rs'], ['user/Practitioner.read']],
    ['a create and update', { type: 'Task', compartment: 'patient', review: ['read', 'create', 'update'], inbox: [] }, ['patient/Task.crus'], ['patient/Task.read', 'patient/Task.write']],
    ['a create only', { type: 'Provenance', compartment: 'patient', review: ['create'], inbox: [] }, ['patient/Provenance.c'], ['patient/Provenance.write']],
  ])('turns %s into scopes, v2 letters in c-r-u-d-s order', (_name, row, v2, v1) => {
    expect(resourceScopes('ehr', 'v2', [row])).toEqual(v2);
    expect(resourceScopes('ehr', 'v1', [row])).toEqual(v1);
  });

  it('asks the inbox uses as user scopes, whatever the compartment', () => {
    const row: ResourceAccess = { type: 'Task', compartment: 'patient', review: [], inbox: ['read', 'update'] };
    expect(resourceScopes('provider-standalone', 'v2', [row])).toEqual(['user/Task.rus']);
    expect(resourceScopes('ehr', 'v2', [row])).toEqual([]);
  });
});
