import type { Locator } from '@playwright/test';

/**
 * Selects the first option whose text matches. The mock EHR launcher's labels carry live dates (a patient's
 * birth date, an encounter's start: mocks/fixtures/live-dates.ts moves them with the real clock), so the
 * tests pick a patient or an encounter by the rest of its label. Encounters are listed latest first.
 */
export async function selectOptionMatching(select: Locator, text: RegExp): Promise<void> {
  const label = await select.locator('option').filter({ hasText: text }).first().textContent();
  if (label === null) throw new Error(`No option matches ${text}`);
  await select.selectOption({ label });
}
