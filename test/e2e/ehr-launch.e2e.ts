import { expect, test, type FrameLocator } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const screenshots = resolve(import.meta.dirname, '../../test-results');
mkdirSync(screenshots, { recursive: true });

// Every wait below is on something the page shows (the config's expect timeout is a hang guard, never a
// speed check): a busy machine only takes longer to get there.

/**
 * Waits until the review has settled: the record is read and the ICD-10-CM checks are not still waiting
 * for their lazily loaded code table (the table loads as the record is published, so once the summary
 * shows, "Checking…" is either on screen or already done).
 */
async function reviewSettled(app: FrameLocator) {
  await expect(app.locator('.record-summary')).toBeVisible();
  await expect(app.getByText('Checking the ICD-10-CM codes…')).toHaveCount(0);
}

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
  // 408 resources in the fixture, less its 2 Organizations, which Clarify does not read.
  await expect(app.locator('.record-summary')).toContainText('Read 406 resources from the EHR.');
  await reviewSettled(app);
  await page.screenshot({ path: resolve(screenshots, 'ehr-launch-technician.png') });
});

test('the record of a long inpatient stay loads completely, and refused parts are named', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Ervin Cummings · born 1942-11-09 · male' });
  await page.getByLabel('Simulate EHR problems').selectOption({ label: 'Claims refused (403)' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  // 2401 in the fixture, less the Organization (not read) and the 58 Claims and 40 EOBs refused.
  await expect(app.locator('.record-summary')).toContainText('Read 2,302 resources from the EHR.');
  const warning = app.getByRole('alert');
  await expect(warning).toContainText('Claims: access denied by the EHR (403)');
  await expect(warning).toContainText('Explanations of benefit: access denied by the EHR (403)');
  await app.getByText('What was read').click();
  await expect(app.getByRole('row', { name: /Observations/ })).toContainText('2,109');
  await reviewSettled(app);
  await page.screenshot({ path: resolve(screenshots, 'record-with-refused-parts.png') });
});

test('a physician opens Clarify without a patient and lands on the query inbox', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  const user = page.getByLabel('Signed-in user');
  const physician = (await user.locator('option', { hasText: '(physician)' }).first().textContent())!;
  await user.selectOption({ label: physician });
  await page.getByLabel('Provider launch, no patient (physician inbox)').check();
  await expect(page.getByLabel('Patient', { exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  await expect(app.getByRole('heading', { name: 'Query inbox' })).toBeVisible();
  await expect(app.getByLabel('Signed-in user')).toContainText(physician.replace(' (physician)', ''));
  await expect(app.getByRole('region', { name: 'Patient' })).toHaveCount(0);
  await page.screenshot({ path: resolve(screenshots, 'provider-launch-physician.png') });
});

test('when the EHR shows its own banner, Clarify does not repeat it', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('The EHR shows its own patient banner').check();
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  await expect(app.getByRole('heading', { name: 'Documentation review' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Patient' })).toHaveCount(0);
});

test('opened directly, without a launch, Clarify explains how to open it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('Open Clarify from the EHR');
  await expect(page.getByRole('link', { name: 'Open the mock EHR launcher' })).toBeVisible();
  await page.screenshot({ path: resolve(screenshots, 'not-launched.png') });
});

test('a launch the EHR does not recognise ends on the authorization failure screen', async ({ page }) => {
  await page.goto(`/launch/index.html?iss=${encodeURIComponent('http://127.0.0.1:4173/mock-ehr/fhir')}&launch=forged`);
  await expect(page.getByRole('alert')).toContainText('The EHR did not authorize Clarify');
  await expect(page.getByRole('alert')).toContainText('invalid_request');
  expect(new URL(page.url()).searchParams.get('code')).toBeNull();
});

test('a code the token endpoint refuses ends on the authorization failure screen, with the EHR\'s explanation', async ({ page }) => {
  // The authorization server's redirect back to Clarify carries a code it never issued.
  await page.route((url) => url.pathname === '/' && url.searchParams.has('code') && url.searchParams.get('code') !== 'forged', async (route) => {
    const forged = new URL(route.request().url());
    forged.searchParams.set('code', 'forged');
    await route.fulfill({ status: 302, headers: { Location: forged.href } });
  });
  await page.goto('/launch/mock-ehr.html');
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const alert = app.getByRole('alert');
  await expect(alert).toContainText('The EHR did not authorize Clarify');
  await expect(alert).toContainText('Details: invalid_grant: The authorization code is not valid.');
  await expect(alert).not.toContainText('/auth/token'); // fhirclient's message names the endpoint: never shown
});

test('the technician sees the documentation gaps of a heart-failure admission, with their evidence', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Tommy Friesen · born 1947-06-15 · male' });
  await page.getByLabel('Encounter').selectOption({ label: '2021-02-10 · IMP · Hospital admission (procedure)' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const findings = app.getByRole('list', { name: 'Documentation gaps' });
  // High severity first, then the most recent evidence: the planted scenario's four documentation gaps.
  await expect(findings.locator(':scope > li h3')).toHaveText([
    'Creatinine rise meeting KDIGO AKI criteria without an AKI diagnosis',
    'Low sodium without a hyponatremia diagnosis',
    'Heart failure documented without type or acuity',
    'Low potassium without a hypokalemia diagnosis',
  ]);
  const hyponatremia = findings.getByRole('listitem').filter({ hasText: 'Low sodium without a hyponatremia diagnosis' });
  await expect(hyponatremia).toContainText('Sodium 131 mmol/L on 2021-02-10 15:00, sodium 129 mmol/L on 2021-02-11 06:00');
  await expect(hyponatremia).toContainText('E87.1');
  await hyponatremia.getByText('Evidence (3)').click();
  await expect(hyponatremia.getByRole('listitem')).toHaveText([
    'Sodium 131 mmol/L, 2021-02-10 15:00', 'Sodium 129 mmol/L, 2021-02-11 06:00', 'Sodium 133 mmol/L, 2021-02-13 06:00',
  ]);
  await reviewSettled(app);
  await page.screenshot({ path: resolve(screenshots, 'findings-heart-failure-admission.png'), fullPage: true });
});

test('the technician sees coding discrepancies beside the gaps: a header code with its official title', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Twyla Moen · born 1945-12-09 · female' });
  await page.getByLabel('Encounter').selectOption({ label: '2020-09-27 · AMB · Encounter for check up (procedure)' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  // The coding checks wait for the ICD-10-CM table, loaded lazily after the record: wait for the status that says it is in.
  const codingSection = app.getByRole('region', { name: /Coding discrepancies/ });
  await expect(codingSection.getByRole('status')).toHaveText('ICD-10-CM codes checked against the code table.');
  const coding = app.getByRole('list', { name: 'Coding discrepancies' });
  const header = coding.getByRole('listitem').filter({ hasText: 'Non-billable code' });
  await expect(header.locator('.finding-category')).toHaveText('Non-billable code · E11 Type 2 diabetes mellitus');
  await expect(header).toContainText('E11.00');
  await page.screenshot({ path: resolve(screenshots, 'coding-discrepancies.png') });
});

test('a messy, older-shaped chart is read correctly, and Clarify says what it set aside', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  // mocks/fixtures/messy.ts: his record as an STU3-era, careless server sends it. Launched in the default encounter, his latest.
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Harland DuBuque · born 1938-04-09 · male' });
  await expect(page.getByLabel('Encounter').locator('option:checked')).toHaveText('2002-07-06 · AMB · Death Certification');
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const banner = app.getByRole('region', { name: 'Patient' });
  await expect(banner.getByRole('heading', { name: 'Harland DuBuque' })).toBeVisible();
  // The MRN is typed with the STU3 identifier-type URI (http://hl7.org/fhir/v2/0203).
  await expect(banner.locator('dt', { hasText: 'MRN' }).locator('xpath=following-sibling::dd[1]')).toHaveText('64e50922-047c-4b7a-9a9e-75c85ff2144f');

  // The warfarin order's only indication is the atrial fibrillation on his problem list, in STU3 shape: no false alarm.
  const gaps = app.getByRole('list', { name: 'Documentation gaps' });
  await expect(gaps.locator(':scope > li h3')).toHaveText(['Loop diuretic without a documented indication']);
  await expect(app.getByText('Anticoagulant without a documented indication')).toHaveCount(0);
  // The furosemide order's name carries markup and terminal escapes: shown as text, never as HTML.
  const furosemide = gaps.getByRole('listitem').filter({ hasText: 'Loop diuretic without a documented indication' });
  await expect(furosemide).toContainText('Furosemide 40 MG Oral Tablet');
  await expect(furosemide).toContainText('<img src=x onerror=alert(1)>');
  await expect(app.locator('img')).toHaveCount(0);

  await app.getByText('What was read').click();
  await expect(app.locator('.record-parts summary')).toHaveText('What was read (2 resources set aside, 4 fields ignored)');
  const setAside = app.locator('.record-set-aside li');
  await expect(setAside).toHaveCount(2);
  await expect(setAside.filter({ hasText: 'Condition' })).toHaveText('1 Condition without a coded diagnosis');
  await expect(setAside.filter({ hasText: 'Observation' })).toHaveText('1 Observation without a usable effective time');
  await expect(app.locator('.record-ignored-fields li')).toHaveText([
    'Condition.code: 1', 'Condition.code.coding: 1', 'Observation.effectiveDateTime: 1', 'Procedure.subject.reference: 1',
  ]);
  await expect(app.getByRole('row', { name: /^Conditions/ }).locator('td')).toHaveText(['Conditions', '8', '1']);
  await expect(app.getByRole('row', { name: /^Observations/ }).locator('td')).toHaveText(['Observations', '175', '1']);
  await reviewSettled(app);
  expect(dialogs).toEqual([]);
  // The launcher's frame is a fixed box: let it grow to its content so the full-page screenshot shows all of it.
  await page.locator('iframe[title="Clarify"]').evaluate((frame: HTMLIFrameElement) => {
    frame.style.height = `${frame.contentDocument!.documentElement.scrollHeight}px`;
  });
  await page.screenshot({ path: resolve(screenshots, 'messy-record.png'), fullPage: true });
});
