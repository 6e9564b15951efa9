/**
 * FHIR R4 search over the mock store: the parameters Clarify uses, matched the way a FHIR server
 * matches them (reference, token and string-equality parameters; comma = OR). Unknown parameters are
 * refused with 400, like HAPI's default, so a typo in the app fails loudly in tests.
 * https://hl7.org/fhir/R4/search.html
 */
import type { Resource } from 'fhir/r4';

type Matcher = (resource: Resource, value: string) => boolean;

function fieldValues(resource: Resource, path: string): unknown[] {
  let values: unknown[] = [resource];
  for (const step of path.split('.')) {
    values = values.flatMap((v) => {
      const child = v && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined;
      return child === undefined ? [] : Array.isArray(child) ? child : [child];
    });
  }
  return values;
}

function referenceMatcher(...paths: string[]): Matcher {
  return (resource, value) => {
    const refs = paths.flatMap((p) => fieldValues(resource, `${p}.reference`)).filter((r): r is string => typeof r === 'string');
    return refs.some((ref) => ref === value || (!value.includes('/') && ref.endsWith(`/${value}`)));
  };
}

interface TokenLike { system?: string; code?: string; value?: string }

function tokenMatcher(...paths: string[]): Matcher {
  return (resource, value) => {
    const [system, code] = value.includes('|') ? value.split('|', 2) as [string, string] : [undefined, value];
    const tokens = paths.flatMap((p) => fieldValues(resource, p)).flatMap((v): TokenLike[] => {
      if (typeof v === 'string') return [{ code: v }];
      if (v && typeof v === 'object' && 'coding' in v) return ((v as { coding?: TokenLike[] }).coding ?? []);
      return v && typeof v === 'object' ? [v as TokenLike] : [];
    });
    return tokens.some((t) => {
      const tokenCode = t.code ?? t.value;
      if (system !== undefined && system !== '' && t.system !== system) return false;
      if (system === '' && t.system !== undefined) return false;
      return code === '' ? true : tokenCode === code;
    });
  };
}

const SHARED: Record<string, Matcher> = {
  _id: (resource, value) => resource.id === value,
  patient: referenceMatcher('subject', 'patient', 'for', 'beneficiary'),
  subject: referenceMatcher('subject'),
  encounter: referenceMatcher('encounter', 'context'),
  identifier: tokenMatcher('identifier'),
  status: tokenMatcher('status'),
  category: tokenMatcher('category'),
  code: tokenMatcher('code', 'medicationCodeableConcept'),
};

const BY_TYPE: Record<string, Record<string, Matcher>> = {
  Task: { owner: referenceMatcher('owner'), requester: referenceMatcher('requester'), focus: referenceMatcher('focus') },
  CareTeam: { participant: referenceMatcher('participant.member') },
  Provenance: { target: referenceMatcher('target') },
  Condition: { 'clinical-status': tokenMatcher('clinicalStatus') },
};

/** Parameters about the result set rather than the match. */
const RESULT_PARAMETERS = new Set(['_count', '_offset', '_format', '_total', '_summary']);

export type SearchPlan = { filters: Array<[Matcher, string[]]> } | { error: string };

export function planSearch(type: string, params: URLSearchParams): SearchPlan {
  const filters: Array<[Matcher, string[]]> = [];
  for (const [name, value] of params) {
    if (RESULT_PARAMETERS.has(name)) continue;
    const matcher = BY_TYPE[type]?.[name] ?? SHARED[name];
    if (!matcher) return { error: `Unknown search parameter "${name}" for ${type}.` };
    filters.push([matcher, value.split(',')]);
  }
  return { filters };
}

export function matches(resource: Resource, plan: { filters: Array<[Matcher, string[]]> }): boolean {
  return plan.filters.every(([matcher, values]) => values.some((v) => matcher(resource, v)));
}
