/**
 * The review store: the launched patient, the record read from the EHR, and what the rules find in it.
 * The findings are computed from the record, the clock it was read at and the launch encounter; the UI
 * only renders them. Actions receive the session (its gateway and permissions) as an argument, so tests
 * drive them with the mock EHR.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Patient } from 'fhir/r4';
import { FhirRequestError } from '../fhir/errors';
import { loadPatientRecord, type LoadProgress, type RecordPart } from '../fhir/load-patient-record';
import { PatientRecord } from '../record/patient-record';
import { runRules, ALL_RULES, type Finding } from '../rules/index';
import { loadIcd10Cm, type Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';
import { describeScope, encounterChoices, initialScope, scopeRunOptions, scopeWindow, type EncounterChoice, type ReviewScope, type ScopeDescription } from '../review/scope';
import { notesOfReview, type ClinicalNote } from '../notes/clinical-notes';
import { failSession, type SessionStore } from './session';
import { withheldNoteReason } from '../messages';

/** Performance marks the bench reads in headless Chromium: the record read, then the first findings rendered. */
export const RECORD_LOADED_MARK = 'clarify:record-loaded';
export const FINDINGS_SHOWN_MARK = 'clarify:findings-shown';

export type CodeTableState = 'not-needed' | 'loading' | 'loaded' | 'failed';

export interface ReviewStore {
  /** The patient in context, read at launch (for the banner). */
  patient: Signal<Patient | undefined>;
  /** The launched patient's record, once read. */
  record: Signal<PatientRecord | undefined>;
  /** Progress while the record is read; the final state of each part afterwards. */
  recordProgress: Signal<LoadProgress | undefined>;
  /** Parts of the record that could not be read (or were not granted): findings depending on them may be missing. */
  unreadParts: ReadonlySignal<RecordPart[]>;
  /** When the record was read: the clock the rules review it by. */
  reviewedAt: Signal<Date | undefined>;
  /** The scope the technician chose in the app; undefined: the launch encounter, else the recent window. */
  chosenScope: Signal<ReviewScope | undefined>;
  /** What the review covers: one encounter, the 12 months to the latest activity, or the whole record. */
  scope: ReadonlySignal<ReviewScope>;
  /** The scope in words, for the line at the top of the review. */
  scopeDescription: ReadonlySignal<ScopeDescription | undefined>;
  /** Every encounter of the record, newest first, for the scope switch. */
  encounters: ReadonlySignal<EncounterChoice[]>;
  /** Documentation gaps and coding discrepancies in the record, most important first. */
  findings: ReadonlySignal<Finding[]>;
  /** The documentation-gap findings, in the same order. */
  documentationGaps: ReadonlySignal<Finding[]>;
  /** The coding-discrepancy findings, in the same order. */
  codingDiscrepancies: ReadonlySignal<Finding[]>;
  /** The ICD-10-CM table, loaded only when the record holds ICD-10-CM codes (the coding checks need it). */
  icd10cm: Signal<Icd10CmTable | undefined>;
  /** Where the code table stands: the coding checks wait for it, or say why they could not run. */
  codeTable: Signal<CodeTableState>;
  /** Diagnoses coded in WHO ICD-10, a different code system from ICD-10-CM: never checked as ICD-10-CM. */
  whoIcd10Diagnoses: ReadonlySignal<number>;
  /** The notes of the review's scope, newest first: those read, and those not read with why. */
  reviewNotes: ReadonlySignal<ClinicalNote[]>;
  /** Notes whose text the loader did not keep (a limit, a failed read), by `Type/id`: why, in words. */
  withheldNotes: Signal<ReadonlyMap<string, string>>;
}

