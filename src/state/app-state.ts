/**
 * Application state: signals the UI renders, and the actions that change them. Actions receive what
 * they talk to (the SMART session and its gateway) as arguments, so tests drive them with the mock EHR.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Patient, Practitioner, PractitionerRole, RelatedPerson } from 'fhir/r4';
import type { SmartSession } from '../fhir/smart';
import { LaunchError } from '../fhir/smart';
import { FhirRequestError } from '../fhir/errors';
import { loadPatientRecord, type LoadProgress, type RecordPart } from '../fhir/load-patient-record';
import { PatientRecord } from '../record/patient-record';
import { readResourceOf } from '../record/read-resource';
import { runRules, ALL_RULES, type Finding } from '../rules/index';
import type { FailureKind } from '../messages';
import { loadIcd10Cm, type Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';

export type SignedInUser = Practitioner | PractitionerRole | Patient | RelatedPerson;

export interface Failure {
  kind: FailureKind;
  /** Extra words from the server or authorization server (never patient data). */
  detail?: string;
}

export type Phase = 'launching' | 'ready' | 'failed';

export interface AppState {
  phase: Signal<Phase>;
  failure: Signal<Failure | undefined>;
  session: Signal<SmartSession | undefined>;
  patient: Signal<Patient | undefined>;
  /** The signed-in user's FHIR resource; undefined if it could not be read (the app still works). */
  user: Signal<SignedInUser | undefined>;
  /** Technician review when the EHR launched Clarify on a patient; the physician's inbox otherwise. */
  view: ReadonlySignal<'technician' | 'physician' | undefined>;
  /** The launched patient's record, once read. */
  record: Signal<PatientRecord | undefined>;
  /** Progress while the record is read; the final state of each part afterwards. */
  recordProgress: Signal<LoadProgress | undefined>;
  /** Parts of the record that could not be read: findings depending on them may be missing. */
  unreadParts: ReadonlySignal<RecordPart[]>;
  /** When the record was read: the clock the rules review it by. */
  reviewedAt: Signal<Date | undefined>;
  /** Documentation gaps and coding discrepancies in the record, most important first. */
  findings: ReadonlySignal<Finding[]>;
  /** The ICD-10-CM table, loaded only when the record holds ICD-10-CM codes (the coding checks need it). */
  icd10cm: Signal<Icd10CmTable | undefined>;
  /** Diagnoses coded in WHO ICD-10, a different code system from ICD-10-CM: never checked as ICD-10-CM. */
  whoIcd10Diagnoses: ReadonlySignal<number>;
  /** Where the code table stands: the coding checks wait for it, or say why they could not run. */
  codeTable: Signal<'not-needed' | 'loading' | 'loaded' | 'failed'>;
}

export function createAppState(): AppState {
  const session = signal<SmartSession | undefined>(undefined);
  const recordProgress = signal<LoadProgress | undefined>(undefined);
  const record = signal<PatientRecord | undefined>(undefined);
  const reviewedAt = signal<Date | undefined>(undefined);
  const icd10cm = signal<Icd10CmTable | undefined>(undefined);
  return {
    record,
    reviewedAt,
    icd10cm,
    codeTable: signal<'not-needed' | 'loading' | 'loaded' | 'failed'>('not-needed'),
    whoIcd10Diagnoses: computed(() => record.value?.diagnosesCodedIn(SYSTEM.ICD10_WHO) ?? 0),
    findings: computed(() => (record.value && reviewedAt.value
      ? runRules(record.value, ALL_RULES, { now: reviewedAt.value, encounterId: session.value?.encounterId, icd10cm: icd10cm.value })
      : [])),
    recordProgress,
    unreadParts: computed(() => (recordProgress.value?.parts ?? []).filter((p) => p.status.state === 'unavailable' || p.status.state === 'partial')),
    phase: signal<Phase>('launching'),
    failure: signal<Failure | undefined>(undefined),
    session,
    patient: signal<Patient | undefined>(undefined),
    user: signal<SignedInUser | undefined>(undefined),
    view: computed(() => (session.value ? (session.value.patientId ? 'technician' : 'physician') : undefined)),
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
 * Completes the SMART launch and reads who and what Clarify was launched for: the patient in context
 * (required for the technician view) and the signed-in user (optional: shown in the header).
 */
export async function startSession(state: AppState, launch: () => Promise<SmartSession>): Promise<void> {
  try {
    const session = await launch();
    const [patient, user] = await Promise.all([
      session.patientId ? session.gateway.read<Patient>(`Patient/${session.patientId}`) : undefined,
      readSignedInUser(session),
    ]);
    state.session.value = session;
    // Untrusted JSON like every resource: read through the record's trust boundary before anything shows it.
    state.patient.value = patient === undefined ? undefined : readResourceOf<Patient>(patient, ['Patient']);
    state.user.value = user === undefined ? undefined : readResourceOf<SignedInUser>(user, [...USER_TYPES] as Array<SignedInUser['resourceType']>);
    state.phase.value = 'ready';
  } catch (error) {
    state.failure.value = failureFrom(error);
    state.phase.value = 'failed';
  }
}

const USER_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']);

async function readSignedInUser(session: SmartSession): Promise<SignedInUser | undefined> {
  const fhirUser = session.fhirUser?.replace(/^.*\/(?=[A-Za-z]+\/[^/]+$)/, ''); // may be an absolute URL
  if (!fhirUser || !USER_TYPES.has(fhirUser.split('/')[0] ?? '')) return undefined;
  try {
    return await session.gateway.read<SignedInUser>(fhirUser);
  } catch (error) {
    // Without the user's name the app still works; an expired session does not.
    if (error instanceof FhirRequestError && error.kind === 'unauthorized') throw error;
    return undefined;
  }
}

/**
 * Reads the launched patient's whole record into a PatientRecord, publishing progress as it goes.
 * An expired session ends on the failure screen; an abort (the user left) ends quietly.
 */
export async function loadRecord(state: AppState, signal?: AbortSignal): Promise<void> {
  const session = state.session.value;
  if (!session?.patientId) return;
  try {
    const loaded = await loadPatientRecord(session.gateway, {
      patientId: session.patientId,
      patient: state.patient.value,
      encounterId: session.encounterId,
      signal,
      onProgress: (progress) => (state.recordProgress.value = progress),
    });
    const record = PatientRecord.fromResources(loaded.resources);
    state.reviewedAt.value = new Date();
    state.record.value = record;
    if (record.diagnosesCodedIn(SYSTEM.ICD10CM) > 0) await loadCodeTable(state);
  } catch (error) {
    if (error instanceof FhirRequestError && error.kind === 'aborted') return;
    state.failure.value = failureFrom(error);
    state.phase.value = 'failed';
  }
}

/** Loads the ICD-10-CM table for the coding checks; the documentation-gap findings do not wait for it. */
export async function loadCodeTable(state: AppState, load: () => Promise<Icd10CmTable> = loadIcd10Cm): Promise<void> {
  state.codeTable.value = 'loading';
  try {
    state.icd10cm.value = await load();
    state.codeTable.value = 'loaded';
  } catch {
    state.codeTable.value = 'failed';
  }
}
