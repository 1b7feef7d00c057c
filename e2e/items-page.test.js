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

// Names are text: markup and script in them show literally, nothing in them runs, and the page's Content Security
// Policy never has to stop anything (a violation would mean markup got through and only the policy caught it).
const HOSTILE_NAMES = [
  '<script>window.__hostile = 1</script>',
  '<img src=x onerror="window.__hostile = 2">',
  '"><svg onload="window.__hostile = 3">',
  "' onmouseover='window.__hostile = 4' x='",
  '</td></tr></table><b id="injected">bold</b>',
  'javascript:window.__hostile = 5',
  '&lt;b&gt; &amp;amp; &#x3C;i&#x3E;',
  '{{7*7}} ${7*7} <%= 7*7 %>',
];

test('shows names with markup and script as text, runs none of it, and the CSP holds', async () => {
  const violations = [];
  const dialogs = [];
  const consoleErrors = [];
  await page.exposeFunction('__reportCspViolation', (v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation',
      (e) => window.__reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  const stamp = Date.now();
  const ids = [];
  for (const hostile of HOSTILE_NAMES) {
    const created = await fetch(`${BASE_URL}/api/items`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: `${hostile} ${stamp}`, quantity: 1 }),
    });
    assert.equal(created.status, 201, `the api stores ${hostile}`);
    ids.push((await created.json()).id);
  }
  // One more through the add form, as a person would type it.
  const typed = `<script>window.__hostile = 6</script> typed ${stamp}`;
  const landing = await page.goto(`${BASE_URL}/`);
  assert.match(landing.headers()['content-security-policy'] ?? '', /default-src 'none'/, 'the page sends its CSP');
  const addForm = page.locator('form#add-item');
  await addForm.locator('input[name=name]').fill(typed);
  await addForm.locator('input[name=quantity]').fill('1');
  assert.equal((await submit(addForm)).status(), 200);

  for (const name of [...HOSTILE_NAMES.map((h) => `${h} ${stamp}`), typed]) {
    // From the first page each time: the listing's order is the table's, so a name may sit on an earlier page.
    await page.goto(`${BASE_URL}/`);
    const row = await findRowByName(name);
    assert.ok(row, `"${name}" is listed`);
    assert.equal((await row.locator('.item-name').textContent()).trim(), name, 'the name shows exactly as stored');
    assert.equal(await row.locator('input[name=name]').inputValue(), name, 'the change form holds it unaltered');
    assert.equal(await page.locator('tbody script, tbody img, tbody svg, #injected').count(), 0, 'no markup became elements');
    assert.equal(await page.evaluate(() => window.__hostile), undefined, 'no script from a name ran on this page');
    if (!ids.includes(await row.getAttribute('data-item-id'))) ids.push(await row.getAttribute('data-item-id'));
  }

  // A rejected form shows the typed text back in the input: still text.
  await page.goto(`${BASE_URL}/`);
  const tooLong = `"><script>window.__hostile = 7</script>${'x'.repeat(100)}`;
  await addForm.locator('input[name=name]').fill(tooLong);
  await addForm.locator('input[name=quantity]').fill('1');
  assert.equal((await submit(addForm)).status(), 422, 'a name over 100 characters is refused');
  assert.equal(await page.locator('#add-name').inputValue(), tooLong, 'the refused input comes back as typed');

  assert.equal(await page.evaluate(() => window.__hostile), undefined, 'no script from a name ran');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(violations, [], 'no CSP violation fired');
  assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e)), [], 'the console reports no blocked content');

  for (const id of ids) {
    const gone = await fetch(`${BASE_URL}/api/items/${encodeURIComponent(id)}`, { method: 'DELETE' });
    assert.ok([204, 404].includes(gone.status), `item ${id} cleaned up`);
  }
});
