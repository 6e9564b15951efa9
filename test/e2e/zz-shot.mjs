import { chromium } from '@playwright/test';
const [,, width = '800', patient = 'Tommy Friesen', out = '/tmp/shot.png', expand = '1'] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width) + 380, height: 1400 } });
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
await page.goto('http://127.0.0.1:5199/launch/mock-ehr.html');
await page.getByLabel('Signed-in user').selectOption({ index: 0 });
const opt = await page.locator('#patient option', { hasText: patient }).first().getAttribute('value');
await page.locator('#patient').selectOption(opt);
await page.getByRole('button', { name: 'Launch Clarify' }).click();
const app = page.frameLocator('iframe[title="Clarify"]');
await app.locator('.worklist, .failure').first().waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
if (process.env.TAB) { await app.getByRole('tab', { name: new RegExp(process.env.TAB) }).click(); await page.waitForTimeout(300); }
if (expand === '1') { const head = app.locator('.item-head').first(); if (await head.count()) await head.click(); await page.waitForTimeout(500); }
const frame = page.frames().find((f) => f.url().includes('index.html') || f.url().endsWith('/'));
const el = await page.locator('iframe[title="Clarify"]').elementHandle();
const f = await el.contentFrame();
const h = await f.evaluate(() => document.documentElement.scrollHeight);
await page.setViewportSize({ width: Number(width) + 380, height: Math.min(h + 100, 4000) });
await page.evaluate(([h, w]) => { const fr = document.querySelector('iframe[title="Clarify"]'); fr.style.width = w + 'px'; fr.style.height = h + 'px'; }, [h, Number(width)]);
await page.waitForTimeout(300);
const h2 = await f.evaluate(() => document.documentElement.scrollHeight);
await page.evaluate((h) => { document.querySelector('iframe[title="Clarify"]').style.height = h + 'px'; }, h2);
await page.setViewportSize({ width: Number(width) + 380, height: Math.min(h2 + 100, 5000) });
await page.waitForTimeout(300);
await page.locator('iframe[title="Clarify"]').screenshot({ path: out });
console.log('ok', h);
await browser.close();
