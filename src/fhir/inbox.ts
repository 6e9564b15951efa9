/**
 * The queries of one user across patients (issue 11, items 1 and 2): the physician's **inbox** (the Tasks
 * whose `owner` is the signed-in practitioner or one of their PractitionerRoles) and the technician's
 * **Queries I sent** (whose `requester` is the user), with the Patients and Encounters they name. Read under
 * the provider launch's `user/` scopes (src/fhir/scopes.ts); narrowed to one patient, the same search gives
 * the queries addressed to the user on that patient's chart (EHR launch, `patient/` scopes).
 *
 * - Who the user is: `Practitioner/x`, whose PractitionerRoles are searched (`PractitionerRole?practitioner=`)
 *   unless the caller knows them; or `PractitionerRole/y`, read for its practitioner, whose other roles are
 *   searched too. A query addressed to any of them is the user's.
 * - Two searches per set of people, both paged (every `next` link followed, within a page bound), newest
 *   first (`_sort=-authored-on`): the open queries (requested, received, accepted, ready, in-progress,
 *   on-hold), read to the end, and the closed ones (completed, rejected, failed, cancelled), whose history
 *   grows for ever, read up to a few pages, with the server's count when cut short. Drafts and
 *   entered-in-error Tasks are not queries anyone should answer.
 * - The Patients and Encounters the queries name are read by `_id` (`Patient?_id=a,b,c`, 50 at a time).
 *   `_include=Task:patient` (and `Task:encounter`) is asked only when the server's CapabilityStatement offers
 *   it (read once per session, src/fhir/capabilities.ts); what it did not bring is then read by `_id`.
 * - Everything the server returns is untrusted JSON: only Clarify's query Tasks (`isClarifyQuery`) with a
 *   usable id whose owner (requester) is one of the people and whose status is the one searched are kept;
 *   Patients and Encounters pass the trust boundary (`readResourceOf`) and are kept only when a query names
 *   them. A failure reading the roles, the closed queries, the Patients or the Encounters is reported in
 *   `problems` and the rest loads; a failure of the open search throws FhirRequestError, as the gateway does
 *   (a 401 or an abort always throws).
 */
import type { Encounter, Patient, PractitionerRole, QuestionnaireResponse, Resource, Task } from 'fhir/r4';
import type { FhirGateway, RequestOptions, SearchParams } from './gateway';
import { FhirRequestError } from './errors';
import { offersInclude, serverCapabilities } from './capabilities';
import type { Permissions } from './permissions';
import { queriesFromResources, type ClarifyQuery } from './queries';
import { CLOSED_TASK_STATUSES, OPEN_TASK_STATUSES } from '../query/query-status';
export { CLOSED_TASK_STATUSES, OPEN_TASK_STATUSES };
import { isClarifyQuery } from '../query/query-status';
import { readResourceOf } from '../record/read-resource';
import { parseReference } from '../record/references';
import { CLARIFY_CODE, SYSTEM } from '../terminology/systems';
import { NOT_GRANTED, partFailureReason } from '../messages';
import { type Json, isObject } from '../record/json';

