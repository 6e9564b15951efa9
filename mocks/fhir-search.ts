/**
 * FHIR R4 search over the mock store: the parameters Clarify uses, matched the way a FHIR server
 * matches them (reference, token, date and uri parameters; comma = OR, a repeated parameter = AND), with
 * `_sort` and `_include`. Unknown parameters (and unknown `_sort` or `_include` values) are refused with
 * 400, like HAPI's default, so a typo in the app fails loudly in tests.
 * https://hl7.org/fhir/R4/search.html
 */
import type { Resource } from 'fhir/r4';

type Matcher = (resource: Resource, value: string) => boolean;

export type ParamType = 'reference' | 'token' | 'date' | 'uri' | 'string';

interface SearchParam {
  type: ParamType;
  match: Matcher;
  /** For references: the element paths, so `_include` can follow them. */
  paths?: string[];
}

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

/** `Type/id` of a local reference, without a version (`Task/1/_history/2` → `Task/1`). */
function withoutVersion(reference: string): string {
  return reference.replace(/\/_history\/[^/]+$/, '');
}

/** The references a resource holds at these paths (Reference elements), as written. */
export function referencesAt(resource: Resource, paths: readonly string[]): string[] {
  return paths.flatMap((p) => fieldValues(resource, `${p}.reference`)).filter((r): r is string => typeof r === 'string');
}

function reference(...paths: string[]): SearchParam {
  return {
    type: 'reference',
    paths,
    match: (resource, value) => referencesAt(resource, paths).some((ref) => {
      // A search without a version matches a version-specific reference too (Provenance.target).
      const candidate = value.includes('/_history/') ? ref : withoutVersion(ref);
      if (candidate === value) return true;
      // An id alone matches a reference of any type to it; `Type/id` matches an absolute reference ending so.
      return candidate.endsWith(`/${value}`) && (!value.includes('/') || /^https?:\/\//.test(candidate));
    }),
  };
}

interface TokenLike { system?: string; code?: string; value?: string }

function token(...paths: string[]): SearchParam {
  return {
    type: 'token',
    match: (resource, value) => {
      const [system, code] = value.includes('|') ? value.split('|', 2) as [string, string] : [undefined, value];
      const tokens = paths.flatMap((p) => fieldValues(resource, p)).flatMap((v): TokenLike[] => {
        if (typeof v === 'string') return [{ code: v }];
        if (typeof v === 'boolean') return [{ code: String(v) }];
        if (v && typeof v === 'object' && 'coding' in v) return ((v as { coding?: TokenLike[] }).coding ?? []);
        return v && typeof v === 'object' ? [v as TokenLike] : [];
      });
      return tokens.some((t) => {
        const tokenCode = t.code ?? t.value;
        if (system !== undefined && system !== '' && t.system !== system) return false;
        if (system === '' && t.system !== undefined) return false;
        return code === '' ? true : tokenCode === code;
      });
    },
  };
}

function uri(...paths: string[]): SearchParam {
  return { type: 'uri', match: (resource, value) => paths.flatMap((p) => fieldValues(resource, p)).some((v) => v === value) };
}

/** The instant range a FHIR date or dateTime covers at its precision: `2026-03` is all of March (UTC without an offset). */
function dateRange(text: string): [number, number] | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const start = Date.parse(`${y}-${mo ?? '01'}-${d ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${fraction ?? ''}${zone ?? 'Z'}`);
  if (Number.isNaN(start)) return undefined;
  const date = new Date(start);
  let end: number;
  if (!mo) end = Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  else if (!d) end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  else if (!h) end = start + 86_400_000;
  else if (!s) end = start + 60_000;
  else end = start + (fraction ? 1 : 1000);
  return [start, end];
}

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;

function date(...paths: string[]): SearchParam {
  return {
    type: 'date',
    match: (resource, value) => {
      const prefix = DATE_PREFIXES.find((p) => value.startsWith(p)) ?? 'eq';
      const wanted = dateRange(value.startsWith(prefix) ? value.slice(2) : value);
      if (!wanted) return false;
      const [lo, hi] = wanted;
      return paths.flatMap((p) => fieldValues(resource, p)).some((v) => {
        const range = typeof v === 'string' ? dateRange(v) : undefined;
        if (!range) return false;
        const [start, end] = range;
        switch (prefix) {
          case 'eq': return start >= lo && end <= hi;
          case 'ne': return !(start >= lo && end <= hi);
          case 'gt': case 'sa': return end > hi;
          case 'lt': case 'eb': return start < lo;
          case 'ge': return end > hi || (start >= lo && end <= hi);
          case 'le': return start < lo || (start >= lo && end <= hi);
        }
      });
    },
  };
}

/**
 * A HumanName string parameter (Practitioner `name`): matches when any part of a name (text, family, given,
 * prefix, suffix) starts with the value, ignoring case and accents (R4 search.html#string).
 */
