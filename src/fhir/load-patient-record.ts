/**
 * Reads everything Clarify needs about one patient: every search by patient started at once (the
 * gateway bounds how many requests are in flight), every page followed, then the resources they reference (medications, clinicians, the launch encounter).
 * One part failing (403 on Claim, a type the server does not offer) marks that part unavailable and the
 * rest loads; a 401 (session expired) or an abort stops everything. A part the session was not granted
 * is never requested.
 */
import type { DocumentReference, Encounter, Patient, Resource } from 'fhir/r4';
import type { FhirGateway } from './gateway';
import { FhirRequestError } from './errors';
import { OBSERVATION_STREAMS, RECORD_REFERENCED, RECORD_SEARCHES, type RecordSearch } from './record-types';
import type { Permissions } from './permissions';
import { offeredTypes, serverCapabilities } from './capabilities';
import { NOT_GRANTED, NOT_IN_CAPABILITY_STATEMENT, partFailureReason } from '../messages';

export type PartState =
  | { state: 'pending' }
  | { state: 'loaded'; count: number }
  /** Loaded, but stopped before the end (page limit). */
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
}

export interface LoadedPatientRecord {
  patient: Patient;
  resources: Resource[];
  parts: RecordPart[];
}

const DEFAULTS = { pageSize: 1000, maxTotalPages: 2000 };
const ID_BATCH = 50;

/** Documents are read for their metadata only: inline attachment content is dropped. */
function metadataOnly(document: DocumentReference): DocumentReference {
  const content: unknown = document.content;
  const hasData = (c: unknown) => isObject(c) && isObject(c.attachment) && c.attachment.data !== undefined;
  if (!Array.isArray(content) || !content.some(hasData)) return document;
  return { ...document, content: content.map((c) => (hasData(c) ? { ...c, attachment: { ...c.attachment, data: undefined } } : c)) };
}

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
    await Promise.all([
      readByIds('Medication', localReferences(medicationRefs, 'Medication')),
      (async () => {
        await readByIds('PractitionerRole', localReferences(clinicianRefs, 'PractitionerRole'));
        const roles = byType.get('PractitionerRole') ?? [];
        await readByIds('Practitioner', localReferences([...clinicianRefs, ...roles.map((r) => field(r, 'practitioner'))], 'Practitioner'));
      })(),
    ]);
    if (fatal) throw fatal;

    const documents = (byType.get('DocumentReference') ?? []) as DocumentReference[];
    if (documents.length) byType.set('DocumentReference', documents.map(metadataOnly));
    return { patient, resources: [patient, ...[...byType.values()].flat()], parts };
  } catch (error) {
    throw fatal ?? error;
  } finally {
    options.signal?.removeEventListener('abort', abortFromCaller);
  }
}
