import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expectAccessible } from './axe';
import { launchOnAdmission as launchTechnician, resetMockEhr, SCREENSHOTS as screenshots } from './mock-ehr';
import { selectOptionMatching } from './select-option';

// Every wait is on something the page shows; the config's timeouts are hang guards, never speed checks.

/** The technician on Tommy Friesen's hospital admission, its queues shown. */
async function launchOnAdmission(page: Page) {
  const app = await launchTechnician(page);
  await expect(app.getByRole('list', { name: 'Query opportunities' })).toBeVisible();
  return app;
}

async function frameWidth(page: Page, width: number) {
  await page.locator('iframe[title="Clarify"]').evaluate((frame: HTMLIFrameElement, w) => {
    frame.style.width = `${w}px`;
    frame.style.height = `${frame.contentDocument!.documentElement.scrollHeight}px`;
  }, width);
}

test.beforeEach(async ({ page }) => resetMockEhr(page));

test('the review: the scope, both queues, a finding and its trend; a dismissal with a reason is kept in the EHR across launches', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  const app = await launchOnAdmission(page);
  await expect(app.locator('.scope-line')).toContainText('Inpatient stay · Hospital admission');
  await expect(app.locator('.scope-line')).toContainText('attending');
  await expect(app.getByRole('tab', { name: /^Query opportunities \(4\)$/ })).toBeVisible();
  await expect(app.getByRole('tab', { name: /^Coding fixes \(\d+\)$/ })).toBeVisible();

  // A lab-driven finding opens with its facts and its trend chart.
  const queue = app.getByRole('list', { name: 'Query opportunities' });
  const aki = queue.locator(':scope > li').filter({ hasText: 'Creatinine rise meeting KDIGO AKI criteria' });
  await aki.locator('.item-head').click();
  await expect(aki.getByRole('table', { name: 'Clinical indicators' })).toContainText('Creatinine');
  await expect(aki.getByRole('img', { name: /Creatinine/ })).toBeVisible();
  await expectAccessible(page, 'the review with an item open');
  await frameWidth(page, 1200);
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'review-queues-detail-1200px.png') });
  await frameWidth(page, 800);
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'review-queues-detail-800px.png') });

  // Dismiss another with a reason: it leaves the queue to work, and its count.
  const potassium = queue.locator(':scope > li').filter({ hasText: 'Low potassium without a hypokalemia diagnosis' });
  await potassium.locator('.item-head').click();
  await potassium.getByRole('button', { name: 'Dismiss…' }).click();
  const form = potassium.getByRole('form', { name: 'Dismiss finding' });
  await form.getByLabel('Reason').selectOption({ label: 'Not clinically significant for this patient' });
  await form.getByLabel('Comment (optional)').fill('Replaced orally; no clinical impact.');
  await expectAccessible(page, 'the dismiss form');
  await form.getByRole('button', { name: 'Dismiss finding' }).click();
  await expect(app.getByRole('tab', { name: /^Query opportunities \(3\)$/ })).toBeVisible();
  await expect(queue).not.toContainText('Low potassium without a hypokalemia diagnosis');

  // The scope switches in the app: to his previous encounter, then to the whole record.
  const scope = app.getByLabel('Review scope');
  const previous = (await scope.locator('optgroup option').nth(1).textContent())!;
  await scope.selectOption({ label: previous });
  await expect(app.locator('.scope-line')).toContainText(previous.split(' · ').slice(1, 3).join(' · '));
  await expect(app.locator('.scope-line')).not.toContainText('in progress');
  await scope.selectOption({ label: 'The whole record' });
  await expect(app.locator('.scope-line')).toContainText('The whole record');

  // A new launch reads the dismissal back from the EHR: not new, reachable under its filter, with its reason.
  const again = await launchOnAdmission(page);
  await expect(again.getByRole('tab', { name: /^Query opportunities \(3\)$/ })).toBeVisible();
  await again.getByLabel('Status').selectOption({ label: 'Dismissed' });
  const dismissed = again.getByRole('list', { name: 'Query opportunities' }).locator(':scope > li').filter({ hasText: 'Low potassium' });
  await expect(dismissed.locator('.status-chip')).toHaveText('Dismissed');
  await dismissed.locator('.item-head').click();
  await expect(dismissed.getByRole('list', { name: 'Disposition history' })).toContainText('Dismissed (Not clinically significant for this patient): Replaced orally; no clinical impact.');
});

test('the coding fixes queue at 800 px', async ({ page }) => {
  await page.setViewportSize({ width: 1300, height: 1200 });
  const app = await launchOnAdmission(page);
  await app.getByRole('tab', { name: /Coding fixes/ }).click();
  await expect(app.getByRole('tabpanel', { name: /Coding fixes/ }).locator('.code-table-status')).toHaveText('ICD-10-CM codes checked against the code table.');
  await expectAccessible(page, 'the coding fixes queue');
  await frameWidth(page, 800);
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'review-coding-fixes-800px.png') });
});

