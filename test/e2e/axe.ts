import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) over the page and expects no serious or critical violation inside
 * Clarify's frame (the mock EHR around it is development scaffolding), or on the page when Clarify is the page
 * (`where: 'page'`: a failure screen opened directly). The message lists each violation with
 * the elements it names, so a failure says what to fix.
 */
export async function expectAccessible(page: Page, screen: string, { where = 'frame' }: { where?: 'frame' | 'page' } = {}): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const inClarify = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: where === 'page' ? v.nodes : v.nodes.filter((n) => Array.isArray(n.target) && String(n.target[0]).includes('iframe[title="Clarify"]')) }))
    .filter((v) => v.nodes.length > 0);
  const described = inClarify.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`);
  expect(described, `axe-core on ${screen}`).toEqual([]);
}
