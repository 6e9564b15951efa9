import { expect, test, type FrameLocator } from '@playwright/test';
import { resolve } from 'node:path';
import { selectOptionMatching } from './select-option';
import { SCREENSHOTS as screenshots } from './mock-ehr';
import { expectAccessible } from './axe';


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
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Twyla Moen · born /);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const banner = app.getByRole('region', { name: 'Patient' });
  await expect(banner.locator('.patient-name')).toHaveText('Twyla Moen');
  await expect(banner).toContainText(/Born\s*\d{4}-\d{2}-\d{2}/);
  await expect(banner).toContainText('Female');
  await expect(banner).toContainText('a3f60302-e902-468f-a683-6373d24fc4fd');
  await expect(app.getByLabel('Signed-in user')).toContainText('Renée Okafor');
  await expect(app.getByRole('heading', { name: 'Documentation review' })).toBeVisible();
  // 408 resources in the fixture, less its 2 Organizations, which Clarify does not read, plus the mock EHR's 28
  // notes (a Synthea-style note per encounter).
  await expect(app.locator('.record-summary')).toContainText('Read 434 resources from the EHR.');
  await reviewSettled(app);
  // The mock EHR's look (smart_style_url): its highlight colour on Clarify's header.
  await expect(app.locator('.app-header')).toHaveCSS('background-color', 'rgb(91, 58, 122)');
  await expectAccessible(page, 'the technician review');
  await page.screenshot({ path: resolve(screenshots, 'ehr-launch-technician.png') });
});

test('the record of a long inpatient stay loads completely, and refused parts are named', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Ervin Cummings · born /);
  await page.getByLabel('Simulate EHR problems').selectOption({ label: 'Claims refused (403)' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  // 2401 in the fixture, less the Organization (not read) and the 58 Claims and 40 EOBs refused, plus the mock
  // EHR's 50 notes (one per visit; for the stay, a history and physical and a daily progress note).
  await expect(app.locator('.record-summary')).toContainText('Read 2,352 resources from the EHR.');
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
  await expect(app.getByRole('heading', { name: 'Query inbox', level: 1 })).toBeVisible();
  await expect(app.getByLabel('Signed-in user')).toContainText(physician.replace(' (physician)', ''));
  await expect(app.getByRole('region', { name: 'Patient' })).toHaveCount(0);
  await expect(app.getByRole('region', { name: 'Query inbox' })).not.toContainText('Reading the queries');
  await expectAccessible(page, 'the physician inbox');
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
  await expectAccessible(page, 'the not-launched failure screen', { where: 'page' });
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
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Tommy Friesen · born /);
  await selectOptionMatching(page.getByLabel('Encounter'), / · IMP · Hospital admission \(procedure\)/);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const findings = app.getByRole('list', { name: 'Query opportunities' });
  // High severity first: the planted scenario's four documentation gaps, the heart failure one with its unspecified I50.9.
  const titles = findings.locator(':scope > li .item-title');
  await expect(titles).toHaveCount(4);
  await expect(titles.first()).toHaveText('Creatinine rise meeting KDIGO AKI criteria without an AKI diagnosis');
  for (const title of ['Low sodium without a hyponatremia diagnosis', 'Heart failure documented without type or acuity', 'Low potassium without a hypokalemia diagnosis']) {
    await expect(findings).toContainText(title);
  }
  await expect(findings.locator(':scope > li').filter({ hasText: 'Heart failure documented' }).locator('.item-meta')).toContainText('2 aspects');
  const hyponatremia = findings.locator(':scope > li').filter({ hasText: 'Low sodium without a hyponatremia diagnosis' });
  await expect(hyponatremia.locator('.item-meta')).toContainText('E87.1');
  await hyponatremia.locator('.item-head').click();
  await expect(hyponatremia).toContainText(/Sodium 131 mmol\/L on \d{4}-\d{2}-\d{2} 15:00, sodium 129 mmol\/L on \d{4}-\d{2}-\d{2} 06:00/);
  await expect(hyponatremia.getByRole('img', { name: /Sodium/ })).toBeVisible();
  await hyponatremia.getByText('Source records (3)').click();
  const evidence = hyponatremia.locator('.evidence > li');
  await expect(evidence).toHaveCount(3);
  await expect(evidence.first()).toContainText(/^Sodium 131 mmol\/L, \d{4}-\d{2}-\d{2} 15:00/);
  await reviewSettled(app);
  await page.screenshot({ path: resolve(screenshots, 'findings-heart-failure-admission.png'), fullPage: true });
});

