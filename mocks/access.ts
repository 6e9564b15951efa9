/**
 * SMART scope enforcement for the mock FHIR server (v1 `.read/.write/.*` and v2 `.cruds`), so that a
 * denied scope behaves here as it does on a real EHR: 403 with an OperationOutcome.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import type { Resource } from 'fhir/r4';
import type { AccessTokenClaims } from './smart-auth';

export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';

interface ResourceScope {
  context: 'patient' | 'user' | 'system';
  type: string;
  permissions: Set<Interaction>;
}

const V1_PERMISSIONS: Record<string, Interaction[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

function parseResourceScopes(scope: string): ResourceScope[] {
  const parsed: ResourceScope[] = [];
  for (const item of scope.split(/\s+/)) {
    const match = /^(patient|user|system)\/(\*|[A-Za-z]+)\.([a-z*]+)/.exec(item);
    if (!match) continue;
    const [, context, type, suffix] = match as unknown as [string, ResourceScope['context'], string, string];
    const permissions = V1_PERMISSIONS[suffix] ?? [...suffix].filter((c): c is Interaction => 'cruds'.includes(c));
    parsed.push({ context, type, permissions: new Set(permissions) });
  }
  return parsed;
}

/**
 * The patient whose compartment holds a resource (by its subject/patient/for/beneficiary; a Provenance by
 * a Patient target; a Binary by a Patient securityContext), if any. The store serves what it was given, malformed or not (a number as a
 * reference: mocks/fixtures/messy.ts).
 */
export function compartmentPatient(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  // A Binary is in no compartment; EHRs give it the access of the resource its securityContext names (here a Patient).
  if (resource.resourceType === 'Binary') {
    const ref: unknown = (resource as unknown as { securityContext?: { reference?: unknown } }).securityContext?.reference;
    return typeof ref === 'string' && ref.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
  }
  const r = resource as unknown as Record<string, { reference?: unknown } | undefined>;
  for (const field of ['subject', 'patient', 'for', 'beneficiary']) {
    const ref = r[field]?.reference;
    if (typeof ref === 'string' && ref.startsWith('Patient/')) return ref.slice('Patient/'.length).replace(/\/_history\/.*$/, '');
  }
  if (resource.resourceType === 'Provenance') {
    const targets: unknown = (resource as unknown as { target?: unknown }).target;
    for (const target of Array.isArray(targets) ? targets : []) {
      const ref: unknown = (target as { reference?: unknown } | null)?.reference;
      if (typeof ref === 'string' && ref.startsWith('Patient/')) return ref.slice('Patient/'.length).replace(/\/_history\/.*$/, '');
    }
  }
  return undefined;
}

export type AccessDecision =
  | { allowed: false; reason: string }
  /** `patient` set: only that patient's compartment (and resources in no patient compartment) are visible. */
  | { allowed: true; patient?: string };

export function decideAccess(claims: AccessTokenClaims, type: string, interaction: Interaction): AccessDecision {
  const scopes = parseResourceScopes(claims.scope).filter(
    (s) => (s.type === '*' || s.type === type) && s.permissions.has(interaction),
  );
  if (scopes.some((s) => s.context !== 'patient')) return { allowed: true };
  if (scopes.length > 0) {
    if (!claims.patient) return { allowed: false, reason: `patient/${type} scopes need a patient in context.` };
    return { allowed: true, patient: claims.patient };
  }
  return { allowed: false, reason: `The granted scopes do not allow "${interaction}" on ${type}.` };
}

export function visibleTo(decision: AccessDecision & { allowed: true }, resource: Resource): boolean {
  if (!decision.patient) return true;
  const owner = compartmentPatient(resource);
  return owner === undefined || owner === decision.patient;
}
