/**
 * Reads everything Clarify needs about one patient: searches by patient in parallel (bounded), every
 * page followed, then the resources they reference (medications, clinicians, the launch encounter).
 * One part failing (403 on Claim, a type the server does not offer) marks that part unavailable and the
 * rest loads; a 401 (session expired) or an abort stops everything.
 */
import type { CapabilityStatement, DocumentReference, Encounter, Patient, Reference, Resource } from 'fhir/r4';
import type { FhirGateway } from './gateway';
import { FhirRequestError } from './errors';
import { OBSERVATION_CATEGORIES, RECORD_REFERENCED, RECORD_SEARCHES, type RecordSearch } from './record-types';
import { NOT_IN_CAPABILITY_STATEMENT, partFailureReason } from '../messages';

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
  encounterId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** Searches in flight at once. */
  concurrency?: number;
  /** `_count` asked for; servers cap it at their own maximum. */
  pageSize?: number;
  /** Page allowance for the whole load. */
  maxTotalPages?: number;
}

export interface LoadedPatientRecord {
  patient: Patient;
  resources: Resource[];
  parts: RecordPart[];
}

const DEFAULTS = { concurrency: 6, pageSize: 1000, maxTotalPages: 2000 };
const ID_BATCH = 50;

/** Runs tasks with at most `limit` at a time. */
async function runBounded(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

function supportedTypes(capabilities: CapabilityStatement | undefined): Set<string> | undefined {
  const resources = capabilities?.rest?.find((r) => r.mode === 'server')?.resource;
  return resources ? new Set(resources.map((r) => r.type)) : undefined;
}

/** Documents are read for their metadata only: inline attachment content is dropped. */
function metadataOnly(document: DocumentReference): DocumentReference {
  if (!document.content?.some((c) => c.attachment?.data)) return document;
  return { ...document, content: document.content.map((c) => ({ ...c, attachment: { ...c.attachment, data: undefined } })) };
}

function localReferences(references: Array<Reference | undefined>, type: string): string[] {
  const ids = new Set<string>();
  for (const ref of references) {
    const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(ref?.reference ?? '');
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
  let resourcesLoaded = 0;
  let pagesLeft = settings.maxTotalPages;
  let fatal: FhirRequestError | undefined;

  const report = () => options.onProgress?.({
    partsDone: parts.filter((p) => p.status.state !== 'pending').length,
    partsTotal: parts.length,
    resourcesLoaded,
    parts: parts.map((p) => ({ ...p })),
  });
  const settle = (type: string, status: PartState) => {
    parts.find((p) => p.type === type)!.status = status;
    report();
  };
  const searchOptions = {
    signal,
    takePage: () => pagesLeft-- > 0,
    onPage: (matches: number) => {
      resourcesLoaded += matches;
      report();
    },
  };

  /** Marks a part unavailable, or stops the whole load for an expired session or an abort. */
  const fail = (type: string, error: unknown) => {
    if (error instanceof FhirRequestError && error.kind !== 'unauthorized' && error.kind !== 'aborted') {
      settle(type, { state: 'unavailable', reason: partFailureReason({ ...error, serverText: error.serverText }), status: error.status || undefined });
      return;
    }
    fatal ??= error instanceof FhirRequestError ? error : new FhirRequestError('aborted', 0, String(error));
    controller.abort();
  };

  const store = (type: string, resources: Resource[], complete: boolean) => {
    byType.set(type, [...(byType.get(type) ?? []), ...resources]);
    const count = byType.get(type)!.length;
    settle(type, complete ? { state: 'loaded', count } : { state: 'partial', count, reason: 'stopped at the page limit' });
  };

  const search = async (spec: RecordSearch) => {
    const params = { patient: options.patientId, _count: String(settings.pageSize), ...spec.params };
    try {
      const result = await gateway.searchPages(spec.type, params, searchOptions);
      store(spec.type, result.resources, result.complete);
    } catch (error) {
      // Some servers require a category on Observation searches: ask category by category.
      if (spec.type === 'Observation' && error instanceof FhirRequestError && error.kind === 'rejected') {
        return observationsByCategory(params);
      }
      fail(spec.type, error);
    }
  };

  const observationsByCategory = async (params: Record<string, string>) => {
    const found = new Map<string, Resource>();
    let complete = true;
    try {
      for (const category of OBSERVATION_CATEGORIES) {
        const result = await gateway.searchPages('Observation', { ...params, category }, searchOptions);
        for (const r of result.resources) found.set(r.id ?? String(found.size), r);
        complete &&= result.complete;
      }
      store('Observation', [...found.values()], complete);
    } catch (error) {
      fail('Observation', error);
    }
  };

  const readByIds = async (type: string, ids: string[]) => {
    const known = new Set((byType.get(type) ?? []).map((r) => r.id));
    const wanted = ids.filter((id) => !known.has(id));
    try {
      for (let i = 0; i < wanted.length; i += ID_BATCH) {
        const result = await gateway.searchPages(type, { _id: wanted.slice(i, i + ID_BATCH).join(','), _count: String(ID_BATCH) }, searchOptions);
        byType.set(type, [...(byType.get(type) ?? []), ...result.resources]);
      }
      store(type, [], true);
    } catch (error) {
      fail(type, error);
    }
  };

  try {
    const [patient, capabilities] = await Promise.all([
      gateway.read<Patient>(`Patient/${options.patientId}`, { signal }),
      gateway.capabilities({ signal }).catch((error: unknown) => {
        if (error instanceof FhirRequestError && (error.kind === 'unauthorized' || error.kind === 'aborted')) throw error;
        return undefined; // without a CapabilityStatement, ask for everything and let each part answer
      }),
    ]);
    resourcesLoaded++;
    const offered = supportedTypes(capabilities);
    const searches = RECORD_SEARCHES.filter((spec) => {
      if (!offered || offered.has(spec.type)) return true;
      settle(spec.type, { state: 'unavailable', reason: NOT_IN_CAPABILITY_STATEMENT });
      return false;
    });
    await runBounded(searches.map((spec) => () => search(spec)), settings.concurrency);
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
      .map((r) => (r as { medicationReference?: Reference }).medicationReference);
    const clinicianRefs: Array<Reference | undefined> = [
      ...encounters.flatMap((e) => (e.participant ?? []).map((p) => p.individual)),
      ...(byType.get('CareTeam') ?? []).flatMap((t) => ((t as { participant?: Array<{ member?: Reference }> }).participant ?? []).map((p) => p.member)),
      ...(byType.get('Task') ?? []).flatMap((t) => [(t as { owner?: Reference }).owner, (t as { requester?: Reference }).requester]),
    ];
    await runBounded([
      () => readByIds('Medication', localReferences(medicationRefs, 'Medication')),
      async () => {
        await readByIds('PractitionerRole', localReferences(clinicianRefs, 'PractitionerRole'));
        const roles = (byType.get('PractitionerRole') ?? []) as Array<{ practitioner?: Reference }>;
        await readByIds('Practitioner', localReferences([...clinicianRefs, ...roles.map((r) => r.practitioner)], 'Practitioner'));
      },
    ], settings.concurrency);
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