test('the technician sees coding discrepancies beside the gaps: a header code with its official title', async ({ page }) => {
  await page.goto('/launch/mock-ehr.html');
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Twyla Moen · born /);
  await selectOptionMatching(page.getByLabel('Encounter'), / · AMB · Encounter for check up \(procedure\)/);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  // The coding checks wait for the ICD-10-CM table, loaded lazily after the record: wait for the status that says it is in.
  await app.getByRole('tab', { name: /Coding fixes/ }).click();
  const codingQueue = app.getByRole('tabpanel', { name: /Coding fixes/ });
  await expect(codingQueue.locator('.code-table-status')).toHaveText('ICD-10-CM codes checked against the code table.');
  const coding = app.getByRole('list', { name: 'Coding fixes' });
  const header = coding.locator(':scope > li').filter({ hasText: 'Category header used as a diagnosis code' });
  await expect(header.locator('.item-meta')).toContainText('Type 2 diabetes mellitus · E11');
  await header.locator('.item-head').click();
  await expect(header).toContainText('E11.00');
  await page.screenshot({ path: resolve(screenshots, 'coding-discrepancies.png') });
});

test('a messy, older-shaped chart is read correctly, and Clarify says what it set aside', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  // mocks/fixtures/messy.ts: his record as an STU3-era, careless server sends it. Launched in the default encounter, his latest clinical one.
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Harland DuBuque · born /);
  await expect(page.getByLabel('Encounter').locator('option:checked')).toHaveText(/^\d{4}-\d{2}-\d{2} · AMB · Encounter for check up \(procedure\)$/);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();

  const app = page.frameLocator('iframe[title="Clarify"]');
  const banner = app.getByRole('region', { name: 'Patient' });
  await expect(banner.locator('.patient-name')).toHaveText('Harland DuBuque');
  // The MRN is typed with the STU3 identifier-type URI (http://hl7.org/fhir/v2/0203).
  await expect(banner.locator('dt', { hasText: 'MRN' }).locator('xpath=following-sibling::dd[1]')).toHaveText('64e50922-047c-4b7a-9a9e-75c85ff2144f');

  // The warfarin order's only indication is the atrial fibrillation on his problem list, in STU3 shape: no false alarm.
  const gaps = app.getByRole('list', { name: 'Query opportunities' });
  await expect(gaps.locator(':scope > li .item-title')).toHaveText(['Loop diuretic without a documented indication']);
  await expect(app.getByText('Anticoagulant without a documented indication')).toHaveCount(0);
  // The furosemide order's name carries markup and terminal escapes: shown as text, never as HTML.
  const furosemide = gaps.locator(':scope > li').filter({ hasText: 'Loop diuretic without a documented indication' });
  await furosemide.locator('.item-head').click();
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
  await expectAccessible(page, 'the messy chart with its set-aside details open');
  expect(dialogs).toEqual([]);
  // The launcher's frame is a fixed box: let it grow to its content so the full-page screenshot shows all of it.
  await page.locator('iframe[title="Clarify"]').evaluate((frame: HTMLIFrameElement) => {
    frame.style.height = `${frame.contentDocument!.documentElement.scrollHeight}px`;
  });
  await page.screenshot({ path: resolve(screenshots, 'messy-record.png'), fullPage: true });
});
