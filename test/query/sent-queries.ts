/**
 * Query Tasks as the EHR returns them after Clarify sent them: made by buildQueryTransaction from the test
 * drafts (queries.ts) on a real finding, then given what a server adds (id, meta.versionId, lastUpdated,
 * resolved references). And `applyTransaction`, a small stand-in for the server's transaction processing:
 * ids for POSTs, `urn:uuid:` fullUrls replaced by `Type/id` everywhere, new versions for PUTs.
 */
import type { Bundle, FhirResource, Task } from 'fhir/r4';
import { buildQueryTransaction, type QueryTransactionInput } from '../../src/query/build-query';
import type { QueryDraft } from '../../src/query/draft';
import type { Finding } from '../../src/rules/index';
import { loadIcd10Cm } from '../../src/terminology/icd10cm/icd10cm-table';
import { FINDING_SCENARIOS, findingsOf } from './finding-scenarios';

let hyponatremia: Finding | undefined;

/** The hyponatremia finding of the scenarios (the ICD-10-CM table is loaded once). */
export async function loadFinding(): Promise<Finding> {
  if (!hyponatremia) {
    const icd10cm = await loadIcd10Cm();
    hyponatremia = findingsOf(FINDING_SCENARIOS.find((s) => s.ruleId === 'electrolytes/hyponatremia')!, icd10cm)[0]!;
  }
  return hyponatremia;
}

export const TECHNICIAN = { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' };
export const PHYSICIAN = { reference: 'Practitioner/lee', display: 'Dr. Ana Lee' };

export interface SentOptions extends Partial<Omit<QueryTransactionInput, 'finding' | 'draft'>> {
  id?: string;
  versionId?: string;
  status?: Task['status'];
}

/** A query Task as the server holds it once sent: id, version, its DetectedIssue reference resolved. */
export function sentTask(finding: Finding, draft: QueryDraft, options: SentOptions = {}): Task {
  const { id = 'task-7', versionId = '2', status, ...input } = options;
  const bundle = buildQueryTransaction({
    finding, draft,
    patient: 'Patient/pat-1', encounter: 'Encounter/enc-1', author: TECHNICIAN, recipient: PHYSICIAN,
    authoredOn: '2021-03-05T15:04:05Z', dueDate: '2021-03-09', identifier: '6f1c2a9e-4b7d-4e21-9c3a-0d8e5f7a1b2c',
    ...input,
  });
  const task = bundle.entry!.map((e) => e.resource!).find((r): r is Task => r.resourceType === 'Task')!;
  return {
    ...task, id, meta: { versionId, lastUpdated: task.authoredOn! },
    reasonReference: { ...task.reasonReference, reference: 'DetectedIssue/d1' },
    ...(status ? { status } : {}),
  };
}

/**
 * The resources a server keeps after a transaction: POSTs get ids (`<type lowercased>-<n>`), urn:uuid
 * references become `Type/id`, PUTs take their url's id and the next version.
 */
export function applyTransaction(bundle: Bundle): FhirResource[] {
  const ids = new Map<string, string>();
  let n = 0;
  for (const entry of bundle.entry ?? []) {
    if (entry.request?.method === 'POST' && entry.fullUrl) ids.set(entry.fullUrl, `${entry.resource!.resourceType}/${entry.resource!.resourceType.toLowerCase()}-${++n}`);
  }
  return (bundle.entry ?? []).map((entry) => {
    let text = JSON.stringify(entry.resource);
    for (const [urn, reference] of ids) text = text.split(`"${urn}"`).join(`"${reference}"`);
    const resource = JSON.parse(text) as FhirResource;
    if (entry.request?.method === 'POST') return { ...resource, id: ids.get(entry.fullUrl ?? '')?.split('/')[1] ?? `new-${++n}`, meta: { versionId: '1' } } as FhirResource;
    const version = Number((resource.meta?.versionId ?? '0')) + 1;
    return { ...resource, id: entry.request!.url.split('/')[1]!, meta: { ...resource.meta, versionId: String(version) } } as FhirResource;
  });
}
