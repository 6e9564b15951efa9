import { expect, type FrameLocator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectOptionMatching } from './select-option';

/** Where the e2e tests leave their screenshots (gitignored). */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results');
mkdirSync(SCREENSHOTS, { recursive: true });

/** The mock EHR as shipped: what an earlier test wrote is reset (after the launcher's confirmation). */
export async function resetMockEhr(page: Page): Promise<void> {
  await page.goto('/launch/mock-ehr.html');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Reset mock EHR data' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Mock EHR data reset' })).toBeVisible();
}

/**
 * Launches Clarify as the CDI technician on Tommy Friesen's hospital admission (in progress in the live mock;
 * the planted lab-driven gaps), and waits for the record to be read.
 */
export async function launchOnAdmission(page: Page): Promise<FrameLocator> {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Tommy Friesen · born /);
  await selectOptionMatching(page.getByLabel('Encounter'), / · IMP · Hospital admission \(procedure\)/);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  await expect(app.locator('.record-summary')).toBeVisible();
  return app;
}
