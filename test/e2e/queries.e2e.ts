import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { launchOnAdmission as launchTechnician, resetMockEhr, SCREENSHOTS as screenshots } from './mock-ehr';
import { selectOptionMatching } from './select-option';
import { expectAccessible } from './axe';

// Every wait is on something the page shows; the config's timeouts are hang guards, never speed checks.

/** The technician on Tommy Friesen's admission, with the hyponatremia item opened (unless it is expected gone). */
async function launchOnAdmission(page: Page, { expectFinding = true } = {}) {
  const app = await launchTechnician(page);
  const hyponatremia = app.getByRole('list', { name: 'Query opportunities' }).locator(':scope > li')
    .filter({ hasText: 'Low sodium without a hyponatremia diagnosis' });
  if (expectFinding) {
    // Open the item: its query, composer and actions are in its detail.
    await hyponatremia.locator('.item-head[aria-expanded="false"]').click();
    await expect(hyponatremia.locator('.item-detail')).toBeVisible();
  }
  return { app, hyponatremia };
}

/** The technician sends the hyponatremia query to the attending found in the record; returns the attending's name. */
async function sendHyponatremiaQuery(page: Page): Promise<string> {
  const { hyponatremia } = await launchOnAdmission(page);
  await hyponatremia.getByRole('button', { name: 'Draft query' }).click();
  const composer = hyponatremia.getByRole('form', { name: 'Draft query' });
  const attending = (await composer.locator('.recipient').textContent())!.split(' · ')[0]!.trim();
  await composer.getByRole('button', { name: 'Send query' }).click();
  await expect(hyponatremia.getByRole('list', { name: 'Queries sent for this finding' })).toContainText('Query sent');
  return attending;
}

/** Picks a physician by name as the launcher's signed-in user (on the launcher page). */
async function signInAs(page: Page, name: string) {
  const user = page.getByLabel('Signed-in user');
  await user.selectOption({ label: (await user.locator('option', { hasText: name.replace(/^Dr\.?\s*/, '') }).first().textContent())! });
}

/** Launches Clarify as this physician without a patient (provider launch): the inbox. */
async function openInboxAs(page: Page, name: string) {
  await page.goto('/launch/mock-ehr.html');
  await signInAs(page, name);
  await page.getByLabel('Provider launch, no patient (physician inbox)').check();
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  return page.frameLocator('iframe[title="Clarify"]');
}

// Each test starts from the mock EHR as shipped.
test.beforeEach(async ({ page }) => resetMockEhr(page));

test('the technician drafts a query from a lab finding, is stopped by a leading phrase, sends it, and sees it sent after a relaunch', async ({ page }) => {
  await page.setViewportSize({ width: 1120, height: 1000 });
  const { hyponatremia } = await launchOnAdmission(page);
  await hyponatremia.getByRole('button', { name: 'Draft query' }).click();

  const composer = hyponatremia.getByRole('form', { name: 'Draft query' });
  await expect(composer.getByRole('group', { name: /Clinical indicators \(3\)/ })).toContainText(/Sodium 129 mmol\/L on \d{4}-\d{2}-\d{2} 06:00/);
  await expect(composer).toContainText('Compliance check: no problems found.');

  const question = composer.getByLabel('Question');
  const template = await question.inputValue();
  await question.fill('Please document hyponatremia in your progress note.');
  await expect(composer.getByRole('list', { name: 'Problems that block sending' })).toContainText(/please document/i);
  await expect(composer.getByRole('button', { name: 'Send query' })).toBeDisabled();
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'query-composer-blocked.png') });

  await question.fill(template);
  await expect(composer.getByRole('list', { name: 'Problems that block sending' })).toHaveCount(0);
  await composer.getByRole('button', { name: 'Send query' }).click();

  const sent = hyponatremia.getByRole('list', { name: 'Queries sent for this finding' });
  await expect(sent).toContainText('Query sent');
  await expect(hyponatremia.getByRole('form', { name: 'Draft query' })).toHaveCount(0);

  // A new launch reads the query back from the EHR and matches it to the same finding.
  const again = await launchOnAdmission(page);
  await expect(again.hyponatremia.getByRole('list', { name: 'Queries sent for this finding' })).toContainText('Query sent');
  await expect(again.hyponatremia.getByRole('button', { name: 'Draft query' })).toHaveCount(0);
});

