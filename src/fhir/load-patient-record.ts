/**
 * Reads everything Clarify needs about one patient: every search by patient started at once (the
 * gateway bounds how many requests are in flight), every page followed, then the resources they reference
 * (medications, clinicians, the launch encounter, and the note texts the notes link to: src/fhir/note-texts.ts).
 * One part failing (403 on Claim, a type the server does not offer) marks that part unavailable and the
 * rest loads; a 401 (session expired) or an abort stops everything. A part the session was not granted
 * is never requested.
 */
import type { Encounter, Patient, Resource } from 'fhir/r4';
import type { FhirGateway } from './gateway';
import { FhirRequestError } from './errors';
import { OBSERVATION_STREAMS, RECORD_REFERENCED, RECORD_SEARCHES, type RecordSearch } from './record-types';
import type { Permissions } from './permissions';
import { offeredTypes, serverCapabilities } from './capabilities';
import { NOT_GRANTED, NOT_IN_CAPABILITY_STATEMENT, noteTextsReason, partFailureReason } from '../messages';
import { readNoteTexts, type NoteLimits, type WithheldNote } from './note-texts';
import { NOTE_LIMITS } from '../notes/limits';

export type PartState =
  | { state: 'pending' }
  | { state: 'loaded'; count: number }
  /** Loaded, but stopped before the end (page limit), or, for the note texts, some not kept (a limit, a failed read). */
  | { state: 'partial'; count: number; reason: string }
  | { state: 'unavailable'; reason: string; status?: number };

export interface RecordPart {
  type: string;
  label: string;
  status: PartState;
}

export interface LoadProgress {
  partsDone: number;
  partsTotal: number;
  resourcesLoaded: number;
  parts: readonly RecordPart[];
}

export interface LoadOptions {
  patientId: string;
  /** The Patient, when the caller has already read it (the launch reads it for the banner). */
  patient?: Patient;
  encounterId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** `_count` asked for; servers cap it at their own maximum. */
  pageSize?: number;
  /** Page allowance for the whole load. */
  maxTotalPages?: number;
  /**
   * What the EHR granted this session. A part it did not grant is not requested and is marked
   * unavailable; without permissions every part is asked for and the server answers for each.
   */
  permissions?: Permissions;
  /** How much note text is kept and how many note texts are read by link: NOTE_LIMITS (src/notes/limits.ts) unless given. */
  noteLimits?: Partial<NoteLimits>;
}

export interface LoadedPatientRecord {
  patient: Patient;
  /** The patient, every resource read (the Binaries read for note texts included), each once. */
  resources: Resource[];
  parts: RecordPart[];
  /**
   * For each Binary read for an absolute attachment url (`https://ehr/fhir/Binary/1`): that url, exactly
   * as the attachment wrote it, so the record resolves the attachment to it by fullUrl; a Binary read for
   * a relative `Binary/<id>` has none (resolved by type and id). Build the record with
   * `PatientRecord.fromEntries(resources.map((resource) => ({ resource, fullUrl: fullUrls.get(resource) })))`.
   */
  fullUrls: ReadonlyMap<Resource, string>;
  /** The notes whose text was not kept, each attachment with why (a limit, a failed or refused read). */
  withheldNotes: readonly WithheldNote[];
}

const DEFAULTS = { pageSize: 1000, maxTotalPages: 2000 };
const ID_BATCH = 50;

// Resources are untrusted JSON until PatientRecord reads them: the fields followed here are checked as read.
const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, name: string): unknown => (isObject(value) ? value[name] : undefined);

