/**
 * What the FHIR server says it offers (its CapabilityStatement, `/metadata`), read once per session: the
 * resource types, and per type the `_include` values (`searchInclude`) and search parameters. A server that
 * does not say is taken at its word on nothing: callers fall back to plain searches and reads by id.
 * https://hl7.org/fhir/R4/capabilitystatement.html
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';
import type { FhirGateway, RequestOptions } from './gateway';
import { FhirRequestError } from './errors';
import { type Json, isObject } from '../record/json';

/** One CapabilityStatement per gateway (a gateway is one SMART session); only a successful read is kept. */
const cache = new WeakMap<FhirGateway, Promise<CapabilityStatement>>();

/**
 * The server's CapabilityStatement, read once per gateway (session). A failed read is not kept, so the
 * next caller asks again; it throws FhirRequestError as the gateway does. The read is shared, so one
 * caller's abort (`options.signal`) ends only that caller's wait, not the read the others wait for.
 */
export function serverCapabilities(gateway: FhirGateway, options: RequestOptions = {}): Promise<CapabilityStatement> {
  let reading = cache.get(gateway);
  if (!reading) {
    const started = gateway.capabilities();
    reading = started;
    cache.set(gateway, started);
    started.catch(() => {
      if (cache.get(gateway) === started) cache.delete(gateway);
    });
  }
  const { signal } = options;
  if (!signal) return reading;
  const aborted = () => new FhirRequestError('aborted', 0, 'The request was cancelled.');
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    reading.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The server's `rest` entry (mode server), read defensively: the statement is untrusted JSON. */
function serverRest(capabilities: unknown): Json | undefined {
  const rest: unknown = isObject(capabilities) ? capabilities.rest : undefined;
  return Array.isArray(rest) ? rest.find((r): r is Json => isObject(r) && r.mode === 'server') : undefined;
}

/** The statement's entry for one resource type, if it lists it. */
export function resourceCapability(capabilities: unknown, type: string): CapabilityStatementRestResource | undefined {
  const resources: unknown = serverRest(capabilities)?.resource;
  const found = Array.isArray(resources) ? resources.find((r) => isObject(r) && r.type === type) : undefined;
  return found as CapabilityStatementRestResource | undefined;
}

/** The resource types the server lists; undefined when the statement lists none (then nothing is known). */
export function offeredTypes(capabilities: unknown): Set<string> | undefined {
  const resources: unknown = serverRest(capabilities)?.resource;
  if (!Array.isArray(resources)) return undefined;
  return new Set(resources.filter(isObject).map((r) => r.type).filter((t): t is string => typeof t === 'string'));
}

/**
 * Whether the server offers `_include=<include>` (`Task:patient`) on a search of `type`: listed in the
 * type's `searchInclude` (or `*` there). Not listed, or no statement: false, so the caller reads by id.
 */
export function offersInclude(capabilities: unknown, type: string, include: string): boolean {
  const listed = strings((resourceCapability(capabilities, type) as unknown as Json | undefined)?.searchInclude);
  return listed.includes(include) || listed.includes('*');
}
