import { describe, expect, it } from 'vitest';
import { launchScopes, PATIENT_ACCESS } from '../../src/fhir/scopes';

describe('launchScopes', () => {
  it('asks an EHR launch for launch context, identity and patient-level read access in SMART v2 syntax', () => {
    const scopes = launchScopes('ehr').split(' ');
    expect(scopes.slice(0, 3)).toEqual(['launch', 'openid', 'fhirUser']);
    for (const type of PATIENT_ACCESS.read) expect(scopes).toContain(`patient/${type}.rs`);
    expect(scopes.every((s) => !s.startsWith('user/'))).toBe(true);
  });

  it('writes the same access in SMART v1 syntax for servers that only know v1', () => {
    const scopes = launchScopes('ehr', 'v1').split(' ');
    for (const type of PATIENT_ACCESS.read) expect(scopes).toContain(`patient/${type}.read`);
    const resourceScopes = scopes.filter((s) => s.includes('/'));
    expect(resourceScopes.every((s) => s.endsWith('.read') || s.endsWith('.write'))).toBe(true);
  });

  it('asks a provider launch for no launch context and no patient-level access', () => {
    const scopes = launchScopes('provider-standalone').split(' ');
    expect(scopes).toContain('openid');
    expect(scopes).toContain('fhirUser');
    expect(scopes).not.toContain('launch');
    expect(scopes.some((s) => s.startsWith('patient/'))).toBe(false);
  });

  it('never requests wildcard access', () => {
    for (const kind of ['ehr', 'provider-standalone'] as const) {
      for (const syntax of ['v1', 'v2'] as const) expect(launchScopes(kind, syntax)).not.toMatch(/\/\*\./);
    }
  });
});