function humanName(path: string): SearchParam {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return {
    type: 'string',
    match: (resource, value) => {
      const wanted = fold(value.trim());
      return fieldValues(resource, path).some((name) => {
        if (typeof name !== 'object' || name === null) return false;
        const n = name as { text?: unknown; family?: unknown; given?: unknown; prefix?: unknown; suffix?: unknown };
        const parts = [n.text, n.family, ...[n.given, n.prefix, n.suffix].flatMap((list) => (Array.isArray(list) ? list : []))];
        return parts.some((part) => typeof part === 'string' && fold(part).split(/[\s,.-]+/).concat(fold(part)).some((word) => word.startsWith(wanted)));
      });
    },
  };
}

/** Provenance `patient`: a target that is that Patient (an id alone means `Patient/<id>`). */
function patientTarget(): SearchParam {
  const target = reference('target');
  return { ...target, match: (resource, value) => target.match(resource, value.includes('/') ? value : `Patient/${value}`) };
}

const SHARED: Record<string, SearchParam> = {
  _id: { type: 'token', match: (resource, value) => resource.id === value },
  _lastUpdated: date('meta.lastUpdated'),
  patient: reference('subject', 'patient', 'for', 'beneficiary'),
  subject: reference('subject'),
  encounter: reference('encounter', 'context'),
  identifier: token('identifier'),
  status: token('status'),
  category: token('category'),
  code: token('code', 'medicationCodeableConcept'),
};

/** Per type, where R4 defines a parameter differently or the type has its own (https://hl7.org/fhir/R4/searchparameter-registry.html). */
const BY_TYPE: Record<string, Record<string, SearchParam>> = {
  Task: {
    patient: reference('for'),
    subject: reference('for'),
    owner: reference('owner'),
    requester: reference('requester'),
    focus: reference('focus'),
    'based-on': reference('basedOn'),
    'part-of': reference('partOf'),
    intent: token('intent'),
    'business-status': token('businessStatus'),
    'authored-on': date('authoredOn'),
    modified: date('lastModified'),
  },
  DetectedIssue: {
    patient: reference('patient'),
    author: reference('author'),
    implicated: reference('implicated'),
    identified: date('identifiedDateTime'),
  },
  Provenance: {
    target: reference('target'),
    // R4: the targets that are Patients (Provenance.target.where(resolve() is Patient)).
    patient: patientTarget(),
    agent: reference('agent.who'),
    recorded: date('recorded'),
  },
  DocumentReference: {
    // R4: DocumentReference.context.encounter; `date` is when the reference was created, `period` the service documented.
    encounter: reference('context.encounter'),
    type: token('type'),
    date: date('date'),
    period: date('context.period.start', 'context.period.end'),
  },
  Questionnaire: {
    url: uri('url'),
    name: uri('name'),
  },
  QuestionnaireResponse: {
    patient: reference('subject'),
    author: reference('author'),
    'based-on': reference('basedOn'),
    'part-of': reference('partOf'),
    questionnaire: uri('questionnaire'),
    authored: date('authored'),
  },
  CareTeam: { participant: reference('participant.member') },
  Practitioner: { name: humanName('name') },
  // A practitioner's roles (the inbox: queries addressed to any of them); `active` is a boolean token.
  PractitionerRole: { practitioner: reference('practitioner'), organization: reference('organization'), active: token('active') },
  Condition: { 'clinical-status': token('clinicalStatus') },
};

/** `_sort` keys: the element each sorts by. */
const SORT_KEYS: Record<string, Record<string, string>> = {
  '*': { _lastUpdated: 'meta.lastUpdated', _id: 'id' },
  Task: { 'authored-on': 'authoredOn', modified: 'lastModified', status: 'status' },
  DetectedIssue: { identified: 'identifiedDateTime' },
  Provenance: { recorded: 'recorded' },
  QuestionnaireResponse: { authored: 'authored' },
};

/** Parameters about the result set rather than the match. */
const RESULT_PARAMETERS = new Set(['_count', '_offset', '_format', '_total', '_summary', '_sort', '_include']);

export function searchParam(type: string, name: string): SearchParam | undefined {
  return (Object.hasOwn(BY_TYPE, type) && Object.hasOwn(BY_TYPE[type]!, name) ? BY_TYPE[type]![name] : undefined)
    ?? (Object.hasOwn(SHARED, name) ? SHARED[name] : undefined);
}

/** The search parameters the mock offers for a type, with their types (for the CapabilityStatement). */
export function searchParamsOf(type: string): Array<{ name: string; type: ParamType }> {
  const names = new Set([...Object.keys(SHARED), ...Object.keys(BY_TYPE[type] ?? {})]);
  return [...names].map((name) => ({ name, type: searchParam(type, name)!.type }));
}

/** `_include` values a type offers: `Type:param` for each of its reference parameters. */
export function includesOf(type: string): string[] {
  return searchParamsOf(type).filter((p) => p.type === 'reference').map((p) => `${type}:${p.name}`);
}

export interface SortKey { path: string; descending: boolean }
export interface Include { paths: string[]; targetType?: string }

export interface Search {
  filters: Array<[Matcher, string[]]>;
  sort: SortKey[];
  include: Include[];
}

export type SearchPlan = Search | { error: string };