test('the composer reads well at an EHR iframe width of 800 px', async ({ page }) => {
  await page.setViewportSize({ width: 1120, height: 1200 });
  const { app, hyponatremia } = await launchOnAdmission(page);
  await page.evaluate(() => {
    const frame = document.querySelector('iframe[title="Clarify"]') as HTMLIFrameElement;
    frame.style.width = '800px';
  });
  await hyponatremia.getByRole('button', { name: 'Draft query' }).click();
  const composer = hyponatremia.getByRole('form', { name: 'Draft query' });
  await expect(composer).toContainText('Compliance check: no problems found.');
  await expectAccessible(page, 'the query composer');
  await composer.scrollIntoViewIfNeeded();
  await expect(app.locator('body')).toBeVisible();
  await composer.screenshot({ path: resolve(screenshots, 'query-composer-800px.png') });
});

test('a query can be cancelled, never deleted, and a follow-up drafted', async ({ page }) => {
  const { hyponatremia } = await launchOnAdmission(page);
  await hyponatremia.getByRole('button', { name: 'Draft query' }).click();
  await hyponatremia.getByRole('form', { name: 'Draft query' }).getByRole('button', { name: 'Send query' }).click();
  const sent = hyponatremia.getByRole('list', { name: 'Queries sent for this finding' });
  await expect(sent).toContainText('Query sent');
  await sent.getByRole('button', { name: 'Cancel query' }).click();
  await expect(sent).toContainText('Query cancelled');
  await expect(hyponatremia.getByRole('button', { name: 'Draft follow-up query' })).toBeVisible();
});

test('the whole loop: the technician sends, the attending answers from the inbox, the technician sees the answer and the finding resolved', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1100 });
  // The technician sends the hyponatremia query to the attending of the admission.
  const attending = await sendHyponatremiaQuery(page);

  // The attending opens Clarify without a patient: the inbox lists the query; they answer it.
  const app = await openInboxAs(page, attending);
  const open = app.getByRole('list', { name: 'Open queries' });
  const row = open.getByRole('listitem').filter({ hasText: 'Tommy Friesen' });
  await expect(row).toContainText('low sodium');
  await expect(app.getByRole('tab', { name: /^Open \(1\)/ })).toBeVisible();
  await expectAccessible(page, 'the physician inbox with an open query');
  await page.screenshot({ path: resolve(screenshots, 'physician-inbox.png') });
  await row.getByRole('button', { name: 'Answer' }).click();
  const detail = app.getByRole('article');
  await expect(detail).toContainText(/Sodium 129 mmol\/L on \d{4}-\d{2}-\d{2} 06:00/);
  const answer = detail.getByRole('form', { name: 'Your answer' });
  await answer.getByRole('radio', { name: /Hyponatremia/ }).check();
  await answer.getByLabel('Comment (optional)').fill('Likely SIADH; workup ordered.');
  await expectAccessible(page, 'the answer form');
  await page.locator('iframe[title="Clarify"]').screenshot({ path: resolve(screenshots, 'physician-answering.png') });
  await answer.getByRole('button', { name: 'Submit answer' }).click();
  await expect(app.getByRole('tab', { name: /^Answered and closed \(1\)/ })).toBeVisible();
  await expect(app.getByRole('tab', { name: /^Open \(0\)/ })).toBeVisible();

  // The technician relaunches: the diagnosis is on the record, the finding is resolved, the answer shows.
  await launchOnAdmission(page, { expectFinding: false });
  const resolvedSection = page.frameLocator('iframe[title="Clarify"]').getByRole('list', { name: 'Queries of resolved findings' });
  await expect(resolvedSection).toContainText('Query answered');
  await expect(resolvedSection).toContainText('Answer: Hyponatremia');
  await expect(resolvedSection).toContainText('Likely SIADH; workup ordered.');
  await expect(page.frameLocator('iframe[title="Clarify"]').locator('.worklist'))
    .not.toContainText('Low sodium without a hyponatremia diagnosis');
  await page.frameLocator('iframe[title="Clarify"]').getByRole('region', { name: /Resolved by query/ })
    .screenshot({ path: resolve(screenshots, 'technician-answer-resolved.png') });
});