test('what the physician wrote: a note that documents an uncoded diagnosis silences the query and tells the coder, quoted as text', async ({ page }) => {
  await page.setViewportSize({ width: 1300, height: 1400 });
  // The stay also has a text/html consult with a <script> and an <img onerror>: nothing of it may ever run.
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Vanda Franecki · born /);
  // The notes scenario's pneumonia stay (mocks/fixtures/README.md): low sodium, and a progress note "Hyponatremia, likely SIADH ...".
  await page.getByLabel('Encounter').selectOption('franecki-pneumonia-2012-03-05');
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  await expect(app.getByRole('list', { name: 'Query opportunities' })).toBeVisible();
  await expect(app.locator('.notes-status')).toContainText(/Notes in this review: \d+ read, 0 not read|Notes in this review: \d+ read\./);

  // No hyponatremia query: the physician wrote it. The AKI query stays, citing the note that negates it.
  const queries = app.getByRole('list', { name: 'Query opportunities' });
  await expect(queries).not.toContainText('Low sodium without a hyponatremia diagnosis');
  const aki = queries.locator(':scope > li').filter({ hasText: 'Creatinine rise meeting KDIGO AKI criteria' });
  await aki.locator('.item-head').click();
  await expect(aki.getByRole('region', { name: 'From the notes' })).toContainText('negates it ("No evidence of")');
  await expect(aki.locator('.note-sentence mark')).toHaveText('acute kidney injury');

  // The coder's side: documented, not coded, with the sentence and its words marked.
  await app.getByRole('tab', { name: /Coding fixes/ }).click();
  const fixes = app.getByRole('list', { name: 'Coding fixes' });
  const documented = fixes.locator(':scope > li').filter({ hasText: 'Diagnosis documented in a note but not coded' });
  await documented.locator('.item-head').click();
  await expect(documented.locator('.note-sentence')).toContainText('Hyponatremia, likely SIADH; fluid restriction 1.5 L/day.');
  await expect(documented.locator('.note-sentence mark')).toHaveText('Hyponatremia');
  await expect(documented).toContainText('No query: The physician has documented the diagnosis in a note');
  await expectAccessible(page, 'a finding quoting a note');
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'review-documented-not-coded.png') });
  expect(dialogs).toEqual([]);
  const titles = await Promise.all(page.frames().map((frame) => frame.title()));
  expect(titles.filter((title) => /ran/.test(title))).toEqual([]);
});

test('notes Clarify cannot read are named; a note that states the heart-failure type leaves no type query', async ({ page }) => {
  await page.setViewportSize({ width: 1300, height: 1200 });
  await page.goto('/launch/mock-ehr.html');
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Vanda Franecki · born /);
  await page.getByLabel('Encounter').selectOption('franecki-heart-failure-2013-02-11');
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  const notes = app.locator('.notes-status');
  await expect(notes).toContainText('2 not read');
  await notes.getByText(/Notes not read/).click();
  await expect(notes).toContainText('application/pdf is not read');
  await expect(notes).toContainText("own FHIR server only");
  // The heart-failure type is in a progress note: no type-and-acuity query.
  await expect(app.getByRole('list', { name: 'Query opportunities' }).or(app.getByText('No query opportunities in this scope.'))).toBeVisible();
  await expect(app.locator('body')).not.toContainText('Heart failure documented without type or acuity');
  await expectAccessible(page, 'the notes not read');
});

test('clinical validation: a documented sepsis whose indicators the record does not hold is a query opportunity with a clinical-validation query', async ({ page }) => {
  await page.setViewportSize({ width: 1300, height: 1500 });
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Constance Grimes · born /);
  // The scenario stay (mocks/fixtures/README.md): A41.9 documented, afebrile, heart rate 84, WBC 8.1, lactate 1.1.
  await page.getByLabel('Encounter').selectOption('grimes-cv-sepsis-unsupported');
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  const queue = app.getByRole('list', { name: 'Query opportunities' });
  const sepsis = queue.locator(':scope > li').filter({ hasText: 'Sepsis documented without supporting indicators' });
  await sepsis.locator('.item-head').click();
  await expect(sepsis.locator('.item-summary')).toContainText('none meets the criteria');
  await expect(sepsis.locator('.answer-options')).toContainText('Sepsis, ruled out');
  await sepsis.getByRole('button', { name: 'Draft query' }).click();
  await expect(app.getByLabel('Purpose')).toHaveValue('clinical-validation');
  await expectAccessible(page, 'a clinical-validation finding and its query');
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'review-clinical-validation.png') });
});
