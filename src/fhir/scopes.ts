/**
 * The SMART scopes Clarify requests, computed in one place from the FHIR resource types it reads and
 * writes. Request only what is used: add a type here when code starts reading or writing it.
 * Syntax: https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html (v2 `.cruds`, v1 `.read/.write`).
 */
import { RECORD_READ_TYPES } from './record-types';

export type LaunchKind = 'ehr' | 'provider-standalone';
export type ScopeSyntax = 'v1' | 'v2';

interface Access {
  read: readonly string[];
  write: readonly string[];
}

/** Types read or written in the launched patient's compartment (technician, EHR launch). */
export const PATIENT_ACCESS: Access = { read: RECORD_READ_TYPES, write: [] };
/** Types read or written across patients (physician, provider launch without a patient). */
export const USER_ACCESS: Access = { read: [], write: [] };

function resourceScopes(context: 'patient' | 'user', access: Access, syntax: ScopeSyntax): string[] {
  const types = [...new Set([...access.read, ...access.write])];
  return types.flatMap((type) => {
    const reads = access.read.includes(type);
    const writes = access.write.includes(type);
    if (syntax === 'v1') {
      return [reads && `${context}/${type}.read`, writes && `${context}/${type}.write`].filter((s): s is string => Boolean(s));
    }
    return [`${context}/${type}.${writes ? 'c' : ''}${reads ? 'r' : ''}${writes ? 'u' : ''}${reads ? 's' : ''}`];
  });
}

/**
 * SMART v2 scopes when the server advertises `permission-v2` in its .well-known/smart-configuration;
 * otherwise v1, which v1-era servers understand and v2 servers should still accept.
 */
export function scopeSyntaxFor(capabilities: readonly string[] | undefined): ScopeSyntax {
  return capabilities?.includes('permission-v2') ? 'v2' : 'v1';
}

/** The scope string for an authorization request. */
export function launchScopes(kind: LaunchKind, syntax: ScopeSyntax = 'v2'): string {
  const identity = ['openid', 'fhirUser'];
  if (kind === 'ehr') return ['launch', ...identity, ...resourceScopes('patient', PATIENT_ACCESS, syntax)].join(' ');
  return [...identity, ...resourceScopes('user', USER_ACCESS, syntax)].join(' ');
}
