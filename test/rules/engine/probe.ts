/** Reads what an engine helper returns for a record, through the RuleContext runRules builds. */
import type { Resource } from 'fhir/r4';
import type { Rule, RuleContext } from '../../../src/rules/engine/types';
import { findingsFor, type RunScenario } from '../support';

export function withContext<T>(read: (context: RuleContext) => T, resources: Resource[], scenario: RunScenario = {}): T {
  let value: { read: T } | undefined;
  const rule: Rule = {
    id: 'test/probe', title: 'Probe', category: 'coding-discrepancy', severity: 'low', rationale: 'test probe', thresholds: {},
    evaluate(context) {
      value = { read: read(context) };
      return [];
    },
  };
  findingsFor(rule, resources, scenario);
  return value!.read;
}
