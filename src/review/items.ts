/**
 * The review's work list: findings grouped into items, one per condition per encounter, each in one of two
 * queues. A documentation gap and a coding discrepancy about the same condition (heart failure without a
 * type, and the unspecified I50.9 that codes it) are one item with two aspects, so one query, never two, is
 * drafted for it. Pure.
 *
 * - **Query opportunities**: a clinical question for the physician (the finding has a query template).
 * - **Coding fixes**: the coder's to correct from the documentation (templates.ts says why).
 */
import type { Finding, Severity } from '../rules/index';
import { compareFindings } from '../rules/index';
import { templateFor } from '../query/templates';
import { fhirTimeMs } from '../record/fhir-dates';

export type Queue = 'query' | 'coding';

/**
 * Where an item stands: `new`; `drafted` (a query is being written); `sent` (a query is open); `answered`
 * (the physician answered or declined); `dismissed` or `reviewed` (the technician's disposition, kept in the EHR).
 */
export type ItemStatus = 'new' | 'drafted' | 'sent' | 'answered' | 'dismissed' | 'reviewed';
export const ITEM_STATUSES: readonly ItemStatus[] = ['new', 'drafted', 'sent', 'answered', 'dismissed', 'reviewed'];

export interface ReviewItem {
  /** The primary finding's id: the one a query is drafted from and a disposition is recorded for. */
  id: string;
  primary: Finding;
  /** Every aspect, the primary first. */
  findings: Finding[];
  queue: Queue;
  /** The highest of its aspects'. */
  severity: Severity;
  /** The latest evidence of its aspects. */
  observedAt?: string;
  /** The ICD-10-CM code the item is about, as its findings suspect it (`I50.9`, `E87.1`), when known. */
  condition?: string;
  /**
   * The codes the item is about: the diagnoses a query would offer (`I50.21`, `I50.31` ...), else the codes
   * the coding aspects are about. Never the unspecified code a gap is raised against.
   */
  codes: string[];
  status: ItemStatus;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const timeOf = (value: string | undefined) => fhirTimeMs(value) ?? -Infinity;

/** `I50` of `I50.9` / `i509`; undefined for anything that is not an ICD-10-CM-shaped code. */
export function categoryOfCode(code: string | undefined): string | undefined {
  const compact = code?.trim().toUpperCase().replace('.', '');
  return compact && /^[A-Z][0-9][0-9A-Z]/.test(compact) ? compact.slice(0, 3) : undefined;
}

const isQueryable = (finding: Finding) => templateFor(finding).kind === 'query';

/** A primary first: a documentation gap before a coding aspect, a queryable one before a coder's fix, then the usual order. */
function comparePrimary(a: Finding, b: Finding): number {
  const gap = (f: Finding) => (f.category === 'documentation-gap' ? 0 : 1);
  const query = (f: Finding) => (isQueryable(f) ? 0 : 1);
  return gap(a) - gap(b) || query(a) - query(b) || compareFindings(a, b);
}

function codesOf(findings: readonly Finding[]): string[] {
  const offered = findings.flatMap((f) => (isQueryable(f) ? f.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : [])) : []));
  if (offered.length > 0) return [...new Set(offered)];
  return [...new Set(findings.flatMap((f) => (f.suspectedCondition ? [f.suspectedCondition] : [])))];
}

/**
 * Groups findings into items (by suspected ICD-10-CM code and encounter; a finding about no code is its own item)
 * with each item's status from `statusOf` (given the item's findings), sorted by severity then recency.
 */
export function reviewItems(findings: readonly Finding[], statusOf: (findings: readonly Finding[]) => ItemStatus = () => 'new'): ReviewItem[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    // By the code itself, not its category: E87.1 (hyponatremia) and E87.6 (hypokalemia) are two conditions.
    const code = finding.suspectedCondition?.trim().toUpperCase().replace('.', '');
    const key = code ? `${code}|${finding.encounter ?? ''}` : `finding|${finding.id}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  // Without a launch encounter the aspects of one condition may name different encounters (the gap the
  // stay of its results, the unspecified code the visit that recorded it): a group with no gap joins the one
  // gap group of its code, so one query, never two, is drafted for the condition.
  const gapGroups = (code: string) => [...groups.entries()].filter(([key, group]) => key.startsWith(`${code}|`) && group.some((f) => f.category === 'documentation-gap'));
  for (const [key, group] of [...groups.entries()]) {
    if (key.startsWith('finding|') || group.some((f) => f.category === 'documentation-gap')) continue;
    const gaps = gapGroups(key.slice(0, key.indexOf('|')));
    if (gaps.length !== 1) continue;
    gaps[0]![1].push(...group);
    groups.delete(key);
  }
  const items = [...groups.values()].map((group): ReviewItem => {
    const ordered = [...group].sort(comparePrimary);
    const primary = ordered[0]!;
    const severity = ordered.reduce<Severity>((s, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[s] ? f.severity : s), primary.severity);
    const observedAt = ordered.map((f) => f.observedAt).filter((t): t is string => t !== undefined).sort((a, b) => timeOf(a) - timeOf(b)).at(-1);
    return {
      id: primary.id,
      primary,
      findings: ordered,
      queue: ordered.some(isQueryable) ? 'query' : 'coding',
      severity,
      ...(observedAt ? { observedAt } : {}),
      ...(primary.suspectedCondition ? { condition: primary.suspectedCondition } : {}),
      codes: codesOf(ordered),
      status: statusOf(ordered),
    };
  });
  // By the moment of the evidence, not how its time is written (`23:30-05:00` is after `01:00Z` the next day).
  return items.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || timeOf(b.observedAt) - timeOf(a.observedAt));
}

/** What the technician narrows a queue by. `status: 'open'` is everything not dismissed or reviewed. */
export interface ItemFilter {
  category: 'all' | 'documentation-gap' | 'coding-discrepancy' | 'clinical-validation';
  severity: 'all' | Severity;
  status: 'open' | 'all' | ItemStatus;
  /** Words that must all appear in the item's title, summary, codes or condition (any case, any accents). */
  text: string;
}

export const DEFAULT_FILTER: ItemFilter = { category: 'all', severity: 'all', status: 'open', text: '' };

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The items of a queue that pass the filter, in their order. */
export function filterItems(items: readonly ReviewItem[], filter: ItemFilter, describeCondition: (code: string) => string | undefined = () => undefined): ReviewItem[] {
  const words = fold(filter.text).split(/\s+/).filter(Boolean);
  return items.filter((item) => {
    if (filter.category !== 'all' && !item.findings.some((f) => f.category === filter.category)) return false;
    if (filter.severity !== 'all' && item.severity !== filter.severity) return false;
    if (filter.status === 'open' ? item.status === 'dismissed' || item.status === 'reviewed' : filter.status !== 'all' && item.status !== filter.status) return false;
    if (words.length === 0) return true;
    const haystack = fold([
      ...item.findings.flatMap((f) => [f.title, f.summary, f.suspectedCondition ?? '']),
      ...item.codes,
      item.condition ? describeCondition(item.condition) ?? '' : '',
    ].join(' '));
    return words.every((w) => haystack.includes(w));
  });
}
