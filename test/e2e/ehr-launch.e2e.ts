import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const screenshots = resolve(import.meta.dirname, '../../test-results');
mkdirSync(screenshots, { recursive: true });

test('the technician launches Clarify from the mock EHR and sees the patient banner', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Twyla Moen · born 1945-12-09 · female' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const banner = app.getByRole('region', { name: 'Patient' });
  await expect(banner.getByRole('heading', { name: 'Twyla Moen' })).toBeVisible();
  await expect(banner).toContainText('1945-12-09');
  await expect(banner).toContainText('Female');
  await expect(banner).toContainText('a3f60302-e902-468f-a683-6373d24fc4fd');
  await expect(app.getByLabel('Signed-in user')).toContainText('Renée Okafor');
  await expect(app.getByRole('heading', { name: 'Documentation review' })).toBeVisible();
  await page.screenshot({ path: resolve(screenshots, 'ehr-launch-technician.png') });
});