/** `encounterId`: the launch encounter, which the rules review until another scope is chosen (from the session). */
export function createReviewStore(encounterId: ReadonlySignal<string | undefined>): ReviewStore {
  const record = signal<PatientRecord | undefined>(undefined);
  const recordProgress = signal<LoadProgress | undefined>(undefined);
  const reviewedAt = signal<Date | undefined>(undefined);
  const icd10cm = signal<Icd10CmTable | undefined>(undefined);
  const chosenScope = signal<ReviewScope | undefined>(undefined);
  const withheldNotes = signal<ReadonlyMap<string, string>>(new Map());
  const scope = computed(() => chosenScope.value ?? initialScope(record.value, encounterId.value));
  const findings = computed(() => (record.value && reviewedAt.value
    ? runRules(record.value, ALL_RULES, { now: reviewedAt.value, ...scopeRunOptions(scope.value, record.value, reviewedAt.value.getTime()), icd10cm: icd10cm.value })
    : []));
  return {
    patient: signal<Patient | undefined>(undefined),
    record,
    recordProgress,
    unreadParts: computed(() => (recordProgress.value?.parts ?? []).filter((p) => p.status.state === 'unavailable' || p.status.state === 'partial')),
    reviewedAt,
    chosenScope,
    scope,
    scopeDescription: computed(() => (record.value && reviewedAt.value ? describeScope(scope.value, record.value, reviewedAt.value.getTime()) : undefined)),
    encounters: computed(() => (record.value ? encounterChoices(record.value) : [])),
    findings,
    documentationGaps: computed(() => findings.value.filter((f) => f.category === 'documentation-gap')),
    codingDiscrepancies: computed(() => findings.value.filter((f) => f.category === 'coding-discrepancy')),
    icd10cm,
    codeTable: signal<CodeTableState>('not-needed'),
    whoIcd10Diagnoses: computed(() => record.value?.diagnosesCodedIn(SYSTEM.ICD10_WHO) ?? 0),
    reviewNotes: computed(() => {
      if (!record.value || !reviewedAt.value) return [];
      const window = scopeWindow(scope.value, record.value, reviewedAt.value.getTime());
      const notes = notesOfReview(record.value, { ...window, encounter: scope.value.kind === 'encounter' ? `Encounter/${scope.value.encounterId}` : undefined });
      // The loader knows better why a text is missing (a limit, a failed read) than the record can tell.
      return notes.map((n) => (n.text === undefined && withheldNotes.value.has(n.reference) ? { ...n, notRead: withheldNotes.value.get(n.reference) } : n));
    }),
    withheldNotes,
  };
}

/**
 * Reads the launched patient's whole record into a PatientRecord, publishing progress as it goes; asks
 * only for what the session was granted. An expired session ends on the failure screen; an abort (the
 * user left) ends quietly.
 */
export async function loadRecord(state: { session: SessionStore; review: ReviewStore }, signal?: AbortSignal): Promise<void> {
  const { session, review } = state;
  const smart = session.smart.value;
  if (!smart?.patientId) return;
  try {
    const loaded = await loadPatientRecord(smart.gateway, {
      patientId: smart.patientId,
      patient: review.patient.value,
      encounterId: smart.encounterId,
      permissions: session.permissions.value,
      signal,
      onProgress: (progress) => (review.recordProgress.value = forwardOnly(review.recordProgress.value, progress)),
    });
    // For `npm run bench` (first findings on screen after the record has loaded); no patient data in it.
    performance.mark(RECORD_LOADED_MARK);
    // A note's Binary read at an absolute url is found by that url (clinical-notes.ts), never by its last Type/id.
    const record = PatientRecord.fromEntries(loaded.resources.map((resource) => ({ resource, fullUrl: loaded.fullUrls.get(resource) })));
    review.withheldNotes.value = new Map(loaded.withheldNotes.map((w) => [`${w.resource.resourceType}/${w.resource.id}`, withheldNoteReason(w.reason)]));
    review.reviewedAt.value = new Date();
    review.record.value = record;
    if (record.diagnosesCodedIn(SYSTEM.ICD10CM) > 0) await loadCodeTable(review);
  } catch (error) {
    if (error instanceof FhirRequestError && error.kind === 'aborted') return;
    failSession(session, error);
  }
}

/**
 * Progress as shown: the counts only move forward. Parts answer in parallel and a part retried after a 429 or
 * a split search may report a smaller count than one already shown; the user must never see it go back.
 */
export function forwardOnly(shown: LoadProgress | undefined, next: LoadProgress): LoadProgress {
  if (!shown) return next;
  return {
    ...next,
    partsDone: Math.max(shown.partsDone, next.partsDone),
    partsTotal: Math.max(shown.partsTotal, next.partsTotal),
    resourcesLoaded: Math.max(shown.resourcesLoaded, next.resourcesLoaded),
  };
}

/** Loads the ICD-10-CM table for the coding checks; the documentation-gap findings do not wait for it. */
export async function loadCodeTable(review: ReviewStore, load: () => Promise<Icd10CmTable> = loadIcd10Cm): Promise<void> {
  review.codeTable.value = 'loading';
  try {
    review.icd10cm.value = await load();
    review.codeTable.value = 'loaded';
  } catch {
    review.codeTable.value = 'failed';
  }
}