test('a physician who opens the patient\'s chart sees the open queries addressed to them at the top, with Answer; a technician who opens Clarify without a patient sees the queries they sent', async ({ page }) => {
  const attending = await sendHyponatremiaQuery(page);

  // The attending, launched from the same chart (EHR launch with the patient in context).
  await page.goto('/launch/mock-ehr.html');
  await signInAs(page, attending);
  await selectOptionMatching(page.getByLabel('Patient', { exact: true }), /^Tommy Friesen · born /);
  await selectOptionMatching(page.getByLabel('Encounter'), / · IMP · Hospital admission \(procedure\)/);
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  const onChart = app.getByRole('region', { name: /Queries addressed to you about this patient \(1\)/ });
  await expect(onChart).toContainText('low sodium');
  await onChart.getByRole('button', { name: 'Answer' }).click();
  await expect(onChart.getByRole('form', { name: 'Your answer' })).toBeVisible();

  // The technician, launched without a patient: the queries they sent, with their status.
  await page.goto('/launch/mock-ehr.html');
  await page.getByLabel('Signed-in user').selectOption({ label: 'Renée Okafor, RHIT, CCDS (CDI technician)' });
  await page.getByLabel('Provider launch, no patient (physician inbox)').check();
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  await app.getByRole('tab', { name: /Queries I sent \(1\)/ }).click();
  await expect(app.getByRole('list', { name: 'Queries I sent' })).toContainText('Tommy Friesen');
});

test('a physician launched from the EHR without a patient gets the inbox: Clarify authorizes again as a provider launch', async ({ page }) => {
  const attending = await sendHyponatremiaQuery(page);
  await page.goto('/launch/mock-ehr.html');
  await signInAs(page, attending);
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'No patient in context (Clarify opens the inbox)' });
  await page.getByRole('button', { name: 'Launch Clarify' }).click();
  const app = page.frameLocator('iframe[title="Clarify"]');
  await expect(app.getByRole('tab', { name: /^Open \(1\)/ })).toBeVisible();
  await expect(app.getByRole('list', { name: 'Open queries' }).getByRole('listitem').filter({ hasText: 'Tommy Friesen' })).toContainText('low sodium');
});

test('the physician changes an answer from the closed tab: reopened, the query shows the amended answer', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1100 });
  const attending = await sendHyponatremiaQuery(page);

  const app = await openInboxAs(page, attending);
  await app.getByRole('list', { name: 'Open queries' }).getByRole('button', { name: 'Answer' }).click();
  const answer = app.getByRole('form', { name: 'Your answer' });
  await answer.getByRole('radio', { name: /Clinically undetermined/ }).check();
  await answer.getByRole('button', { name: 'Submit answer' }).click();
  await app.getByRole('tab', { name: /^Answered and closed \(1\)/ }).click();
  const closed = app.getByRole('list', { name: 'Closed queries' });
  await expect(closed).toContainText('answer: Clinically undetermined');
  await closed.getByRole('button', { name: 'View' }).click();
  const current = app.getByRole('region', { name: 'Current answer' });
  await expect(current).toContainText('Clinically undetermined');
  await current.getByRole('button', { name: 'Change answer' }).click();
  const amended = app.getByRole('form', { name: 'Your amended answer' });
  await amended.getByRole('radio', { name: /Hyponatremia/ }).check();
  await amended.getByRole('button', { name: 'Submit amended answer' }).click();
  // Reopened, the query shows the amended answer (read back from the EHR).
  await closed.getByRole('button', { name: 'View' }).click();
  await expect(app.getByRole('region', { name: 'Current answer' })).toContainText('Hyponatremia');
});
