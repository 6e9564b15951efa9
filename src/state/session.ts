/**
 * The session store: where the SMART launch stands, who is signed in, and what the EHR let this session
 * do. Its action completes the launch; it receives the launch as an argument, so tests drive it with
 * the mock EHR.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Patient, Practitioner, PractitionerRole, RelatedPerson } from 'fhir/r4';
import { LaunchError, type SmartSession } from '../fhir/smart';
import { FhirRequestError } from '../fhir/errors';
import { permissionsFrom, type Permissions } from '../fhir/permissions';
import { readResourceOf } from '../record/read-resource';
import { userDisplayName } from '../record/people';
import type { FailureKind } from '../messages';

export type SignedInUser = Practitioner | PractitionerRole | Patient | RelatedPerson;

export interface Failure {
  kind: FailureKind;
  /** Extra words from the server or authorization server (never patient data). */
  detail?: string;
}

export type Phase = 'launching' | 'ready' | 'failed';

export interface SessionStore {
  phase: Signal<Phase>;
  failure: Signal<Failure | undefined>;
  /** The completed SMART launch: context, granted scopes and the gateway to the FHIR server. */
  smart: Signal<SmartSession | undefined>;
  /** The signed-in user's FHIR resource; undefined if it could not be read (the app still works). */
  user: Signal<SignedInUser | undefined>;
  /** What the EHR granted this session, read from its scopes (SMART v1 or v2). */
  permissions: ReadonlySignal<Permissions | undefined>;
  /** Technician review when the EHR launched Clarify on a patient; the physician's inbox otherwise. */
  view: ReadonlySignal<'technician' | 'physician' | undefined>;
}

export function createSessionStore(): SessionStore {
  const smart = signal<SmartSession | undefined>(undefined);
  return {
    phase: signal<Phase>('launching'),
    failure: signal<Failure | undefined>(undefined),
    smart,
    user: signal<SignedInUser | undefined>(undefined),
    permissions: computed(() => (smart.value ? permissionsFrom(smart.value.grantedScopes) : undefined)),
    view: computed(() => (smart.value ? (smart.value.patientId ? 'technician' : 'physician') : undefined)),
  };
}

/** Maps any error met while starting or using a session to what the user is told. */
export function failureFrom(error: unknown): Failure {
  if (error instanceof LaunchError) {
    const { problem } = error;
    if (problem.kind === 'not-launched') return { kind: 'not-launched' };
    return { kind: 'authorization', detail: [problem.error, problem.description].filter(Boolean).join(': ') };
  }
  if (error instanceof FhirRequestError) {
    const detail = error.serverText;
    switch (error.kind) {
      case 'unauthorized': return { kind: 'session-expired' };
      case 'unreachable':
      case 'timeout': return { kind: 'unreachable' };
      case 'forbidden': return { kind: 'forbidden', detail };
      case 'not-found': return { kind: 'not-found', detail };
      case 'server':
      case 'rate-limited': return { kind: 'server', detail: detail ?? `HTTP ${error.status}` };
      default: return { kind: 'unexpected', detail: detail ?? error.message };
    }
  }
  return { kind: 'unexpected' };
}

/**
 * The signed-in user as the author of what Clarify writes (a query, an answer, a Provenance agent): fhirUser,
 * with the name read at launch, else `fallbackName`. An empty reference makes the query builders refuse.
 */
export function signedInParty(session: SessionStore, fallbackName: string): { reference: string; display: string } {
  const user = session.user.value;
  return { reference: session.smart.value?.fhirUser ?? '', display: (user && userDisplayName(user)) ?? fallbackName };
}

/** Ends the session on the failure screen. */
export function failSession(session: SessionStore, error: unknown): void {
  session.failure.value = failureFrom(error);
  session.phase.value = 'failed';
}

/**
 * Completes the SMART launch and reads who and what Clarify was launched for: the patient in context
 * (required for the technician view, published to `patient`) and the signed-in user (optional: shown in
 * the header).
 */
export async function startSession(
  state: { session: SessionStore; review: { patient: Signal<Patient | undefined> } },
  launch: () => Promise<SmartSession>,
  { inboxLaunch }: { inboxLaunch?: (serverUrl: string) => Promise<void> } = {},
): Promise<void> {
  const { session } = state;
  try {
    const smart = await launch();
    if (inboxLaunch && needsInboxGrant(smart)) {
      // The page leaves for the EHR's authorization; it comes back as a provider launch with the inbox's scopes.
      await inboxLaunch(smart.serverUrl);
      return;
    }
    const [patient, user] = await Promise.all([
      smart.patientId ? smart.gateway.read<Patient>(`Patient/${smart.patientId}`) : undefined,
      readSignedInUser(smart),
    ]);
    session.smart.value = smart;
    // Untrusted JSON like every resource: read through the record's trust boundary before anything shows it.
    state.review.patient.value = patient === undefined ? undefined : readResourceOf<Patient>(patient, ['Patient']);
    session.user.value = user === undefined ? undefined : readResourceOf<SignedInUser>(user, [...USER_TYPES] as Array<SignedInUser['resourceType']>);
    session.phase.value = 'ready';
  } catch (error) {
    failSession(session, error);
  }
}

/**
 * An EHR launch without a patient opens the inbox, which reads queries across patients: user/ scopes the
 * EHR launch does not ask (src/fhir/scopes.ts), so Clarify authorizes again as a provider launch. Only
 * once: a provider launch whose grant still lacks them shows why in the inbox instead of looping.
 */
export function needsInboxGrant(smart: SmartSession): boolean {
  return smart.launchKind === 'ehr' && !smart.patientId && !permissionsFrom(smart.grantedScopes).can('search', 'Task', 'user');
}

const USER_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']);

async function readSignedInUser(smart: SmartSession): Promise<SignedInUser | undefined> {
  const fhirUser = smart.fhirUser?.replace(/^.*\/(?=[A-Za-z]+\/[^/]+$)/, ''); // may be an absolute URL
  if (!fhirUser || !USER_TYPES.has(fhirUser.split('/')[0] ?? '')) return undefined;
  try {
    return await smart.gateway.read<SignedInUser>(fhirUser);
  } catch (error) {
    // Without the user's name the app still works; an expired session does not.
    if (error instanceof FhirRequestError && error.kind === 'unauthorized') throw error;
    return undefined;
  }
}
