/**
 * The SMART scopes Clarify requests, computed from one table of what it reads and writes, per resource
 * type. Request only what is used: add a row (or a use) when code starts reading or writing a type.
 * Syntax: https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html (v2 `.cruds`, v1 `.read/.write`).
 */
export type LaunchKind = 'ehr' | 'provider-standalone';
export type ScopeSyntax = 'v1' | 'v2';

/** What Clarify does with a type: `read` is read by id and search (v2 `rs`, v1 `.read`). */
export type ResourceUse = 'read' | 'create' | 'update';

export interface ResourceAccess {
  type: string;
  /**
   * `patient`: its resources belong to a patient's compartment, so the technician's review asks
   * `patient/` scopes for them. `none`: shared across patients (clinicians, medication products), asked
   * as `user/` scopes even in the EHR launch, since a `patient/` scope does not reach outside the compartment.
   */
  compartment: 'patient' | 'none';
  /** Uses in the technician's review (EHR launch, a patient in context). */
  review: readonly ResourceUse[];
  /** Uses in the physician's inbox (provider launch, no patient): always `user/` scopes. */
  inbox: readonly ResourceUse[];
}

const reviewRead = (type: string, compartment: ResourceAccess['compartment'] = 'patient'): ResourceAccess =>
  ({ type, compartment, review: ['read'], inbox: [] });

/**
 * Everything Clarify reads and writes. The review reads the patient's record (src/fhir/record-types.ts;
 * test/fhir/scopes.test.ts checks that every type it reads has its row);
 * Task is read by its `for` patient, the way EHRs scope it. The inbox reads nothing yet; the signed-in
 * user's own resource is read under the `fhirUser` scope.
 *
 * The query workflow writes in the technician's review (src/fhir/queries.ts): sending a query creates the
 * finding's DetectedIssue (unless it exists), the Task and a Provenance in one transaction; cancelling
 * updates the Task (status `cancelled`, never a delete) with a Provenance. Nothing is deleted, so no `d`.
 */
export const CLARIFY_ACCESS: readonly ResourceAccess[] = [
  reviewRead('Patient'),
  reviewRead('Encounter'),
  reviewRead('Condition'),
  reviewRead('Observation'),
  reviewRead('MedicationRequest'),
  reviewRead('MedicationAdministration'),
  reviewRead('Procedure'),
  reviewRead('DiagnosticReport'),
  reviewRead('DocumentReference'),
  reviewRead('AllergyIntolerance'),
  reviewRead('Claim'),
  reviewRead('ExplanationOfBenefit'),
  reviewRead('CareTeam'),
  { type: 'Task', compartment: 'patient', review: ['read', 'create', 'update'], inbox: [] },
  { type: 'DetectedIssue', compartment: 'patient', review: ['read', 'create'], inbox: [] },
  { type: 'Provenance', compartment: 'patient', review: ['create'], inbox: [] },
  reviewRead('Medication', 'none'),
  reviewRead('Practitioner', 'none'),
  reviewRead('PractitionerRole', 'none'),
];

function scopeFor(context: 'patient' | 'user', type: string, uses: readonly ResourceUse[], syntax: ScopeSyntax): string[] {
  const reads = uses.includes('read');
  const creates = uses.includes('create');
  const updates = uses.includes('update');
  if (syntax === 'v1') {
    return [reads && `${context}/${type}.read`, (creates || updates) && `${context}/${type}.write`].filter((s): s is string => Boolean(s));
  }
  return [`${context}/${type}.${creates ? 'c' : ''}${reads ? 'r' : ''}${updates ? 'u' : ''}${reads ? 's' : ''}`];
}

/** The resource scopes for a launch, from CLARIFY_ACCESS. */
export function resourceScopes(kind: LaunchKind, syntax: ScopeSyntax = 'v2', table: readonly ResourceAccess[] = CLARIFY_ACCESS): string[] {
  return table.flatMap((row) => {
    const uses = kind === 'ehr' ? row.review : row.inbox;
    if (uses.length === 0) return [];
    const context = kind === 'ehr' && row.compartment === 'patient' ? 'patient' : 'user';
    return scopeFor(context, row.type, uses, syntax);
  });
}

/**
 * SMART v2 scopes when the server advertises `permission-v2` in its .well-known/smart-configuration;
 * otherwise v1, which v1-era servers understand and v2 servers should still accept.
 */
export function scopeSyntaxFor(capabilities: readonly string[] | undefined): ScopeSyntax {
  return capabilities?.includes('permission-v2') ? 'v2' : 'v1';
}

/** The scope string for an authorization request. */
export function launchScopes(kind: LaunchKind, syntax: ScopeSyntax = 'v2'): string {
  const identity = ['openid', 'fhirUser'];
  return [...(kind === 'ehr' ? ['launch'] : []), ...identity, ...resourceScopes(kind, syntax)].join(' ');
}
