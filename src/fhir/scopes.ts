/**
 * The SMART scopes Clarify requests, computed from one table of what it reads and writes, per resource
 * type. Request only what is used: add a row (or a use) when code starts reading or writing a type.
 * Syntax: https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html (v2 `.cruds`, v1 `.read/.write`).
 */
export type LaunchKind = 'ehr' | 'provider-standalone';
export type ScopeSyntax = 'v1' | 'v2';

/**
 * What Clarify does with a type: `read` is read by id and search (v2 `rs`, v1 `.read`); `read-by-id` is read
 * by id only, never searched (v2 `r`, v1 `.read`: v1 has no finer grain).
 */
export type ResourceUse = 'read' | 'read-by-id' | 'create' | 'update';

export interface ResourceAccess {
  type: string;
  /**
   * `patient`: its resources belong to a patient's compartment, so the EHR launch (a patient in context)
   * asks `patient/` scopes for them. `none`: shared across patients (clinicians, medication products), asked
   * as `user/` scopes even in the EHR launch, since a `patient/` scope does not reach outside the compartment.
   */
  compartment: 'patient' | 'none';
  /**
   * Uses in the EHR launch, a patient in context: the technician's review, and the answers the signed-in
   * user gives there to the queries addressed to them about this patient.
   */
  review: readonly ResourceUse[];
  /**
   * Uses in the provider launch, no patient: the physician's inbox (reading and answering queries across
   * patients) and the technician's "Queries I sent". Always `user/` scopes.
   */
  inbox: readonly ResourceUse[];
}

const READ = ['read'] as const;
const reviewRead = (type: string, compartment: ResourceAccess['compartment'] = 'patient'): ResourceAccess =>
  ({ type, compartment, review: READ, inbox: [] });
/** Read in the review and in the inbox (the patient and encounter of a query, the evidence its indicators cite). */
const readInBoth = (type: string, compartment: ResourceAccess['compartment'] = 'patient'): ResourceAccess =>
  ({ type, compartment, review: READ, inbox: READ });

/**
 * Everything Clarify reads and writes. The review reads the patient's record (src/fhir/record-types.ts;
 * test/fhir/scopes.test.ts checks that every type it reads has its row); Task is read by its `for` patient,
 * the way EHRs scope it. The signed-in user's own resource is read under the `fhirUser` scope.
 *
 * The query workflow writes (src/fhir/queries.ts, src/fhir/answers.ts); nothing is ever deleted, so no `d`:
 * - dismissing a finding or marking it reviewed creates its DetectedIssue with the disposition, or updates the
 *   one there (src/fhir/dispositions.ts);
 * - sending a query creates the finding's DetectedIssue (unless it exists), the Task and a Provenance in one
 *   transaction; cancelling updates the Task (status `cancelled`) with a Provenance (review only);
 * - answering (issue 11) updates the Task (`received` when opened, then `completed` or `rejected`), creates
 *   the QuestionnaireResponse and, when the answer is a diagnosis, a Condition, each with a Provenance. The
 *   physician answers from the inbox (user/ scopes, any patient); a user who opens a patient's chart answers
 *   the queries addressed to them about that patient there (patient/ scopes). QuestionnaireResponse is read
 *   (and searched: a conditional create is a search) to find an answer already saved and to show the answer
 *   of a query answered meanwhile.
 *
 * The inbox reads its Tasks (search by owner or requester), the Patients and Encounters they name (by
 * `_id`, or `_include` when offered), the signed-in practitioner's PractitionerRoles (a query may be
 * addressed to a role), the requester's Practitioner (for the name), and the evidence the query's
 * indicators cite (results, vital signs, orders, doses, procedures, reports, diagnoses), to be viewed.
 * No Questionnaire scope: Clarify's question travels contained in its Task (src/query/fhir-draft.ts) and is
 * read with it; a QuestionnaireResponse names it by canonical URL, which is not a read.
 */
export const CLARIFY_ACCESS: readonly ResourceAccess[] = [
  readInBoth('Patient'),
  readInBoth('Encounter'),
  { type: 'Condition', compartment: 'patient', review: ['read', 'create'], inbox: ['read', 'create'] },
  readInBoth('Observation'),
  readInBoth('MedicationRequest'),
  readInBoth('MedicationAdministration'),
  readInBoth('Procedure'),
  readInBoth('DiagnosticReport'),
  reviewRead('DocumentReference'),
  /*
   * Binary: the note texts a DocumentReference or DiagnosticReport links to (attachment.url), read by id only
   * (servers offer no Binary search). FHIR R4's Patient compartment does not list Binary, but EHRs scope a
   * Binary to the patient of the document that links to it (its securityContext) and grant it to apps in a
   * patient's chart as `patient/Binary.read`: Oracle Health (Millennium) documents Binary as read only
   * after following DocumentReference/DiagnosticReport, and apps on it, Epic and OpenEMR ask
   * `patient/Binary.read` beside `patient/DocumentReference.read`. `user/Binary.read` would ask for every
   * Binary the user may see, across patients: more than the review needs, and not what EHRs grant an app
   * launched in a chart. So the EHR launch asks `patient/Binary.r` (v1 `patient/Binary.read`); the inbox
   * reads no notes.
   */
  { type: 'Binary', compartment: 'patient', review: ['read-by-id'], inbox: [] },
  reviewRead('AllergyIntolerance'),
  reviewRead('Claim'),
  reviewRead('ExplanationOfBenefit'),
  reviewRead('CareTeam'),
  { type: 'Task', compartment: 'patient', review: ['read', 'create', 'update'], inbox: ['read', 'update'] },
  { type: 'DetectedIssue', compartment: 'patient', review: ['read', 'create', 'update'], inbox: [] },
  { type: 'QuestionnaireResponse', compartment: 'patient', review: ['read', 'create'], inbox: ['read', 'create'] },
  { type: 'Provenance', compartment: 'patient', review: ['create'], inbox: ['create'] },
  reviewRead('Medication', 'none'),
  readInBoth('Practitioner', 'none'),
  readInBoth('PractitionerRole', 'none'),
];

function scopeFor(context: 'patient' | 'user', type: string, uses: readonly ResourceUse[], syntax: ScopeSyntax): string[] {
  const searches = uses.includes('read');
  const reads = searches || uses.includes('read-by-id');
  const creates = uses.includes('create');
  const updates = uses.includes('update');
  if (syntax === 'v1') {
    return [reads && `${context}/${type}.read`, (creates || updates) && `${context}/${type}.write`].filter((s): s is string => Boolean(s));
  }
  return [`${context}/${type}.${creates ? 'c' : ''}${reads ? 'r' : ''}${updates ? 'u' : ''}${searches ? 's' : ''}`];
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