/** The signed-in user (`fhirUser`), as Clarify searches by it. */
export type InboxUser = `Practitioner/${string}` | `PractitionerRole/${string}`;

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The user a `fhirUser` names, when it is a Practitioner or a PractitionerRole (relative, or absolute on
 * this server's base); undefined for anything else (a Patient, a RelatedPerson, another server).
 */
export function inboxUserOf(fhirUser: unknown, baseUrl?: string): InboxUser | undefined {
  const local = localReference(fhirUser, baseUrl);
  return local && (local.startsWith('Practitioner/') || local.startsWith('PractitionerRole/')) ? (local as InboxUser) : undefined;
}

/** `Type/id` of a relative reference, or of an absolute one on this server's base (when known); versions dropped. */
function localReference(reference: unknown, baseUrl?: string): string | undefined {
  const parsed = parseReference(reference);
  if (parsed?.kind === 'relative') return `${parsed.type}/${parsed.id}`;
  if (parsed?.kind === 'absolute' && parsed.type && parsed.id && baseUrl !== undefined) {
    const base = baseUrl.replace(/\/+$/, '');
    return parsed.url.startsWith(`${base}/${parsed.type}/${parsed.id}`) ? `${parsed.type}/${parsed.id}` : undefined;
  }
  return undefined;
}

export interface InboxOptions extends RequestOptions {
  /**
   * The user's PractitionerRoles (`PractitionerRole/<id>`), when the caller already knows them; otherwise
   * they are searched (a Practitioner) or read (a PractitionerRole user's practitioner, then its roles).
   */
  roles?: readonly string[];
  /** Only the queries about this patient (`Patient/<id>` or the id): the queries on a patient's chart. */
  patient?: string;
  /** Only the open queries (no history): what the chart of a patient shows. */
  openOnly?: boolean;
  /**
   * What the EHR granted: a part it did not grant (roles, Patients, Encounters) is not asked for and is
   * reported in `problems`; without permissions every part is asked and the server answers for each.
   */
  permissions?: Permissions;
  /** `_count` asked per page (default 50). */
  pageSize?: number;
  /** Pages read at most: open queries (default 40), closed ones (default 4). */
  maxOpenPages?: number;
  maxClosedPages?: number;
}

/** A part of the inbox that could not be read (the rest loaded). */
export interface InboxProblem {
  part: 'roles' | 'closed' | 'patients' | 'encounters' | 'answers';
  /** Why, said for people (no server text beyond the OperationOutcome's, no patient data). */
  reason: string;
  /** HTTP status, when there was one. */
  status?: number;
}

/** One tab: how many queries match, and whether all of them were read. */
export interface InboxTab {
  /** All of them were read (false: the page bound cut the search; `total` then says how many there are, when the server says). */
  complete: boolean;
  /** How many match: those read when complete, else the server's count (undefined when it gives none). */
  total?: number;
}

export interface Inbox {
  /** Whose queries: the user, and their practitioner and roles as found (`Type/id`). */
  people: string[];
  /** The queries (open and closed), newest first; `readQuery`'s reading of each Task (status, version). */
  queries: ClarifyQuery[];
  open: InboxTab;
  /** Absent when only the open queries were asked (`openOnly`). */
  closed?: InboxTab;
  /** The Patients the queries name, by `Patient/<id>`, read through the trust boundary. */
  patients: ReadonlyMap<string, Patient>;
  /** The Encounters the queries name, by `Encounter/<id>`. */
  encounters: ReadonlyMap<string, Encounter>;
  /** The answers (QuestionnaireResponses) the queries' Task.output names, by `QuestionnaireResponse/<id>`. */
  answers: ReadonlyMap<string, QuestionnaireResponse>;
  /** References the queries name that could not be read: not found, not permitted, another server's. */
  unresolved: string[];
  /** Tasks the server returned that were set aside: not Clarify's query, not the user's, another status, no usable id. */
  setAside: number;
  problems: InboxProblem[];
}

const DEFAULTS = { pageSize: 50, maxOpenPages: 40, maxClosedPages: 4 };
/** People per Task search (`owner=a,b,c`), and ids per `_id` read. */
const PEOPLE_PER_SEARCH = 10;
const ID_BATCH = 50;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** A failure that ends the whole load (the session expired, the caller left), or a part's problem. */
function partProblem(error: unknown, part: InboxProblem['part']): InboxProblem {
  if (!(error instanceof FhirRequestError) || error.kind === 'unauthorized' || error.kind === 'aborted') throw error;
  return { part, reason: partFailureReason(error), ...(error.status ? { status: error.status } : {}) };
}

/** The queries addressed to the user (`owner`): the physician's inbox. */
export function loadInbox(gateway: FhirGateway, user: InboxUser, options: InboxOptions = {}): Promise<Inbox> {
  return loadQueriesOf(gateway, 'owner', user, options);
}

/** The queries the user sent (`requester`): the technician's "Queries I sent". */
export function loadSentByMe(gateway: FhirGateway, user: InboxUser, options: InboxOptions = {}): Promise<Inbox> {
  return loadQueriesOf(gateway, 'requester', user, options);
}

async function loadQueriesOf(gateway: FhirGateway, field: 'owner' | 'requester', user: InboxUser, options: InboxOptions): Promise<Inbox> {
  if (!inboxUserOf(user)) throw new TypeError(`The inbox is for a Practitioner or PractitionerRole, not ${String(user).slice(0, 80)}.`);
  const settings = { ...DEFAULTS, ...options };
  const { signal, permissions } = options;
  const context = options.patient ? 'patient' : 'user';
  const granted = (type: string) => !permissions || permissions.can('search', type, context);
  const problems: InboxProblem[] = [];

  const capabilities = serverCapabilities(gateway, { signal }).catch((error: unknown) => {
    if (error instanceof FhirRequestError && (error.kind === 'unauthorized' || error.kind === 'aborted')) throw error;
    return undefined; // without a CapabilityStatement, no _include: the patients are read by _id
  });
  const [people, statement] = await Promise.all([
    peopleOf(gateway, user, options, problems, granted('PractitionerRole') || !!options.roles),
    capabilities,
  ]);

  const patientFilter = options.patient ? localReference(options.patient.includes('/') ? options.patient : `Patient/${options.patient}`) : undefined;
  if (options.patient && !patientFilter?.startsWith('Patient/')) throw new TypeError('The patient option takes Patient/<id> or an id.');
  const includes = [
    ...(offersInclude(statement, 'Task', 'Task:patient') && granted('Patient') ? ['Task:patient'] : []),
    ...(offersInclude(statement, 'Task', 'Task:encounter') && granted('Encounter') ? ['Task:encounter'] : []),
  ];
  const search = async (statuses: readonly string[], maxPages: number) => {
    const parts = await Promise.all(chunks(people, PEOPLE_PER_SEARCH).map(async (group) => {
      const params: Record<string, string | string[]> = {
        [field]: group.join(','),
        code: `${SYSTEM.CLARIFY}|${CLARIFY_CODE.QUERY}`,
        status: statuses.join(','),
        ...(patientFilter ? { patient: patientFilter } : {}),
      };
      const result = await gateway.searchPages<Task>('Task', {
        ...params, _sort: '-authored-on', _count: String(settings.pageSize), ...(includes.length ? { _include: includes } : {}),
      }, { signal, maxPages });
      const total = result.complete ? undefined : await gateway.count('Task', params, { signal }).catch(() => undefined);
      return { ...result, total };
    }));
    return {
      resources: parts.flatMap((p) => p.resources),
      included: parts.flatMap((p) => p.included),
      complete: parts.every((p) => p.complete),
      // Cut short: the server's counts, when it gave one for every search.
      total: parts.every((p) => p.complete || p.total !== undefined) ? parts.reduce((n, p) => n + (p.complete ? p.resources.length : p.total!), 0) : undefined,
    };
  };

  const open = await search(OPEN_TASK_STATUSES, settings.maxOpenPages);
  let closed: Awaited<ReturnType<typeof search>> | undefined;
  if (!options.openOnly) {
    try {
      closed = await search(CLOSED_TASK_STATUSES, settings.maxClosedPages);
    } catch (error) {
      problems.push(partProblem(error, 'closed'));
    }
  }

  // Only the user's own query Tasks, in the status searched, about the patient asked for.
  const peopleSet = new Set(people);
  let setAside = 0;
  const keep = (tasks: readonly unknown[], statuses: readonly string[]) => tasks.filter((task) => {
    const ok = isClarifyQuery(task) && isObject(task)
      && statuses.includes(task.status as string)
      && peopleSet.has(localReference(isObject(task[field]) ? task[field].reference : undefined, gateway.baseUrl) ?? '')
      && (!patientFilter || localReference(isObject(task.for) ? task.for.reference : undefined, gateway.baseUrl) === patientFilter);
    if (!ok) setAside++;
    return ok;
  });
  const openTasks = keep(open.resources, OPEN_TASK_STATUSES);
  const closedTasks = closed ? keep(closed.resources, CLOSED_TASK_STATUSES) : [];
  const queries = queriesFromResources([...openTasks, ...closedTasks]);
  setAside += openTasks.length + closedTasks.length - queries.length;
  const tab = (found: { complete: boolean; total?: number }, read: number): InboxTab =>
    (found.complete ? { complete: true, total: read } : { complete: false, ...(found.total !== undefined ? { total: found.total } : {}) });
  const openRead = queries.filter((q) => (OPEN_TASK_STATUSES as readonly string[]).includes(q.status ?? '')).length;

  // The Patients and Encounters the queries name: what _include brought, then the rest by _id.
  const unresolved: string[] = [];
  const named = (key: 'for' | 'encounter', type: string) => {
    const local = new Set<string>();
    for (const { task } of queries) {
      const value: unknown = (task as unknown as Json)[key];
      const reference = isObject(value) ? value.reference : undefined;
      if (reference === undefined) continue;
      const found = localReference(reference, gateway.baseUrl);
      if (found?.startsWith(`${type}/`) && FHIR_ID.test(found.slice(type.length + 1))) local.add(found);
      else if (typeof reference === 'string' && !unresolved.includes(reference.slice(0, 200))) unresolved.push(reference.slice(0, 200));
    }
    return [...local];
  };
  const included = [...open.included, ...(closed?.included ?? [])];
  const [patients, encounters, answers] = await Promise.all([
    resolveAll<Patient>(gateway, 'Patient', named('for', 'Patient'), included, { granted: granted('Patient'), signal, problems, unresolved, part: 'patients' }),
    resolveAll<Encounter>(gateway, 'Encounter', named('encounter', 'Encounter'), included, { granted: granted('Encounter'), signal, problems, unresolved, part: 'encounters' }),
    // The answers of the closed queries (Task.output), so the closed tab can show them.
    resolveAll<QuestionnaireResponse>(gateway, 'QuestionnaireResponse', answersNamed(queries.map((q) => q.task), gateway.baseUrl), [],
      { granted: granted('QuestionnaireResponse'), signal, problems, unresolved, part: 'answers' }),
  ]);

  return {
    people,
    queries,
    open: tab(open, openRead),
    ...(options.openOnly ? {} : { closed: closed ? tab(closed, queries.length - openRead) : { complete: false } }),
    patients,
    encounters,
    answers,
    unresolved,
    setAside,
    problems,
  };
}

/** `QuestionnaireResponse/<id>` of every answer the Tasks name in Task.output (local references only). */
function answersNamed(tasks: readonly Task[], baseUrl: string | undefined): string[] {
  const found = new Set<string>();
  for (const task of tasks) {
    const outputs: unknown = (task as unknown as Json).output;
    for (const output of Array.isArray(outputs) ? outputs.slice(0, 20) : []) {
      const value = isObject(output) && isObject(output.valueReference) ? output.valueReference.reference : undefined;
      const local = localReference(value, baseUrl);
      if (local?.startsWith('QuestionnaireResponse/') && FHIR_ID.test(local.slice('QuestionnaireResponse/'.length))) found.add(local);
    }
  }
  return [...found];
}

/**
 * The user and every PractitionerRole of the same practitioner. A PractitionerRole user's practitioner is
 * read from the role (and its other roles searched); a Practitioner's roles are searched, unless given.
 */
async function peopleOf(gateway: FhirGateway, user: InboxUser, options: InboxOptions, problems: InboxProblem[], rolesGranted: boolean): Promise<string[]> {
  const people = new Set<string>([user]);
  for (const role of options.roles ?? []) {
    const local = localReference(role, gateway.baseUrl);
    if (local?.startsWith('PractitionerRole/')) people.add(local);
  }
  if (options.roles) return [...people];
  if (!rolesGranted) {
    problems.push({ part: 'roles', reason: NOT_GRANTED });
    return [...people];
  }
  try {
    let practitioner: string | undefined = user.startsWith('Practitioner/') ? user : undefined;
    if (!practitioner) {
      const role = readResourceOf<PractitionerRole>(await gateway.read(user, { signal: options.signal }), ['PractitionerRole']);
      practitioner = localReference(role?.practitioner?.reference, gateway.baseUrl);
      if (!practitioner?.startsWith('Practitioner/')) return [...people];
      people.add(practitioner);
    }
    const roles = await gateway.search<PractitionerRole>('PractitionerRole', { practitioner, _count: '50' }, { signal: options.signal, maxPages: 4 });
    for (const untrusted of roles) {
      const role = readResourceOf<PractitionerRole>(untrusted, ['PractitionerRole']);
      // The server's word is checked: only roles of this practitioner.
      if (role?.id && FHIR_ID.test(role.id) && localReference(role.practitioner?.reference, gateway.baseUrl) === practitioner) people.add(`PractitionerRole/${role.id}`);
    }
  } catch (error) {
    problems.push(partProblem(error, 'roles'));
  }
  return [...people];
}

interface ResolveContext {
  granted: boolean;
  signal?: AbortSignal;
  problems: InboxProblem[];
  unresolved: string[];
  part: InboxProblem['part'];
}

/** The resources of one type the references name: from what was included, then read by `_id`; the rest unresolved. */
async function resolveAll<T extends Patient | Encounter | QuestionnaireResponse>(
  gateway: FhirGateway, type: T['resourceType'], references: readonly string[], included: readonly Resource[], context: ResolveContext,
): Promise<ReadonlyMap<string, T>> {
  const found = new Map<string, T>();
  const wanted = new Set(references);
  const take = (untrusted: unknown) => {
    const resource = readResourceOf<T>(untrusted, [type]);
    const key = resource?.id ? `${type}/${resource.id}` : undefined;
    if (resource && key && wanted.has(key) && !found.has(key)) found.set(key, resource);
  };
  included.forEach(take);
  const missing = references.filter((r) => !found.has(r));
  if (missing.length > 0 && !context.granted) {
    context.problems.push({ part: context.part, reason: NOT_GRANTED });
  } else if (missing.length > 0) {
    try {
      for (const ids of chunks(missing.map((r) => r.slice(type.length + 1)), ID_BATCH)) {
        const params: SearchParams = { _id: ids.join(','), _count: String(ID_BATCH) };
        (await gateway.search(type, params, { signal: context.signal, maxPages: 2 })).forEach(take);
      }
    } catch (error) {
      context.problems.push(partProblem(error, context.part));
    }
  }
  context.unresolved.push(...references.filter((r) => !found.has(r)));
  return found;
}
