import { describe, expect, it } from 'vitest';
import { parseResourceScope, permissionsFrom, type AccessContext, type AccessLevel, type Interaction } from '../../src/fhir/permissions';
import { launchScopes } from '../../src/fhir/scopes';

const ALL: Interaction[] = ['create', 'read', 'update', 'delete', 'search'];

describe('parseResourceScope', () => {
  it.each<[string, string, string, Interaction[]]>([
    // SMART v1
    ['patient/Observation.read', 'patient', 'Observation', ['read', 'search']],
    ['patient/Task.write', 'patient', 'Task', ['create', 'update', 'delete']],
    ['user/Practitioner.*', 'user', 'Practitioner', ALL],
    ['patient/*.read', 'patient', '*', ['read', 'search']],
    ['user/*.*', 'user', '*', ALL],
    ['system/Patient.read', 'system', 'Patient', ['read', 'search']],
    // SMART v2
    ['patient/Observation.rs', 'patient', 'Observation', ['read', 'search']],
    ['patient/Task.cruds', 'patient', 'Task', ALL],
    ['user/Task.cu', 'user', 'Task', ['create', 'update']],
    ['patient/Observation.s', 'patient', 'Observation', ['search']],
    ['patient/*.rs', 'patient', '*', ['read', 'search']],
  ])('reads %s', (scope, context, type, interactions) => {
    const grant = parseResourceScope(scope)!;
    expect(grant).toMatchObject({ context, type });
    expect([...grant.interactions].sort()).toEqual([...interactions].sort());
    expect(grant.query).toBeUndefined();
  });

  it('keeps the query that narrows a v2 scope', () => {
    expect(parseResourceScope('patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory')).toMatchObject({
      context: 'patient', type: 'Observation', query: 'category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    });
  });

  it.each([
    ['openid'], ['fhirUser'], ['launch'], ['launch/patient'], ['offline_access'],
    ['patient/Observation.sr'], // v2 letters out of order
    ['patient/Observation.rr'],
    ['patient/Observation.x'],
    ['patient/Observation.'],
    ['patient/observation.read'], // a resource type is capitalised
    ['practitioner/Observation.read'],
    ['patient/Observation.read?category=laboratory'], // v1 has no narrowing
    ['patient/Observation'],
  ])('grants nothing for %s', (scope) => {
    expect(parseResourceScope(scope)).toBeUndefined();
  });
});

describe('permissionsFrom', () => {
  const levels = (scopes: string[], interaction: Interaction, type: string, context: AccessContext): AccessLevel =>
    permissionsFrom(scopes).access(interaction, type, context);

  it('grants in the patient context what patient, user and system scopes grant; across patients only user and system scopes', () => {
    expect(levels(['patient/Observation.rs'], 'search', 'Observation', 'patient')).toBe('all');
    expect(levels(['patient/Observation.rs'], 'search', 'Observation', 'user')).toBe('none');
    expect(levels(['user/Observation.rs'], 'search', 'Observation', 'patient')).toBe('all');
    expect(levels(['user/Observation.rs'], 'search', 'Observation', 'user')).toBe('all');
    expect(levels(['system/Observation.rs'], 'search', 'Observation', 'user')).toBe('all');
  });

  it('reads wildcards in both syntaxes', () => {
    for (const scopes of [['patient/*.read'], ['patient/*.rs']]) {
      const permissions = permissionsFrom(scopes);
      expect(permissions.can('read', 'Condition', 'patient')).toBe(true);
      expect(permissions.can('search', 'Claim', 'patient')).toBe(true);
      expect(permissions.can('create', 'Task', 'patient')).toBe(false);
    }
    const everything = permissionsFrom(['user/*.*']);
    expect(ALL.every((i) => everything.can(i, 'Task', 'user'))).toBe(true);
    expect(permissionsFrom(['user/*.cruds']).can('delete', 'Task', 'patient')).toBe(true);
  });

  it('tells a v1 write from a v2 create or update', () => {
    const v1 = permissionsFrom(['patient/Task.read', 'patient/Task.write']);
    expect(ALL.every((i) => v1.can(i, 'Task', 'patient'))).toBe(true);
    const v2 = permissionsFrom(['patient/Task.cr']);
    expect(v2.can('create', 'Task', 'patient')).toBe(true);
    expect(v2.can('read', 'Task', 'patient')).toBe(true);
    expect(v2.can('update', 'Task', 'patient')).toBe(false);
    expect(v2.can('search', 'Task', 'patient')).toBe(false);
  });

  it('says a type granted only through a narrowed scope is granted in part; an unnarrowed scope beside it grants all', () => {
    const labsOnly = ['patient/Observation.rs?category=laboratory'];
    expect(levels(labsOnly, 'search', 'Observation', 'patient')).toBe('some');
    expect(permissionsFrom(labsOnly).can('search', 'Observation', 'patient')).toBe(true);
    expect(levels([...labsOnly, 'patient/Observation.rs'], 'search', 'Observation', 'patient')).toBe('all');
    expect(levels([...labsOnly, 'patient/*.rs'], 'search', 'Observation', 'patient')).toBe('all');
  });

  it('denies what was asked for but not granted', () => {
    const asked = launchScopes('ehr').split(' ');
    const granted = asked.filter((s) => !/^patient\/(Claim|ExplanationOfBenefit)\./.test(s) && s !== 'user/Practitioner.rs');
    const permissions = permissionsFrom(granted);
    expect(permissions.can('search', 'Claim', 'patient')).toBe(false);
    expect(permissions.can('search', 'ExplanationOfBenefit', 'patient')).toBe(false);
    expect(permissions.can('search', 'Practitioner', 'patient')).toBe(false);
    expect(permissions.can('search', 'PractitionerRole', 'patient')).toBe(true);
    expect(permissions.can('search', 'Condition', 'patient')).toBe(true);
  });

  it('grants nothing without resource scopes, and keeps the scopes as granted', () => {
    const permissions = permissionsFrom(['openid', 'fhirUser', 'launch', 'patient/Observation.bogus']);
    expect(permissions.grants).toEqual([]);
    expect(permissions.scopes).toEqual(['openid', 'fhirUser', 'launch', 'patient/Observation.bogus']);
    expect(permissions.can('read', 'Patient', 'patient')).toBe(false);
  });

  it('grants everything Clarify asks for when the EHR grants what was asked, in either syntax', () => {
    for (const syntax of ['v1', 'v2'] as const) {
      const permissions = permissionsFrom(launchScopes('ehr', syntax).split(' '));
      for (const type of ['Patient', 'Observation', 'Task', 'Medication', 'Practitioner']) {
        expect(permissions.access('search', type, 'patient')).toBe('all');
        expect(permissions.can('read', type, 'patient')).toBe(true);
      }
      // The query workflow's writes, and nothing more: no delete, no writes outside them.
      expect(permissions.can('create', 'Task', 'patient')).toBe(true);
      expect(permissions.can('update', 'Task', 'patient')).toBe(true);
      expect(permissions.can('create', 'Provenance', 'patient')).toBe(true);
      expect(permissions.can('create', 'Observation', 'patient')).toBe(false);
      if (syntax === 'v2') expect(permissions.can('delete', 'Task', 'patient')).toBe(false);
    }
  });

  it('grants the provider launch, when the EHR grants what was asked, the inbox across patients and the answer, and nothing patient-bound', () => {
    for (const syntax of ['v1', 'v2'] as const) {
      const permissions = permissionsFrom(launchScopes('provider-standalone', syntax).split(' '));
      for (const type of ['Task', 'Patient', 'Encounter', 'PractitionerRole', 'Observation', 'QuestionnaireResponse']) {
        expect(permissions.access('search', type, 'user'), `${syntax} ${type}`).toBe('all');
      }
      expect(permissions.can('update', 'Task', 'user')).toBe(true);
      expect(permissions.can('create', 'QuestionnaireResponse', 'user')).toBe(true);
      expect(permissions.can('create', 'Condition', 'user')).toBe(true);
      expect(permissions.can('create', 'Provenance', 'user')).toBe(true);
      // Not read in the inbox: claims, documents, findings.
      for (const type of ['Claim', 'DocumentReference', 'DetectedIssue']) expect(permissions.can('search', type, 'user'), type).toBe(false);
      if (syntax === 'v2') {
        expect(permissions.can('create', 'Task', 'user')).toBe(false);
        expect(permissions.can('update', 'Condition', 'user')).toBe(false);
        expect(permissions.can('delete', 'Task', 'user')).toBe(false);
      }
    }
  });

  it('does not let the EHR launch\'s patient scopes reach across patients (the inbox needs the provider launch)', () => {
    const permissions = permissionsFrom(launchScopes('ehr').split(' '));
    expect(permissions.can('search', 'Task', 'patient')).toBe(true);
    expect(permissions.can('search', 'Task', 'user')).toBe(false);
    expect(permissions.can('create', 'QuestionnaireResponse', 'user')).toBe(false);
    // Clinicians are shared across patients: user scopes in both launches, so roles are found either way.
    expect(permissions.can('search', 'PractitionerRole', 'user')).toBe(true);
  });
});