function localReferences(references: unknown[], type: string): string[] {
  const ids = new Set<string>();
  const pattern = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`);
  for (const ref of references) {
    const text = field(ref, 'reference');
    const match = typeof text === 'string' ? pattern.exec(text) : null;
    if (match) ids.add(match[1]!);
  }
  return [...ids];
}

export async function loadPatientRecord(gateway: FhirGateway, options: LoadOptions): Promise<LoadedPatientRecord> {
  const settings = { ...DEFAULTS, ...options };
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort();
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });
  if (options.signal?.aborted) controller.abort();
  const signal = controller.signal;

  const parts: RecordPart[] = [...RECORD_SEARCHES, ...RECORD_REFERENCED].map((s) => ({ type: s.type, label: s.label, status: { state: 'pending' } }));
  const byType = new Map<string, Resource[]>();
  const loadedByPart = new Map<string, number>();
  let pagesLeft = settings.maxTotalPages;
  let fatal: FhirRequestError | undefined;

  const report = () => options.onProgress?.({
    partsDone: parts.filter((p) => p.status.state !== 'pending').length,
    partsTotal: parts.length,
    resourcesLoaded: 1 + [...loadedByPart.values()].reduce((a, b) => a + b, 0),
    parts: parts.map((p) => ({ ...p })),
  });
  const settle = (type: string, status: PartState) => {
    parts.find((p) => p.type === type)!.status = status;
    report();
  };
  const searchOptions = (type: string) => ({
    signal,
    takePage: () => pagesLeft-- > 0,
    onPage: (matches: number) => {
      loadedByPart.set(type, (loadedByPart.get(type) ?? 0) + matches);
      report();
    },
  });
  /** Errors that end the whole load rather than one part. */
  const isFatal = (error: unknown) => !(error instanceof FhirRequestError) || error.kind === 'unauthorized' || error.kind === 'aborted';

  /** Marks a part unavailable, or stops the whole load for an expired session or an abort. */
  const fail = (type: string, error: unknown) => {
    if (error instanceof FhirRequestError && !isFatal(error)) {
      settle(type, { state: 'unavailable', reason: partFailureReason(error), status: error.status || undefined });
      return;
    }
    fatal ??= error instanceof FhirRequestError ? error : new FhirRequestError('aborted', 0, String(error));
    controller.abort();
  };

  const store = (type: string, resources: Resource[], complete: boolean) => {
    byType.set(type, [...(byType.get(type) ?? []), ...resources]);
    const count = byType.get(type)!.length;
    loadedByPart.set(type, count);
    settle(type, complete ? { state: 'loaded', count } : { state: 'partial', count, reason: 'stopped at the page limit' });
  };

  const search = async (spec: RecordSearch) => {
    const params = { patient: options.patientId, _count: String(settings.pageSize), ...spec.params };
    if (spec.type === 'Observation') return observations(params);
    try {
      const result = await gateway.searchPages(spec.type, params, searchOptions(spec.type));
      store(spec.type, result.resources, result.complete);
    } catch (error) {
      fail(spec.type, error);
    }
  };

  /**
   * Observations in parallel streams by category, kept when they add up to the server's total; else
   * (a count the server does not give, or Observations outside the US Core categories) one full search.
   * A server that refuses the full search (some require a category) keeps the streams.
   */
  const observations = async (params: Record<string, string>) => {
    const unique = new Map<string, Resource>();
    let streamsComplete = true;
    let streamsUsable = true;
    const [total] = await Promise.all([
      gateway.count('Observation', { patient: options.patientId }, { signal }).catch((error: unknown) => {
        if (isFatal(error)) throw error;
        return undefined;
      }),
      ...OBSERVATION_STREAMS.map(async (category) => {
        try {
          const result = await gateway.searchPages('Observation', { ...params, category }, searchOptions('Observation'));
          for (const r of result.resources) unique.set(r.id ?? `#${unique.size}`, r);
          streamsComplete &&= result.complete;
        } catch (error) {
          if (isFatal(error)) throw error;
          streamsUsable = false;
        }
      }),
    ]).catch((error: unknown) => {
      fail('Observation', error);
      return [undefined];
    });
    if (fatal) return;
    if (streamsUsable && total !== undefined && unique.size >= total) return store('Observation', [...unique.values()], streamsComplete);
    loadedByPart.set('Observation', 0);
    try {
      const result = await gateway.searchPages('Observation', params, searchOptions('Observation'));
      store('Observation', result.resources, result.complete);
    } catch (error) {
      if (streamsUsable && error instanceof FhirRequestError && error.kind === 'rejected') {
        return store('Observation', [...unique.values()], streamsComplete);
      }
      fail('Observation', error);
    }
  };

  /**
   * Every part is read by search (by patient, or by `_id` for the resources referenced): without search
   * permission it is not asked at all. A search granted only in part (a v2 scope narrowed by a query) is
   * asked as usual: the server returns what the grant covers, or refuses, and the part says so.
   */
  const granted = (type: string) => {
    if (!options.permissions || options.permissions.can('search', type, 'patient')) return true;
    settle(type, { state: 'unavailable', reason: NOT_GRANTED });
    return false;
  };

  /**
   * The note texts: inline ones kept within the limits, the ones linked on this server read as Binary
   * (read by id: the session needs Binary read, not search), non-readable attachments' data dropped.
   */
  const noteTexts = async (offered: ReadonlySet<string> | undefined) => {
    const binaryAccess = offered && !offered.has('Binary') ? 'not-offered'
      : options.permissions && !options.permissions.can('read', 'Binary', 'patient') ? 'not-granted' : 'allowed';
    if (binaryAccess !== 'allowed') settle('Binary', { state: 'unavailable', reason: binaryAccess === 'not-offered' ? NOT_IN_CAPABILITY_STATEMENT : NOT_GRANTED });
    const notes = await readNoteTexts(gateway, byType.get('DocumentReference') ?? [], byType.get('DiagnosticReport') ?? [], {
      signal, binaryAccess, isFatal, limits: options.noteLimits,
      onFetched: (fetched) => {
        loadedByPart.set('Binary', fetched);
        report();
      },
    });
    if (byType.has('DocumentReference')) byType.set('DocumentReference', notes.documents);
    if (byType.has('DiagnosticReport')) byType.set('DiagnosticReport', notes.reports);
    byType.set('Binary', notes.binaries);
    loadedByPart.set('Binary', notes.binaries.length);
    if (binaryAccess === 'allowed') {
      const reason = noteTextsReason(notes.counts, { ...NOTE_LIMITS, ...options.noteLimits });
      settle('Binary', reason ? { state: 'partial', count: notes.binaries.length, reason } : { state: 'loaded', count: notes.binaries.length });
    }
    return notes;
  };

  const readByIds = async (type: string, ids: string[]) => {
    if (!granted(type)) return;
    const known = new Set((byType.get(type) ?? []).map((r) => r.id));
    const wanted = ids.filter((id) => !known.has(id));
    try {
      for (let i = 0; i < wanted.length; i += ID_BATCH) {
        const result = await gateway.searchPages(type, { _id: wanted.slice(i, i + ID_BATCH).join(','), _count: String(ID_BATCH) }, searchOptions(type));
        byType.set(type, [...(byType.get(type) ?? []), ...result.resources]);
      }
      store(type, [], true);
    } catch (error) {
      fail(type, error);
    }
  };

  try {
    const [patient, capabilities] = await Promise.all([
      options.patient ?? gateway.read<Patient>(`Patient/${options.patientId}`, { signal }),
      serverCapabilities(gateway, { signal }).catch((error: unknown) => {
        if (error instanceof FhirRequestError && (error.kind === 'unauthorized' || error.kind === 'aborted')) throw error;
        return undefined; // without a CapabilityStatement, ask for everything and let each part answer
      }),
    ]);
    const offered = offeredTypes(capabilities);
    const searches = RECORD_SEARCHES.filter((spec) => {
      if (!offered || offered.has(spec.type)) return true;
      settle(spec.type, { state: 'unavailable', reason: NOT_IN_CAPABILITY_STATEMENT });
      return false;
    }).filter((spec) => granted(spec.type));
    await Promise.all(searches.map(search));
    if (fatal) throw fatal;

    // The launch encounter is part of the record even when the patient search did not return it.
    const encounters = (byType.get('Encounter') ?? []) as Encounter[];
    if (options.encounterId && !encounters.some((e) => e.id === options.encounterId) && byType.has('Encounter')) {
      try {
        const launchEncounter = await gateway.read<Encounter>(`Encounter/${options.encounterId}`, { signal });
        store('Encounter', [launchEncounter], true);
      } catch (error) {
        fail('Encounter', error);
      }
    }

    const medicationRefs = [...(byType.get('MedicationRequest') ?? []), ...(byType.get('MedicationAdministration') ?? [])]
      .map((r) => field(r, 'medicationReference'));
    const clinicianRefs: unknown[] = [
      ...encounters.flatMap((e) => list(field(e, 'participant')).map((p) => field(p, 'individual'))),
      ...(byType.get('CareTeam') ?? []).flatMap((t) => list(field(t, 'participant')).map((p) => field(p, 'member'))),
      ...(byType.get('Task') ?? []).flatMap((t) => [field(t, 'owner'), field(t, 'requester')]),
    ];
    const [notes] = await Promise.all([
      noteTexts(offered).catch((error: unknown) => {
        fail('Binary', error);
        return undefined;
      }),
      readByIds('Medication', localReferences(medicationRefs, 'Medication')),
      (async () => {
        await readByIds('PractitionerRole', localReferences(clinicianRefs, 'PractitionerRole'));
        const roles = byType.get('PractitionerRole') ?? [];
        await readByIds('Practitioner', localReferences([...clinicianRefs, ...roles.map((r) => field(r, 'practitioner'))], 'Practitioner'));
      })(),
    ]);
    if (fatal) throw fatal;
    return {
      patient,
      resources: [patient, ...[...byType.values()].flat()],
      parts,
      fullUrls: notes?.fullUrls ?? new Map(),
      withheldNotes: notes?.withheld ?? [],
    };
  } catch (error) {
    throw fatal ?? error;
  } finally {
    options.signal?.removeEventListener('abort', abortFromCaller);
  }
}
