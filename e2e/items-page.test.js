// The items page as a person uses it, in a real (headless) browser through the load balancer: add an item with the
// form, see it listed, change its quantity, delete it. Debian's chromium, driven by playwright-core.
//
//   BASE_URL=http://127.0.0.1:8080 node --test      (CHROMIUM_PATH, SCREENSHOT_DIR optional)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'target');
const MAX_PAGES = 50;

let userDataDir;
let context;
let page;

before(async () => {
  userDataDir = await mkdtemp(join(tmpdir(), 'ecsdns-chromium-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 800 },
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? await context.newPage();
});

after(async () => {
  await context?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** Submits a form and waits for the page the post/redirect/get lands on; returns that page's response. */
async function submit(form) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    form.locator('button[type=submit]').click(),
  ]);
  return response;
}

/** The row of the item called name, on whichever page of the list it is; leaves the browser on that page. */
async function findRowByName(name) {
  for (let i = 0; i < MAX_PAGES; i++) {
    const row = page.locator('tr[data-item-id]').filter({ has: page.locator('.item-name', { hasText: name }) });
    if (await row.count() > 0) return row.first();
    const next = page.locator('#next-page');
    if (await next.count() === 0) return null;
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), next.click()]);
  }
  return null;
}

test('adds, lists, changes and deletes an item through the page', async () => {
  const name = `e2e browser item ${Date.now()}`;

  const first = await page.goto(`${BASE_URL}/`);
  assert.equal(first.status(), 200, 'the page answers 200');
  assert.match(first.headers()['content-type'] ?? '', /text\/html/);
  assert.equal(await page.locator('#api-unavailable').count(), 0, 'no "unavailable" banner');
  const addForm = page.locator('form#add-item');
  await addForm.waitFor();
  assert.equal(await addForm.locator('input[type=hidden][name=idempotencyKey]').count(), 1);

  // Add.
  await addForm.locator('input[name=name]').fill(name);
  await addForm.locator('input[name=quantity]').fill('3');
  const added = await submit(addForm);
  assert.equal(added.status(), 200, 'the redirect after adding lands on the page');
  const row = await findRowByName(name);
  assert.ok(row, `the new item "${name}" is listed`);
  const id = await row.getAttribute('data-item-id');
  assert.ok(id, 'the row carries data-item-id');
  assert.equal((await row.locator('.item-quantity').textContent()).trim(), '3');
  assert.equal((await row.locator('.item-version').textContent()).trim(), '1');

  // Change the quantity.
  const changeForm = row.locator('form.change-item');
  await changeForm.locator('input[name=quantity]').fill('7');
  const changed = await submit(changeForm);
  assert.equal(changed.status(), 200, 'the redirect after saving lands on the page');
  const changedRow = page.locator(`tr[data-item-id="${id}"]`);
  await changedRow.waitFor();
  assert.equal((await changedRow.locator('.item-quantity').textContent()).trim(), '7', 'the new quantity is shown');
  assert.equal((await changedRow.locator('.item-version').textContent()).trim(), '2', 'the version went up');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'items-page.png'), fullPage: true });

  // Delete.
  const deleted = await submit(changedRow.locator('form.delete-item'));
  assert.equal(deleted.status(), 200, 'the redirect after deleting lands on the page');
  assert.equal(await page.locator(`tr[data-item-id="${id}"]`).count(), 0, 'the row is gone');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'items-page-after-delete.png'), fullPage: true });

  const gone = await fetch(`${BASE_URL}/api/items/${encodeURIComponent(id)}`);
  assert.equal(gone.status, 404, 'the api no longer has the item');
});