/** Reads a resource by type and id, for chained parameters (`target:Task.identifier=...`). */
export type Lookup = (type: string, id: string) => Resource | undefined;

/** `Type/id` of a local reference (relative, or absolute on any base), without its version. */
function localTarget(reference: string): { type: string; id: string } | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return match ? { type: match[1]!, id: match[2]! } : undefined;
}

/**
 * A parameter with a modifier or a chain: `subject:Patient=1` (a reference restricted to a type),
 * `target:Task.identifier=sys|v` and `subject.identifier=sys|v` (chained: the referenced resource matches
 * the inner parameter). https://hl7.org/fhir/R4/search.html#chaining
 */
function modifiedParam(type: string, name: string, lookup: Lookup | undefined): Matcher | { error: string } {
  const match = /^([a-z][a-z-]*|_[a-z]+)(?::([A-Z][A-Za-z]+))?(?:\.([a-z_][a-z-]*))?$/i.exec(name);
  const [, baseName, targetType, chained] = match ?? [];
  const base = baseName ? searchParam(type, baseName) : undefined;
  if (!match || !base || base.type !== 'reference' || (!targetType && !chained)) return { error: `Unknown search parameter "${name}" for ${type}.` };
  const targetsOf = (resource: Resource) => referencesAt(resource, base.paths!)
    .map(localTarget)
    .filter((t): t is { type: string; id: string } => t !== undefined && (!targetType || t.type === targetType));
  if (!chained) return (resource, value) => targetsOf(resource).some((t) => t.id === value || `${t.type}/${t.id}` === value);
  if (!lookup) return { error: `Chained parameters ("${name}") are not supported here.` };
  if (targetType ? !searchParam(targetType, chained) : !Object.hasOwn(SHARED, chained) && !Object.values(BY_TYPE).some((params) => Object.hasOwn(params, chained))) {
    return { error: `Unknown search parameter "${chained}"${targetType ? ` for ${targetType}` : ''} in "${name}".` };
  }
  return (resource, value) => targetsOf(resource).some((t) => {
    const inner = searchParam(t.type, chained);
    const target = inner ? lookup(t.type, t.id) : undefined;
    return target !== undefined && inner!.match(target, value);
  });
}

/** The search a query string asks for; `lookup` enables chained parameters. */
export function planSearch(type: string, params: URLSearchParams, lookup?: Lookup): SearchPlan {
  const filters: Array<[Matcher, string[]]> = [];
  const sort: SortKey[] = [];
  const include: Include[] = [];
  for (const [name, value] of params) {
    if (name === '_sort') {
      for (const key of value.split(',').filter(Boolean)) {
        const descending = key.startsWith('-');
        const bare = descending ? key.slice(1) : key;
        const path = SORT_KEYS[type]?.[bare] ?? SORT_KEYS['*']![bare];
        if (!path) return { error: `Unknown _sort key "${bare}" for ${type}.` };
        sort.push({ path, descending });
      }
      continue;
    }
    if (name === '_include') {
      // `Type:param` or `Type:param:TargetType` (R4 search.html#include).
      const [source, paramName, targetType] = value.split(':');
      const param = source === type && paramName ? searchParam(type, paramName) : undefined;
      if (!param?.paths) return { error: `Unsupported _include "${value}" for ${type}.` };
      include.push({ paths: param.paths, ...(targetType ? { targetType } : {}) });
      continue;
    }
    if (RESULT_PARAMETERS.has(name)) continue;
    const param = searchParam(type, name);
    const matcher = param ? param.match : modifiedParam(type, name, lookup);
    if ('error' in matcher) return matcher;
    filters.push([matcher, value.split(',')]);
  }
  return { filters, sort, include };
}

export function matches(resource: Resource, plan: { filters: Array<[Matcher, string[]]> }): boolean {
  return plan.filters.every(([matcher, values]) => values.some((v) => matcher(resource, v)));
}

/** Sorted by the plan's keys (stable; a resource without the value comes last, whichever the direction). */
export function sortResources<T extends Resource>(resources: T[], sort: readonly SortKey[]): T[] {
  if (sort.length === 0) return resources;
  const valueOf = (r: T, path: string): string | undefined => {
    const v = fieldValues(r, path)[0];
    if (typeof v !== 'string') return undefined;
    const range = dateRange(v);
    // Times compared as instants (offsets differ); other values as text.
    return range ? String(range[0]).padStart(16, '0') : v;
  };
  return [...resources].sort((a, b) => {
    for (const { path, descending } of sort) {
      const x = valueOf(a, path);
      const y = valueOf(b, path);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
}

/** The `Type/id` references the includes follow from these resources (local references only, no versions). */
export function includedReferences(resources: readonly Resource[], include: readonly Include[]): string[] {
  const found = new Set<string>();
  for (const { paths, targetType } of include) {
    for (const ref of resources.flatMap((r) => referencesAt(r, paths))) {
      const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
      if (match && (!targetType || match[1] === targetType)) found.add(`${match[1]}/${match[2]}`);
    }
  }
  return [...found];
}
