import { describe, expect, it } from 'vitest';
import { compareFindings, type Finding } from '../../../src/rules/index';

/** Findings that differ only in what the order reads: severity and the time of the latest evidence. */
const finding = (id: string, severity: Finding['severity'], observedAt?: string): Finding => ({
  id, ruleId: 'electrolytes/hyponatremia', category: 'documentation-gap', severity, title: id, facts: [], summary: '', evidence: [], answerOptions: [],
  ...(observedAt ? { observedAt } : {}),
});

describe('compareFindings', () => {
  it('orders by severity, then the most recent evidence first, by the moment the time names, not how it is written', () => {
    const findings = [
      finding('medium-early', 'medium', '2021-03-02T01:00:00Z'),
      // 2021-03-01 23:30 at UTC-05:00 is 2021-03-02 04:30 UTC: later than the one above, though it sorts first as text.
      finding('medium-late', 'medium', '2021-03-01T23:30:00-05:00'),
      finding('low', 'low', '2021-03-05'),
      finding('high-undated', 'high'),
      finding('medium-undated', 'medium'),
    ];
    expect([...findings].sort(compareFindings).map((f) => f.id)).toEqual(['high-undated', 'medium-late', 'medium-early', 'medium-undated', 'low']);
  });

  it('keeps the rules\' order for findings of one severity and moment', () => {
    const a = finding('a', 'medium', '2021-03-01');
    const b = finding('b', 'medium', '2021-03-01T00:00:00Z');
    expect(compareFindings(a, b)).toBe(0);
    expect(compareFindings(finding('x', 'low'), finding('y', 'low'))).toBe(0);
  });
});
