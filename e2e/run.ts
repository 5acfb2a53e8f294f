/**
 * End-to-end journeys for the Stride web app, driven by playwright-core against a real server.
 *
 *   node --import tsx e2e/run.ts        (or: npm run test:e2e)
 *
 * Starts the server on a free port with a fresh embedded database in demo mode, runs each journey in a
 * fresh browser context, prints PASS/FAIL lines and exits non-zero on any failure. A screenshot of each
 * failed journey is saved to test-results/<journey>.png.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_PASSWORD = 'stride-demo';
const STEP_TIMEOUT = 15_000;

// ---------------------------------------------------------------------------------------------------------------
// Infrastructure

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

/** Polls `check` until it returns a truthy value (returned) or the timeout passes (throws with `what`). */
async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = STEP_TIMEOUT): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (err) {
      lastError = err;
    }
    await sleep(100);
  }
  const suffix = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${suffix}`);
}

interface ServerHandle {
  baseURL: string;
  origin: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

async function startServer(): Promise<ServerHandle> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'stride-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_MODE: 'true',
    LOG_LEVEL: 'warn',
    // Lets the hr-im-channels journey point a group bot at its local stand-in for DingTalk.
    IM_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    await waitFor(
      'the server to become ready (GET /readyz = 200)',
      async () => {
        if (exited) throw new Error(`server exited early:\n${log}`);
        const res = await fetch(`${baseURL}/readyz`).catch(() => null);
        return res?.status === 200;
      },
      // The demo company is seeded with two years of CRM activity on first start, which takes a while.
      Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 180_000),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, origin: baseURL, process: child, output: () => log, stop };
}

/** Signs in through the API (not the browser) and returns a Cookie header value. */
async function apiLogin(server: ServerHandle, username: string): Promise<string> {
  const res = await fetch(`${server.baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.origin },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `API sign-in as ${username} returned ${res.status}`);
  const headers = res.headers as Headers & { getSetCookie?: () => string[] };
  const setCookies = headers.getSetCookie?.() ?? (res.headers.get('set-cookie') ?? '').split(/,(?=\s*[^;,=\s]+=)/);
  const cookie = setCookies
    .map((c) => c.split(';')[0].trim())
    .filter(Boolean)
    .join('; ');
  assert.ok(cookie, 'sign-in response set no cookie');
  return cookie;
}

async function apiGet<T>(server: ServerHandle, cookie: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${server.baseURL}/api/v1${pathAndQuery}`, { headers: { Cookie: cookie } });
  assert.equal(res.status, 200, `GET ${pathAndQuery} returned ${res.status}`);
  return (await res.json()) as T;
}

async function apiPost<T>(server: ServerHandle, cookie: string, pathAndQuery: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.baseURL}/api/v1${pathAndQuery}`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(res.status === 200 || res.status === 201, `POST ${pathAndQuery} returned ${res.status}`);
  return (await res.json()) as T;
}

interface IngestResult {
  accepted: number;
  duplicates: number;
  updated: number;
  unmatched: number;
  rejectedCount: number;
}

/** Sends activities the way a CRM would: a JSON batch with the integration's API key. */
async function sendActivities(server: ServerHandle, key: string, activities: unknown[]): Promise<IngestResult> {
  const res = await fetch(`${server.baseURL}/api/v1/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ activities }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `POST /activities returned ${res.status}: ${text}`);
  return JSON.parse(text) as IngestResult;
}

/** Normalizes the non-breaking spaces Intl puts into formatted money. */
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT });
}

async function listTotal(page: Page): Promise<number> {
  const text = await waitFor('the list total', async () => {
    const t = (await page.getByTestId('list-total').textContent()) ?? '';
    return /\d/.test(t) ? t : null;
  });
  return Number(text.replace(/[^\d]/g, ''));
}

/** Opens an antd select, optionally types to search, and clicks the visible option matching `option`. */
async function chooseOption(page: Page, select: Locator, search: string, option: string | RegExp): Promise<void> {
  // A dropdown can re-render under the pointer while its options load (remote search, lists still
  // loading), and the click then lands nowhere; so the choice is checked on the select itself and made
  // again if it did not take. A multiple select shows each choice as a tag with the option's text; a
  // single one shows one selected item, whose label may differ from the option's.
  const multiple = await select.evaluate(
    (el) => el.classList.contains('ant-select-multiple') || el.querySelector('.ant-select-multiple') !== null,
  );
  const chosen = multiple
    ? select.locator('.ant-select-selection-item').filter({ hasText: option })
    : select.locator('.ant-select-content-has-value, .ant-select-selection-item');
  // The option list is virtual, so an option far down is only rendered once the search narrows the
  // list; the search text goes into the select's own input (focused first), not wherever focus is.
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    if (search) {
      const input = select.locator('input').first();
      await input.fill('');
      await input.pressSequentially(search);
    }
    const item = page.locator('.ant-select-item-option').filter({ hasText: option, visible: true });
    const shown = await item
      .first()
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT / 3 })
      .then(() => true)
      .catch(() => false);
    if (!shown) {
      await page.keyboard.press('Escape');
      continue;
    }
    await item.first().click();
    for (let check = 0; check < 5; check++) {
      if (await chosen.first().isVisible()) return;
      await sleep(200);
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${String(option)}`);
}

/** Opens an antd tree select, types to search, and clicks the node titled `title`. */
async function chooseTreeNode(page: Page, select: Locator, title: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    const input = select.locator('input').first();
    await input.fill('');
    await input.pressSequentially(title);
    const node = page.locator('.ant-select-tree-title').filter({ hasText: title, visible: true });
    const shown = await node
      .first()
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT / 3 })
      .then(() => true)
      .catch(() => false);
    if (shown) {
      await node.first().click();
      const chosen = select.locator('.ant-select-content-has-value, .ant-select-selection-item');
      for (let check = 0; check < 5; check++) {
        if (await chosen.first().isVisible()) return;
        await sleep(200);
      }
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose the unit ${title}`);
}

async function personNames(page: Page): Promise<string[]> {
  return (await page.getByTestId('person-link').allTextContents()).map((s) => s.trim());
}

// ---------------------------------------------------------------------------------------------------------------
// Journeys

interface JourneyContext {
  browser: Browser;
  server: ServerHandle;
}

interface Journey {
  name: string;
  context?: BrowserContextOptions;
  run: (page: Page, ctx: JourneyContext) => Promise<void>;
}

const journeys: Journey[] = [
  {
    name: 'hr-people-search',
    async run(page) {
      await signIn(page, 'hr');
      // HR lands on the dashboard; the people list is one click away.
      await page.getByTestId('dashboard-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('nav-people').click();
      await page.waitForURL('**/people', { timeout: STEP_TIMEOUT });
      await waitFor('people rows', async () => (await page.getByTestId('person-link').count()) > 0);
      const total = await listTotal(page);
      assert.ok(total > 1, `expected several people, total is ${total}`);
      const names = await personNames(page);
      const target = names[Math.min(2, names.length - 1)];
      await page.getByTestId('people-search').fill(target);
      await waitFor(`the list to be filtered to "${target}"`, async () => {
        const filtered = await personNames(page);
        const filteredTotal = await listTotal(page);
        return filtered.length > 0 && filtered.every((n) => n.includes(target)) && filteredTotal < total;
      });
      await page.getByTestId('people-search').fill('zz-no-such-person-zz');
      await waitFor('an empty result', async () => (await page.getByTestId('person-link').count()) === 0);
    },
  },
  {
    name: 'hr-profile-reveal',
    async run(page) {
      await signIn(page, 'hr');
      await page.getByTestId('nav-people').click();
      await waitFor('people rows', async () => (await page.getByTestId('person-link').count()) > 0);
      const first = page.getByTestId('person-link').first();
      const name = ((await first.textContent()) ?? '').trim();
      await first.click();
      await page.waitForURL(/\/people\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT });
      const heading = page.getByTestId('profile-name');
      await heading.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.equal(((await heading.textContent()) ?? '').trim(), name);
      const masked = ((await page.getByTestId('personal-idNumber').textContent()) ?? '').trim();
      assert.match(masked, /\*/, `ID number should start masked, got "${masked}"`);
      await page.getByTestId('reveal-idNumber').click();
      const revealed = await waitFor('the revealed ID number', async () => {
        const text = ((await page.getByTestId('personal-idNumber').textContent()) ?? '').trim();
        return /^\d{17}[\dX]$/.test(text) ? text : null;
      });
      assert.equal(revealed.length, 18);
      assert.equal(await page.getByTestId('reveal-idNumber').count(), 0, 'reveal button should go away');
    },
  },
  {
    name: 'language-switch',
    async run(page) {
      await signIn(page, 'hr');
      await page.getByTestId('nav-people').click();
      await page.waitForURL('**/people', { timeout: STEP_TIMEOUT });
      const nav = page.getByTestId('nav-people');
      const lang = page.getByTestId('lang-switch');
      await waitFor('Chinese menu', async () => ((await nav.textContent()) ?? '').includes('员工'));
      assert.match((await lang.textContent()) ?? '', /English/);
      await lang.click();
      await waitFor('English menu', async () => ((await nav.textContent()) ?? '').trim() === 'People');
      await waitFor('English page title', async () =>
        ((await page.locator('h3').first().textContent()) ?? '').includes('People'),
      );
      assert.match((await lang.textContent()) ?? '', /中文/);
      assert.equal(await page.evaluate<string | null>("localStorage.getItem('stride.lang')"), 'en-US');
      // The choice survives a reload.
      await page.reload();
      await waitFor('English menu after reload', async () => ((await nav.textContent()) ?? '').trim() === 'People');
      await lang.click();
      await waitFor('Chinese menu again', async () => ((await nav.textContent()) ?? '').includes('员工'));
      assert.match((await lang.textContent()) ?? '', /English/);
    },
  },
  {
    name: 'employee-own-profile-only',
    async run(page, { server }) {
      const employeeCookie = await apiLogin(server, 'employee');
      const me = await apiGet<{ user: { employeeId: string | null } }>(server, employeeCookie, '/auth/me');
      assert.ok(me.user.employeeId, 'the demo employee account should be linked to a person');
      const adminCookie = await apiLogin(server, 'admin');
      const list = await apiGet<{ items: { id: string }[] }>(server, adminCookie, '/employees?limit=5');
      const colleague = list.items.find((e) => e.id !== me.user.employeeId);
      assert.ok(colleague, 'need a colleague id');

      await signIn(page, 'employee');
      await page.waitForURL(`**/people/${me.user.employeeId}`, { timeout: STEP_TIMEOUT });
      await page.getByTestId('profile-name').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('nav-me').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      for (const id of [
        'nav-people',
        'nav-org',
        'nav-positions',
        'nav-users',
        'nav-audit',
        'nav-integrations',
        'nav-unmatched',
        'nav-team-metrics',
        'nav-imports',
      ]) {
        assert.equal(await page.getByTestId(id).count(), 0, `employee menu should not have ${id}`);
      }
      await page.goto(`/people/${colleague.id}`);
      await page.getByTestId('profile-not-found').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.equal(await page.getByTestId('profile-name').count(), 0);
    },
  },
  {
    name: 'manager-scope',
    async run(page, { browser, server }) {
      await signIn(page, 'hr');
      await page.getByTestId('nav-people').click();
      await waitFor('people rows', async () => (await page.getByTestId('person-link').count()) > 0);
      const hrTotal = await listTotal(page);

      const managerContext = await browser.newContext({ baseURL: server.baseURL, locale: 'zh-CN' });
      try {
        const managerPage = await managerContext.newPage();
        managerPage.setDefaultTimeout(STEP_TIMEOUT);
        await signIn(managerPage, 'manager');
        await managerPage.getByTestId('dashboard-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await managerPage.getByTestId('nav-people').click();
        await managerPage.waitForURL('**/people', { timeout: STEP_TIMEOUT });
        await waitFor('manager rows', async () => (await managerPage.getByTestId('person-link').count()) > 0);
        const managerTotal = await listTotal(managerPage);
        assert.ok(managerTotal > 0, 'a manager should see some people');
        assert.ok(managerTotal < hrTotal, `manager sees ${managerTotal}, hr sees ${hrTotal}`);
        assert.equal(await managerPage.getByTestId('person-new').count(), 0, 'managers may not create people');
        assert.equal(await managerPage.getByTestId('nav-positions').count(), 0);
      } finally {
        await managerContext.close();
      }
    },
  },
  {
    name: 'integration-ingest-drilldown',
    async run(page, { browser, server }) {
      // Admin creates an integration and an API key through the UI; both secrets are shown once.
      await signIn(page, 'admin');
      await page.getByTestId('nav-integrations').click();
      await page.waitForURL('**/integrations', { timeout: STEP_TIMEOUT });
      await page.getByTestId('integration-new').click();
      await page.getByTestId('integration-name-input').fill('E2E CRM');
      await page.getByTestId('integration-source-input').fill('e2e-crm');
      await page.getByTestId('integration-create-ok').click();
      const secretModal = page.getByTestId('secret-modal');
      await secretModal.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const secret = await secretModal.getByTestId('secret-value').inputValue();
      assert.match(secret, /^whsec_/, `webhook secret looks wrong: ${secret}`);
      await page.getByTestId('secret-modal-done').click();
      await secretModal.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      const card = page.getByTestId('integration-card').filter({ hasText: 'e2e-crm' });
      await card.getByTestId('key-new').click();
      await page.getByTestId('key-name-input').fill('e2e sync');
      await page.getByTestId('key-create-ok').click();
      const keyModal = page.getByTestId('key-modal');
      await keyModal.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const key = await keyModal.getByTestId('secret-value').inputValue();
      assert.match(key, /^sk_[A-Za-z0-9]{8}_/, `API key looks wrong: ${key}`);
      assert.ok(((await keyModal.textContent()) ?? '').includes(`Bearer ${key}`), 'the curl example shows the key');
      await page.getByTestId('key-modal-done').click();
      await keyModal.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      await waitFor('the key in the keys table', async () =>
        ((await card.getByTestId('keys-table').textContent()) ?? '').includes(key.slice(0, 11)),
      );

      // The CRM sends two orders for a known salesperson: preferably someone with no revenue yet, so the
      // drill-down holds exactly these two facts (the demo company may already have CRM activity).
      const adminCookie = await apiLogin(server, 'admin');
      const people = await apiGet<{ items: { id: string; employeeNo: string; name: string }[] }>(
        server,
        adminCookie,
        '/employees?status=regular&limit=100',
      );
      assert.ok(people.items.length > 0, 'need a regular employee');
      type Series = { points: { metric: string; periodStart: string; value: string }[] };
      const revenueOf = (id: string) =>
        apiGet<Series>(server, adminCookie, `/metric-values?employeeId=${id}&metric=revenue&periodType=month`);
      let person = people.items[0];
      let before = await revenueOf(person.id);
      for (const candidate of people.items) {
        const s = await revenueOf(candidate.id);
        if (s.points.length === 0) {
          person = candidate;
          before = s;
          break;
        }
      }
      const at = new Date(Date.now() - 60 * 60 * 1000).toISOString();
      const result = await sendActivities(server, key, [
        {
          externalId: 'E2E-SO-1',
          type: 'order',
          employeeNo: person.employeeNo,
          occurredAt: at,
          amount: '12800.00',
          customer: { externalId: 'C-1', name: 'E2E 客户甲' },
        },
        {
          externalId: 'E2E-SO-2',
          type: 'order',
          employeeNo: person.employeeNo,
          occurredAt: at,
          amount: 7200.5,
          customer: { externalId: 'C-2', name: 'E2E 客户乙' },
        },
      ]);
      assert.equal(result.accepted, 2, `ingest result: ${JSON.stringify(result)}`);
      const after = await revenueOf(person.id);
      const point = after.points.find(
        (p) => Number(p.value) !== Number(before.points.find((b) => b.periodStart === p.periodStart)?.value ?? 0),
      );
      assert.ok(point, `no changed revenue point: ${JSON.stringify(after)}`);
      const previous = Number(before.points.find((b) => b.periodStart === point.periodStart)?.value ?? 0);
      assert.equal(Number(point.value), previous + 20000.5);
      const fresh = previous === 0;
      const expectedValue = `¥${Number(point.value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

      // HR opens the person's metrics and drills into the number.
      const hrContext = await browser.newContext({ baseURL: server.baseURL, locale: 'zh-CN' });
      try {
        const hr = await hrContext.newPage();
        hr.setDefaultTimeout(STEP_TIMEOUT);
        await signIn(hr, 'hr');
        assert.equal(await hr.getByTestId('nav-integrations').count(), 0, 'HR may not manage integrations');
        await hr.getByTestId('nav-unmatched').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await hr.goto(`/people/${person.id}`);
        await hr.getByTestId('profile-name').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await hr.getByTestId('tab-metrics').click();
        await hr.waitForURL(/tab=metrics/, { timeout: STEP_TIMEOUT });
        const cell = hr.getByTestId(`metric-cell-revenue-${point.periodStart}`);
        await waitFor('the revenue value in the metrics table', async () =>
          squash(await cell.textContent()).includes(expectedValue),
        );
        await cell.click();
        const drawer = hr.getByTestId('facts-drawer');
        await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await waitFor('the two facts in the drill-down', async () => {
          const rows = await drawer.getByTestId('fact-row').count();
          return fresh ? rows === 2 : rows >= 2;
        });
        const facts = squash(await drawer.textContent());
        for (const expected of ['E2E-SO-1', 'E2E-SO-2', '¥12,800.00', '¥7,200.50', '订单', 'e2e-crm']) {
          assert.ok(facts.includes(expected), `drill-down should show ${expected}`);
        }
        assert.ok(squash(await drawer.getByTestId('facts-value').textContent()).includes(expectedValue));
      } finally {
        await hrContext.close();
      }
    },
  },
  {
    name: 'manager-team-metrics-drilldown',
    async run(page, { server }) {
      // The manager's region this month, as the API counts it: facts credited to the team on their day.
      const managerCookie = await apiLogin(server, 'manager');
      const units = await apiGet<{ items: { id: string; parentId: string | null; name: string }[] }>(
        server,
        managerCookie,
        '/org-units',
      );
      const visible = new Set(units.items.map((u) => u.id));
      const region = units.items.find((u) => !u.parentId || !visible.has(u.parentId));
      assert.ok(region, 'the manager should see the region they lead');
      const month = `${new Date().toISOString().slice(0, 7)}-01`;
      type Team = { total: string | null; basis: string; aggregation: string; items: unknown[] };
      const expected = await apiGet<Team>(
        server,
        managerCookie,
        `/metric-values/team?unitId=${region.id}&metric=revenue&periodType=month&periodStart=${month}`,
      );
      assert.equal(expected.basis, 'facts');
      assert.equal(expected.aggregation, 'sum');
      const total = Number(expected.total);
      const money = `¥${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

      await signIn(page, 'manager');
      await page.getByTestId('nav-team-metrics').click();
      await page.waitForURL('**/team-metrics', { timeout: STEP_TIMEOUT });
      await waitFor('the team total', async () =>
        squash(await page.getByTestId('team-total').textContent()).includes(money),
      );
      assert.ok(
        squash(await page.getByTestId('team-basis').textContent()).includes('发生当天此人所在的团队'),
        'the page says how facts are credited',
      );
      await waitFor('the people of the region', async () => (await page.getByTestId('team-person-link').count()) > 0);
      // The total drills down to the team's facts, each with the person who did it.
      await page.getByTestId('team-drill').click();
      const drawer = page.getByTestId('facts-drawer');
      await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await drawer.getByTestId('facts-value').textContent()).includes(money));
      if (total > 0) {
        await waitFor(
          'the facts behind the team total',
          async () => (await drawer.getByTestId('fact-row').count()) > 0,
        );
        assert.ok(
          squash(await drawer.textContent()).includes('人员'),
          'a team drill-down names the person of each fact',
        );
      }
    },
  },
  {
    name: 'hr-unmatched-resolve',
    async run(page, { server }) {
      const adminCookie = await apiLogin(server, 'admin');
      const integ = await apiPost<{ id: string }>(server, adminCookie, '/integrations', {
        name: 'E2E ERP',
        source: 'e2e-erp',
      });
      const issued = await apiPost<{ key: string }>(server, adminCookie, `/integrations/${integ.id}/keys`, {
        name: 'e2e',
      });
      const result = await sendActivities(server, issued.key, [
        {
          externalId: 'E2E-PAY-1',
          type: 'payment',
          employeeNo: 'NOBODY-42',
          occurredAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
          amount: '500.00',
        },
      ]);
      assert.equal(result.unmatched, 1, `ingest result: ${JSON.stringify(result)}`);
      const people = await apiGet<{ items: { id: string; name: string; employeeNo: string }[] }>(
        server,
        adminCookie,
        '/employees?status=regular&limit=5',
      );
      const person = people.items[people.items.length - 1];
      assert.ok(person, 'need a regular employee');

      await signIn(page, 'hr');
      await page.getByTestId('nav-unmatched').click();
      await page.waitForURL('**/unmatched', { timeout: STEP_TIMEOUT });
      const row = page.locator('tr').filter({ hasText: 'NOBODY-42' });
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await row.getByTestId('unmatched-map').click();
      const select = page.getByTestId('unmatched-employee');
      await select.click();
      await page.keyboard.type(person.employeeNo);
      const option = page.locator('.ant-select-item-option').filter({ hasText: person.employeeNo });
      await option.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await option.first().click();
      await page.getByTestId('unmatched-map-ok').click();
      const banner = page.getByTestId('unmatched-result');
      await banner.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.match(squash(await banner.textContent()), /已匹配 1 条活动/);
      await waitFor('the row to leave the queue', async () => (await row.count()) === 0);
    },
  },
  {
    name: 'hr-import-activities',
    async run(page, { server }) {
      const hrCookie = await apiLogin(server, 'hr');
      const people = await apiGet<{ items: { employeeNo: string }[] }>(
        server,
        hrCookie,
        '/employees?status=regular&limit=5',
      );
      const employeeNo = people.items[0]?.employeeNo;
      assert.ok(employeeNo, 'need a regular employee');
      // A report title above the header, as CRM exports have it; the last row's date does not exist.
      const csv = [
        'E2E 销售活动明细（2025年3月）',
        '日期,工号,类型,金额,客户',
        `2025/3/3,${employeeNo},订单,"1,280.00",E2E 导入客户甲`,
        `2025/3/4,${employeeNo},回款,640.5,E2E 导入客户乙`,
        `2025/2/30,${employeeNo},订单,99,E2E 导入客户丙`,
      ].join('\n');

      await signIn(page, 'hr');
      await page.getByTestId('nav-imports').click();
      await page.waitForURL('**/imports', { timeout: STEP_TIMEOUT });
      await page.getByTestId('import-kind-activities').click();
      await page
        .getByTestId('import-dragger')
        .locator('input[type=file]')
        .setInputFiles({ name: 'e2e-activities.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });

      // Mapping: the header row below the title is found and every column is suggested.
      const info = page.getByTestId('import-file-info');
      await info.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const infoText = squash(await info.textContent());
      assert.ok(infoText.includes('第 2 行') && infoText.includes('共 3 行'), `file info: ${infoText}`);
      const expected: Record<string, string> = {
        occurredAt: '日期',
        employeeNo: '工号',
        type: '类型',
        amount: '金额',
        customerName: '客户',
      };
      for (const [field, header] of Object.entries(expected)) {
        const selected = squash(await page.getByTestId(`mapping-select-${field}`).textContent());
        assert.equal(selected, header, `suggested column for ${field}`);
        const confidence = await page.getByTestId(`mapping-confidence-${field}`).getAttribute('data-confidence');
        assert.equal(confidence, 'high', `confidence for ${field}`);
      }
      assert.equal(await page.getByTestId('mapping-confidence-email').getAttribute('data-confidence'), 'none');

      // Preview: two valid rows, the bad date on spreadsheet row 5.
      await page.getByTestId('import-validate').click();
      const invalidCount = page.getByTestId('import-invalid-count');
      await invalidCount.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const digits = async (testId: string) =>
        Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/[^\d]/g, ''));
      assert.equal(await digits('import-invalid-count'), 1);
      assert.equal(await digits('import-valid-count'), 2);
      const invalidRows = page.getByTestId('import-rows-invalid');
      await waitFor('the invalid row with its reason', async () => {
        const text = squash(await invalidRows.textContent());
        return text.includes('日期不存在') && text.includes('E2E 导入客户丙');
      });
      assert.ok(await page.getByTestId('import-mode-all_or_nothing').isDisabled(), 'all-or-nothing is disabled');
      assert.equal(await page.getByTestId('import-rejected-download').count(), 1);
      await page.getByTestId('import-mode-valid_only').check();
      await page.getByTestId('import-commit').click();

      // Commit: the progress reaches the result.
      const created = page.getByTestId('import-result-created');
      await created.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(squash(await created.textContent()), '2');
      assert.equal(squash(await page.getByTestId('import-result-skipped').textContent()), '1');
      assert.equal(squash(await page.getByTestId('import-result-unmatched').textContent()), '0');
      assert.match(squash(await page.getByTestId('import-progress-text').textContent()), /2 \/ 2/);
      await page.getByTestId('import-new').click();
      const recent = page.getByTestId('imports-recent');
      await waitFor('the import in the recent list', async () =>
        squash(await recent.textContent()).includes('e2e-activities.csv'),
      );
    },
  },
  {
    name: 'hr-custom-metrics',
    async run(page, { server }) {
      const hrCookie = await apiLogin(server, 'hr');
      const people = await apiGet<{ items: { id: string; name: string; employeeNo: string }[] }>(
        server,
        hrCookie,
        '/employees?status=regular&limit=5',
      );
      const person = people.items[0];
      assert.ok(person, 'need a regular employee');

      await signIn(page, 'hr');
      await page.getByTestId('nav-metrics').click();
      await page.waitForURL('**/metrics', { timeout: STEP_TIMEOUT });
      await page.getByTestId('metric-row-revenue').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });

      // An aggregate: order amounts of high-value customers, explained in words as it is built.
      await page.getByTestId('metric-new').click();
      const builder = page.getByTestId('metric-builder');
      await builder.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await builder.getByTestId('metric-key').fill('hv_revenue');
      await builder.getByTestId('metric-name-zh').fill('高价值客户订单金额');
      await builder.getByTestId('metric-name-en').fill('High-value revenue');
      await chooseOption(page, builder.getByTestId('metric-types'), '订单', /^订单$/);
      await page.keyboard.press('Escape');
      await chooseOption(page, builder.getByTestId('metric-tiers'), '', '高价值');
      await page.keyboard.press('Escape');
      const summary = builder.getByTestId('metric-summary');
      await waitFor('the summary of the definition', async () =>
        squash(await summary.textContent()).includes('订单金额合计，仅高价值客户'),
      );
      await builder.getByTestId('metric-save').click();
      // Saving recomputes the metric for the whole demo company.
      await builder.waitFor({ state: 'hidden', timeout: 60_000 });
      const row = page.getByTestId('metric-row-hv_revenue');
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await row.textContent()).includes('高价值客户订单金额'));
      await waitFor(
        'version 1',
        async () => squash(await row.getByTestId('metric-version-hv_revenue').textContent()) === '1',
      );

      // A new name makes version 2; the history lists both.
      await row.getByTestId('metric-edit').click();
      await builder.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const nameZh = builder.getByTestId('metric-name-zh');
      await waitFor('the definition in the form', async () => (await nameZh.inputValue()) === '高价值客户订单金额');
      await nameZh.fill('高价值客户订单额');
      await builder.getByTestId('metric-save').click();
      await builder.waitFor({ state: 'hidden', timeout: 60_000 });
      await waitFor(
        'version 2',
        async () => squash(await row.getByTestId('metric-version-hv_revenue').textContent()) === '2',
      );
      await row.getByTestId('metric-history-open').click();
      const history = page.getByTestId('metric-history');
      await history.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const versions = history.getByTestId('metric-version');
      await waitFor('two versions', async () => (await versions.count()) === 2);
      assert.equal(await versions.nth(0).getAttribute('data-version'), '2');
      assert.equal(squash(await versions.nth(0).getByTestId('metric-version-name').textContent()), '高价值客户订单额');
      assert.equal(
        squash(await versions.nth(1).getByTestId('metric-version-name').textContent()),
        '高价值客户订单金额',
      );
      assert.ok(
        squash(await versions.nth(1).textContent()).includes('仅高价值客户'),
        'versions are described in words',
      );
      await page.keyboard.press('Escape');
      await history.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      // A manual metric, and one value entered for one person.
      await page.getByTestId('metric-new').click();
      await builder.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await builder.getByTestId('metric-key').fill('coach_score');
      await builder.getByTestId('metric-name-zh').fill('辅导评分');
      await builder.getByTestId('metric-name-en').fill('Coaching score');
      await builder.getByTestId('metric-kind-manual').click();
      await chooseOption(page, builder.getByTestId('metric-unit'), '', /^分值$/);
      await waitFor('the manual summary', async () => squash(await summary.textContent()).includes('人工录入'));
      await builder.getByTestId('metric-save').click();
      await builder.waitFor({ state: 'hidden', timeout: 60_000 });
      const manualRow = page.getByTestId('metric-row-coach_score');
      await manualRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await manualRow.getByTestId('metric-kind').textContent()).includes('手工录入'));

      await manualRow.getByTestId('metric-enter-value').click();
      const modal = page.getByTestId('manual-value-modal');
      await modal.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the metric to be preselected', async () =>
        squash(await modal.getByTestId('manual-value-metric').textContent()).includes('辅导评分'),
      );
      await chooseOption(page, modal.getByTestId('manual-value-employee'), person.employeeNo, person.employeeNo);
      await modal.getByTestId('manual-value-input').fill('88.5');
      await page.getByTestId('manual-value-save').click();
      await modal.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      type Series = { points: { metric: string; periodStart: string; value: string; source: string }[] };
      const series = await apiGet<Series>(
        server,
        hrCookie,
        `/metric-values?employeeId=${person.id}&metric=coach_score&periodType=month`,
      );
      const point = series.points.find((p) => p.metric === 'coach_score');
      assert.ok(point, `no manual value stored: ${JSON.stringify(series)}`);
      assert.equal(Number(point.value), 88.5);
      assert.equal(point.source, 'manual');

      // The person's metrics show the value, marked as entered by hand.
      await page.goto(`/people/${person.id}?tab=metrics`);
      const cell = page.getByTestId(`metric-cell-coach_score-${point.periodStart}`);
      await waitFor('the manual value on the person’s metrics', async () =>
        squash(await cell.textContent()).includes('88.50'),
      );
      assert.equal(
        squash(await page.getByTestId(`metric-source-coach_score-${point.periodStart}`).textContent()),
        '手工',
      );
      await page.getByTestId('person-enter-value').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    },
  },
  {
    name: 'employee-proposes-target-manager-agrees',
    async run(page, { browser }) {
      // The employee proposes a target for next month on "我的目标".
      await signIn(page, 'employee');
      await page.getByTestId('nav-my-targets').click();
      await page.waitForURL('**/my-targets', { timeout: STEP_TIMEOUT });
      await page.getByTestId('target-propose').click();
      const form = page.getByTestId('target-form');
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the metric to be preselected', async () =>
        squash(await form.getByTestId('target-form-metric').textContent()).includes('订单金额'),
      );
      // A target of zero is refused with the reason, in the form, and nothing is proposed.
      await form.getByTestId('target-form-value').fill('0');
      await page.getByTestId('target-form-save').click();
      await waitFor('the zero target to be refused', async () => squash(await form.textContent()).includes('大于零'));
      await form.getByTestId('target-form-value').fill('123456');
      await page.getByTestId('target-form-save').click();
      await form.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      const row = page.locator('tr', { hasText: '123,456' });
      await waitFor('the proposal on my targets', async () =>
        squash(await row.getByTestId('target-status').textContent()).includes('待确认'),
      );

      // The manager agrees on the targets page.
      const managerContext = await browser.newContext({ baseURL: new URL(page.url()).origin, locale: 'zh-CN' });
      try {
        const manager = await managerContext.newPage();
        await signIn(manager, 'manager');
        await manager.goto('/targets');
        const proposal = manager.locator('tr', { hasText: '123,456' });
        await proposal.getByTestId('target-agree').click();
        await waitFor('the target to be agreed', async () =>
          squash(await proposal.getByTestId('target-status').textContent()).includes('已确认'),
        );
      } finally {
        await managerContext.close();
      }

      // The employee sees it agreed, with its history.
      await page.reload();
      await waitFor('the agreed target on my targets', async () =>
        squash(await row.getByTestId('target-status').textContent()).includes('已确认'),
      );
      await row.getByTestId('target-history-open').click();
      await waitFor('the history', async () =>
        squash(await page.getByTestId('target-history').textContent()).includes('确认'),
      );
    },
  },
  {
    name: 'hr-scorecards-preview',
    async run(page, { server }) {
      const hrCookie = await apiLogin(server, 'hr');
      // A tenured 销售代表 of the demo company, to preview with the seeded tenured template.
      const people = await apiGet<{ items: { id: string; name: string; position: { name: string } | null }[] }>(
        server,
        hrCookie,
        '/employees?status=regular&limit=100',
      );
      let person: { id: string; name: string } | null = null;
      for (const p of people.items.filter((x) => x.position?.name === '销售代表')) {
        const a = await apiGet<{ stage: string }>(
          server,
          hrCookie,
          `/scorecard-templates/applicable?employeeId=${p.id}`,
        );
        if (a.stage === 'tenured') {
          person = p;
          break;
        }
      }
      assert.ok(person, 'need a tenured salesperson');

      await signIn(page, 'hr');
      await page.getByTestId('nav-scorecards').click();
      await page.waitForURL('**/scorecards', { timeout: STEP_TIMEOUT });
      const names = page.getByTestId('template-name-cell');
      await waitFor('the three seeded templates', async () => (await names.count()) === 3);
      const all = (await names.allTextContents()).map(squash);
      for (const n of ['销售代表 · 试用期', '销售代表 · 转正后前 6 个月', '销售代表 · 成熟期'])
        assert.ok(all.includes(n), n);

      const row = page.locator('[data-testid^="template-row-"]').filter({ hasText: '销售代表 · 成熟期' });
      await row.getByTestId('template-open').click();
      const editor = page.getByTestId('template-editor');
      await editor.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the loaded definition', async () =>
        squash(await editor.getByTestId('weight-total').textContent()).endsWith('100'),
      );
      assert.equal(await editor.locator('[data-testid^="dimension-"]').count(), 4);
      await page.keyboard.press('Escape');
      await editor.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      await row.getByTestId('template-preview').click();
      const drawer = page.getByTestId('template-preview-drawer');
      await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await chooseOption(page, drawer.getByTestId('preview-person'), person.name, person.name);
      const now = new Date();
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      await drawer.getByTestId('preview-period').click();
      await page.keyboard.type(last.toISOString().slice(0, 7));
      await page.keyboard.press('Enter');
      await drawer.getByTestId('preview-run').click();
      const total = drawer.getByTestId('preview-total');
      await waitFor('a total', async () => /\d+\.\d\d/.test(squash(await total.textContent())));
      const rows = drawer.getByTestId('preview-indicators').locator('tbody tr.ant-table-row');
      await waitFor('the indicators', async () => (await rows.count()) === 7);
      assert.ok(squash(await drawer.getByTestId('preview-grade').textContent()).length > 0);
      assert.ok(squash(await drawer.textContent()).includes('尚未评分'), 'ratings show as missing');
    },
  },
  {
    name: 'mobile-375',
    context: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    async run(page) {
      await signIn(page, 'hr');
      await page.goto('/people');
      await waitFor('people rows', async () => (await page.getByTestId('person-link').count()) > 0);
      const toggle = page.getByTestId('nav-toggle');
      await toggle.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await toggle.click();
      const orgLink = page.getByTestId('nav-org');
      await orgLink.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await orgLink.click();
      await page.waitForURL('**/org', { timeout: STEP_TIMEOUT });
      await waitFor('the drawer to close', async () => !(await page.getByTestId('nav-org').isVisible()));
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= 375 + 1, `page should not scroll horizontally at 375px (scrollWidth ${width})`);
    },
  },
  {
    name: 'hr-probation-review',
    async run(page, { server }) {
      type Review = { id: string; employee: { id: string; name: string }; status: string; probationEndDate: string };
      const hrCookie = await apiLogin(server, 'hr');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      // The demo company starts with the reviews the daily job would have opened (probation ending within 30 days).
      const reviews = (await apiGet<{ items: Review[] }>(server, hrCookie, '/probation-reviews')).items;
      const open = reviews.filter((r) => r.status === 'open' && r.probationEndDate >= today);
      const reviewed = new Set(reviews.map((r) => `${r.employee.id}:${r.probationEndDate}`));
      const people = await apiGet<{ items: { id: string; name: string; probationEndDate: string | null }[] }>(
        server,
        hrCookie,
        '/employees?status=probation&limit=100',
      );
      // Someone in probation without a review yet (a longer probation), to open one by hand.
      const candidate = people.items
        .filter(
          (p) => p.probationEndDate && p.probationEndDate >= today && !reviewed.has(`${p.id}:${p.probationEndDate}`),
        )
        .sort((a, b) => (a.probationEndDate ?? '').localeCompare(b.probationEndDate ?? ''))[0];
      assert.ok(open.length + (candidate ? 1 : 0) >= 2, 'need two people in probation to decide on');

      await signIn(page, 'hr');
      await page.getByTestId('nav-probation').click();
      await page.waitForURL('**/probation-reviews', { timeout: STEP_TIMEOUT });
      await page.getByTestId('probation-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const drawer = page.getByTestId('probation-drawer');

      // HR opens a review: by hand for the candidate, else the soonest open one from the list.
      let toFail: Review;
      if (candidate) {
        await page.getByTestId('probation-open').click();
        await chooseOption(page, page.getByTestId('probation-open-person'), candidate.name, candidate.name);
        await page.getByTestId('probation-open-confirm').click();
        toFail = { id: '', employee: { id: candidate.id, name: candidate.name }, status: 'open', probationEndDate: '' };
      } else {
        toFail = open.shift()!;
        await waitFor('the open reviews', async () => (await page.getByTestId('probation-view').count()) > 0);
        await page.locator('tr', { hasText: toFail.employee.name }).getByTestId('probation-view').click();
      }
      await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the review of the person', async () => {
        const text = squash(await drawer.textContent());
        return text.includes(toFail.employee.name) && text.includes('待决定');
      });
      await waitFor(
        'the probation scorecard',
        async () => (await drawer.getByTestId('probation-indicators').locator('tbody tr.ant-table-row').count()) > 0,
      );

      // Not pass: refused without the conditions and reasons, then recorded with them.
      await drawer.getByTestId('probation-fail').click();
      const failForm = page.getByTestId('probation-fail-form');
      await failForm.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('probation-fail-confirm').click();
      await waitFor(
        'the missing fields to be flagged',
        async () => (await failForm.locator('.ant-form-item-explain-error').count()) >= 3,
      );
      await failForm
        .getByTestId('probation-fail-conditions')
        .fill('每月订单金额不低于 3 万元；每月拜访客户不少于 6 次。');
      await failForm.getByTestId('probation-reason-condition-0').fill('每月订单金额不低于 3 万元');
      await failForm.getByTestId('probation-reason-evidence-0').fill('E2E：上月订单金额 2,000 元（CRM 记录）');
      await failForm.getByTestId('probation-reason-add').click();
      await failForm.getByTestId('probation-reason-condition-1').fill('每月拜访客户不少于 6 次');
      await failForm.getByTestId('probation-reason-evidence-1').fill('E2E：上月拜访 1 次');
      await page.getByTestId('probation-fail-confirm').click();
      await failForm.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      const decision = drawer.getByTestId('probation-decision');
      await waitFor('the recorded decision', async () => {
        const text = squash(await decision.textContent());
        return (
          text.includes('上月拜访 1 次') &&
          squash(await drawer.getByTestId('probation-status').textContent()) === '不通过'
        );
      });
      // The notice link is there, and it serves a DOCX to HR.
      const href = await drawer.getByTestId('probation-notice').getAttribute('href');
      assert.ok(
        href && /^\/api\/v1\/probation-reviews\/[0-9a-f-]{36}\/notice\.docx$/.test(href),
        `notice link ${href}`,
      );
      const notice = await fetch(`${server.baseURL}${href}`, { headers: { Cookie: hrCookie } });
      assert.equal(notice.status, 200);
      assert.equal(
        Buffer.from(await notice.arrayBuffer())
          .subarray(0, 2)
          .toString(),
        'PK',
      );
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      // Pass another: regularized from the day after the probation end.
      const toPass = open.find((r) => r.employee.id !== toFail.employee.id)!;
      const row = page.locator('tr', { hasText: toPass.employee.name });
      await row.getByTestId('probation-view').click();
      await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the second review', async () => squash(await drawer.textContent()).includes(toPass.employee.name));
      await drawer.getByTestId('probation-pass').click();
      await page.getByTestId('probation-pass-form').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('probation-pass-confirm').click();
      await waitFor('the person to be regularized', async () =>
        squash(await drawer.getByTestId('probation-status').textContent()).includes('已转正'),
      );
      const person = await apiGet<{ status: string; regularizationDate: string }>(
        server,
        hrCookie,
        `/employees/${toPass.employee.id}`,
      );
      assert.equal(person.status, 'regular');
      const dayAfter = new Date(Date.parse(toPass.probationEndDate) + 86_400_000).toISOString().slice(0, 10);
      assert.equal(person.regularizationDate, dayAfter);
    },
  },
  {
    name: 'hr-review-cycle',
    async run(page, { server }) {
      // A small sales team, to keep the cycle quick: the leaf unit with the fewest people.
      const hrCookie = await apiLogin(server, 'hr');
      type Unit = { id: string; name: string; parentId: string | null; headcount: number };
      const units = (await apiGet<{ items: Unit[] }>(server, hrCookie, '/org-units')).items;
      const leaves = units.filter((u) => u.headcount > 0 && !units.some((c) => c.parentId === u.id));
      const team = leaves.filter((u) => u.name.endsWith('组')).sort((a, b) => a.headcount - b.headcount)[0];
      assert.ok(team, 'need a sales team');
      const cycleName = `E2E 考核 ${team.name}`;

      // HR creates the cycle through the drawer: name, one unit, the default period (last month).
      await signIn(page, 'hr');
      await page.getByTestId('nav-review-cycles').click();
      await page.waitForURL('**/review-cycles', { timeout: STEP_TIMEOUT });
      await page.getByTestId('cycle-new').click();
      const drawer = page.getByTestId('cycle-form');
      await drawer.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('a suggested name', async () => (await drawer.getByTestId('cycle-name').inputValue()).length > 0);
      await drawer.getByTestId('cycle-name').fill(cycleName);
      const unitSelect = drawer.getByTestId('cycle-units');
      await unitSelect.click();
      await unitSelect.locator('input').first().pressSequentially(team.name);
      await page.locator('.ant-select-tree-title').filter({ hasText: team.name, visible: true }).first().click();
      await page.keyboard.press('Escape');
      await waitFor('the unit to be chosen', async () => squash(await unitSelect.textContent()).includes(team.name));
      await page.getByTestId('cycle-save').click();
      await page.waitForURL(/\/review-cycles\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT });
      const cyclePage = page.getByTestId('review-cycle-page');
      const stageIs = (stage: string) =>
        waitFor(`the cycle in ${stage}`, async () => (await cyclePage.getAttribute('data-stage')) === stage);
      await stageIs('draft');
      assert.ok(squash(await page.getByTestId('cycle-title').textContent()).includes(cycleName));

      // Launch: the confirmation lists anyone left out, then the population is scored.
      await page.getByTestId('cycle-launch').click();
      await page.getByTestId('cycle-action-modal').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('cycle-action-confirm').click();
      await stageIs('self_review');
      const totals = page.getByTestId('participants-table').getByTestId('participant-total');
      await waitFor('participants with totals', async () => (await totals.count()) > 0);
      for (const total of await totals.allTextContents()) assert.match(squash(total), /^\d+\.\d\d$/);

      // Advance through the manager review to calibration (no peer reviews in this cycle).
      for (const [label, stage] of [
        ['上级评价', 'manager_review'],
        ['绩效校准', 'calibration'],
      ] as const) {
        const advance = page.getByTestId('cycle-advance');
        await waitFor(`the advance button for ${label}`, async () =>
          squash(await advance.textContent()).includes(label),
        );
        await advance.click();
        await page.getByTestId('cycle-action-modal').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await page.getByTestId('cycle-action-confirm').click();
        await stageIs(stage);
        await page.getByTestId('cycle-action-modal').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      }

      // Calibration: one grade changes, with a reason; the row is marked as adjusted.
      await page.getByTestId('tab-calibration').click();
      const board = page.getByTestId('calibration-tab');
      await board.getByTestId('calibration-chart').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const row = board.locator('[data-testid^="calibration-row-"]').first();
      await row.getByTestId('participant-adjust').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const person = squash(await row.getByTestId('participant-link').textContent());
      const before = squash(await row.getByTestId('grade-value').textContent());
      const after = before === 'A' ? 'B' : 'A';
      const reason = 'E2E：校准会上确认其大客户贡献未计入指标';
      await row.getByTestId('participant-adjust').click();
      const modal = page.getByTestId('adjust-modal');
      await modal.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await chooseOption(page, modal.getByTestId('adjust-grade'), '', new RegExp(`^${after}$`));
      await modal.getByTestId('adjust-reason').fill(reason);
      await page.getByTestId('adjust-save').click();
      await modal.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      const adjusted = board.locator('[data-testid^="calibration-row-"]', { hasText: person });
      await waitFor('the adjusted grade on the board', async () => {
        const grade = squash(await adjusted.getByTestId('grade-value').textContent());
        return grade === after && (await adjusted.getAttribute('data-adjusted')) === 'true';
      });

      // Rating changes: the change with its reason, and the XLSX export.
      await page.getByTestId('tab-rating-changes').click();
      const changes = page.getByTestId('rating-changes-table');
      await waitFor('the change in the list', async () => {
        const text = squash(await changes.textContent());
        return text.includes(person) && text.includes(reason) && text.includes(before) && text.includes('绩效校准');
      });
      const href = await page.getByTestId('rating-changes-export').getAttribute('href');
      assert.ok(href, 'the export is a link');
      assert.match(href, /\/rating-changes\.xlsx$/);
      const download = await page.request.get(href);
      assert.equal(download.status(), 200);
      assert.match(download.headers()['content-type'] ?? '', /spreadsheetml/);
    },
  },
  {
    name: 'employee-my-reviews',
    async run(page, { server }) {
      const hrCookie = await apiLogin(server, 'hr');
      const employeeCookie = await apiLogin(server, 'employee');
      const me = await apiGet<{ user: { employeeId: string | null } }>(server, employeeCookie, '/auth/me');
      assert.ok(me.user.employeeId, 'the demo employee account should be linked to a person');
      const person = await apiGet<{ unit: { id: string } | null }>(
        server,
        hrCookie,
        `/employees/${me.user.employeeId}`,
      );
      assert.ok(person.unit, 'the demo employee should belong to a unit');

      // A self review needs a rating indicator the person rates themselves; add one to their template if it
      // has none (the demo templates rate behaviour only from the tenured stage on).
      type Indicator = { kind: string; rule: { type: string; raters?: { rater: string }[] } };
      type Template = {
        id: string;
        name: string;
        positions: { id: string }[];
        stages: string[];
        currentVersion: number;
        definition: { dimensions: { key: string; weight: string; indicators: Indicator[] }[] };
      };
      const applicable = await apiGet<{ template: Template | null }>(
        server,
        hrCookie,
        `/scorecard-templates/applicable?employeeId=${me.user.employeeId}`,
      );
      const template = applicable.template;
      assert.ok(template, 'the demo employee should have a scorecard template');
      const ratesSelf = template.definition.dimensions.some((d) =>
        d.indicators.some((i) => i.rule.type === 'rubric' && i.rule.raters?.some((r) => r.rater === 'self')),
      );
      if (!ratesSelf) {
        const dimensions: unknown[] = template.definition.dimensions.map((d) => ({ ...d }));
        const widest = template.definition.dimensions.reduce((a, b) => (Number(b.weight) > Number(a.weight) ? b : a));
        (dimensions[template.definition.dimensions.indexOf(widest)] as { weight: string }).weight = String(
          Number(widest.weight) - 10,
        );
        const level = (n: number, label: string, points: string) => ({ level: n, label, description: label, points });
        dimensions.push({
          key: 'e2e_conduct',
          name: '行为规范',
          weight: '10',
          indicators: [
            {
              key: 'e2e_conduct',
              name: '行为规范',
              kind: 'rating',
              weight: '100',
              rule: {
                type: 'rubric',
                rubric: [level(1, '待改进', '40'), level(2, '达标', '80'), level(3, '优秀', '100')],
                raters: [
                  { rater: 'manager', weight: '70' },
                  { rater: 'self', weight: '30' },
                ],
              },
            },
          ],
        });
        const res = await fetch(`${server.baseURL}/api/v1/scorecard-templates/${template.id}`, {
          method: 'PUT',
          headers: { Cookie: hrCookie, Origin: server.origin, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            name: template.name,
            positionIds: template.positions.map((p) => p.id),
            stages: template.stages,
            definition: { ...template.definition, dimensions },
            expectedVersion: template.currentVersion,
          }),
        });
        assert.equal(res.status, 200, `PUT template: ${await res.text()}`);
      }

      // HR opens a cycle in self review for the employee's unit (through the API).
      const now = new Date();
      const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
      const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const cycleName = 'E2E 自评周期';
      const cycle = await apiPost<{ id: string; version: number }>(server, hrCookie, '/review-cycles', {
        name: cycleName,
        kind: 'monthly',
        periodType: 'month',
        periodStart: lastMonth,
        population: { unitIds: [person.unit.id] },
        deadlines: { self: due },
      });
      const launched = await apiPost<{ stage: string }>(server, hrCookie, `/review-cycles/${cycle.id}/launch`, {
        expectedVersion: cycle.version,
      });
      assert.equal(launched.stage, 'self_review');

      // The employee finds the form on 我的考核 and opens it.
      await signIn(page, 'employee');
      await page.getByTestId('nav-my-reviews').click();
      await page.waitForURL('**/my-reviews', { timeout: STEP_TIMEOUT });
      const inboxRow = page.locator('[data-testid^="inbox-row-"]', { hasText: cycleName });
      await inboxRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await inboxRow.getByTestId('inbox-kind').textContent()).includes('自评'));
      assert.ok(squash(await inboxRow.getByTestId('inbox-status').textContent()).includes('待提交'));
      await inboxRow.getByTestId('inbox-form-link').click();
      await page.waitForURL(/\/review-forms\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT });
      const formId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const formPage = page.getByTestId('review-form-page');
      await formPage.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.equal(await formPage.getAttribute('data-editable'), 'true');
      const cards = page.getByTestId('rubric-card');
      await waitFor('the rubric of each indicator', async () => (await cards.count()) > 0);

      // Submitting with nothing rated answers the server's field errors, shown on each indicator.
      await page.getByTestId('form-submit').click();
      await page.getByTestId('form-error').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor(
        'an error on every indicator',
        async () => (await page.getByTestId('rubric-error').count()) === (await cards.count()),
      );

      // Rate each indicator (the highest level but one, when there is one), comment and submit.
      const count = await cards.count();
      for (let i = 0; i < count; i++) {
        const options = cards.nth(i).getByTestId('rubric-option');
        const n = await options.count();
        assert.ok(n > 0, 'each indicator lists its rubric levels');
        assert.ok(squash(await cards.nth(i).textContent()).length > 0);
        await options.nth(n > 1 ? 1 : 0).click();
      }
      await waitFor('no unrated indicator left', async () => (await page.getByTestId('rubric-unrated').count()) === 0);
      await page.getByTestId('form-comment').fill('E2E：本月拜访量稳定，继续提升高价值客户跟进。');
      await page.getByTestId('form-submit').click();
      await waitFor('the form to be submitted', async () =>
        squash(await page.getByTestId('form-status').textContent()).includes('已提交'),
      );
      const stored = await apiGet<{ status: string; ratings: Record<string, number>; comment: string | null }>(
        server,
        employeeCookie,
        `/review-forms/${formId}`,
      );
      assert.equal(stored.status, 'submitted');
      assert.equal(Object.keys(stored.ratings).length, count);
      assert.ok(stored.comment?.includes('高价值客户'));

      // Back on 我的考核 the form shows as submitted.
      await page.getByTestId('nav-my-reviews').click();
      await page.waitForURL('**/my-reviews', { timeout: STEP_TIMEOUT });
      await waitFor('the submitted form in the inbox', async () =>
        squash(await inboxRow.getByTestId('inbox-status').textContent()).includes('已提交'),
      );
    },
  },
  {
    name: 'notifications-inbox',
    async run(page, { server }) {
      type Inbox = { items: { id: string; link: string | null; readAt: string | null }[]; unread: number };
      // The demo company's open review cycles give the employee "form open" notifications.
      const employeeCookie = await apiLogin(server, 'employee');
      const before = await apiGet<Inbox>(server, employeeCookie, '/notifications?unread=true&limit=100');
      assert.ok(before.unread > 0, 'the demo employee starts with unread notifications');

      await signIn(page, 'employee');
      const count = page.getByTestId('notification-count');
      const shownCount = async () => ((await count.count()) > 0 ? Number(await count.getAttribute('data-count')) : 0);
      const initial = await waitFor('the unread count on the bell', async () => {
        const n = await shownCount();
        return n > 0 ? n : null;
      });
      assert.equal(initial, before.unread, 'the bell shows the unread count');
      assert.equal(squash(await count.textContent()), initial > 99 ? '99+' : String(initial));

      // The bell's dropdown lists the latest, unread ones marked; clicking one opens its link and reads it.
      await page.getByTestId('notification-bell').click();
      const panel = page.getByTestId('notification-panel');
      await panel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const unreadItems = panel.locator('[data-testid="notification-item"][data-unread="true"]:not([data-link=""])');
      await waitFor('an unread notification with a link', async () => (await unreadItems.count()) > 0);
      const item = unreadItems.first();
      const link = (await item.getAttribute('data-link')) ?? '';
      assert.match(link, /^\/review-(forms|participants)\/[0-9a-f-]{36}$/);
      assert.ok(squash(await item.getByTestId('notification-title').textContent()).length > 0);
      await item.click();
      await page.waitForURL((url) => url.pathname === link, { timeout: STEP_TIMEOUT });
      await waitFor('the unread count to drop', async () => (await shownCount()) === initial - 1);
      const after = await apiGet<Inbox>(server, employeeCookie, '/notifications?unread=true&limit=100');
      assert.equal(after.unread, before.unread - 1, 'the server counts one fewer unread');

      // 查看全部 opens the inbox; 全部标为已读 reads the rest, and the bell's count goes away.
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-view-all').click();
      await page.waitForURL('**/notifications', { timeout: STEP_TIMEOUT });
      const list = page.getByTestId('notifications-list');
      await list.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor(
        'the opened notification shown as read',
        async () =>
          (await list.locator(`[data-testid="notification-item"][data-link="${link}"][data-unread="false"]`).count()) >
          0,
      );
      // Without SMTP in this run, the email switch is off and disabled with the reason.
      await page.getByTestId('notification-email-unavailable').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(await page.getByTestId('notification-email-switch').isDisabled());

      const markAll = page.getByTestId('notifications-mark-all');
      if (initial > 1) {
        await markAll.click();
        await waitFor(
          'no unread notification in the list',
          async () => (await list.locator('[data-testid="notification-item"][data-unread="true"]').count()) === 0,
        );
      }
      await waitFor('the bell count to go away', async () => (await count.count()) === 0);
      await waitFor('mark all read to be disabled', async () => markAll.isDisabled());
      const done = await apiGet<Inbox>(server, employeeCookie, '/notifications?unread=true&limit=100');
      assert.equal(done.unread, 0);
      assert.equal(done.items.length, 0);

      // The unread filter now shows nothing.
      await page.getByTestId('notifications-filter').getByText('未读').click();
      await page.getByText('没有未读通知').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    },
  },
  {
    name: 'hr-severance-calculator',
    async run(page) {
      await signIn(page, 'hr');
      await page.getByTestId('nav-severance-calculator').click();
      await page.waitForURL('**/calculators/severance', { timeout: STEP_TIMEOUT });
      /** The typed input of a DatePicker (the test id may sit on its wrapper). */
      const dateInput = async (testId: string) => {
        const el = page.getByTestId(testId);
        return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input').first();
      };
      const setDate = async (testId: string, iso: string) => {
        const input = await dateInput(testId);
        await input.click();
        await input.fill(iso);
        await input.press('Enter');
        await waitFor(`${testId} = ${iso}`, async () => (await input.inputValue()) === iso);
      };
      const value = (testId: string) => page.getByTestId(testId).getAttribute('data-value');

      // The API contract example: 10,000 a month, 2022-03-01 to 2025-10-01, Art. 40(2), average 12,307.
      await page.getByTestId('severance-wage').fill('10000.00');
      await setDate('severance-start', '2022-03-01');
      await setDate('severance-end', '2025-10-01');
      await chooseOption(page, page.getByTestId('severance-ground'), '', '不能胜任工作');
      await page.getByTestId('severance-average').fill('12307.00');
      await page.getByTestId('severance-calculate').click();
      await waitFor('severance 40000.00', async () => (await value('severance-severance')) === '40000.00');
      assert.match(squash(await page.getByTestId('severance-severance').textContent()), /40,000\.00/);
      assert.equal(await value('severance-noticePay'), '10000.00');
      assert.equal(await value('severance-unlawfulDamages'), '80000.00');
      assert.match(squash(await page.getByTestId('severance-months').textContent()), /N = 4/);
      // Every step is listed with its explanation, citing the article.
      const lines = page.getByTestId('severance-lines').locator('tbody tr[data-testid^="severance-line-"]');
      assert.equal(await lines.count(), 11);
      const remainder = page.getByTestId('severance-line-remainder');
      assert.match(squash(await remainder.textContent()), /半月规则.*六个月以上的按一年计算.*第四十七条/);
      assert.equal(await remainder.getByTestId('severance-line-value').getAttribute('data-value'), '1');
      assert.match(squash(await page.getByTestId('severance-line-unlawfulDamages').textContent()), /第八十七条/);

      // A termination before the start: the specific error, no result.
      await setDate('severance-end', '2021-12-31');
      await page.getByTestId('severance-calculate').click();
      await waitFor('the end-before-start error', async () =>
        squash(await page.getByTestId('severance-error').textContent()).includes('解除或终止日期早于入职日期'),
      );
      assert.equal(await page.getByTestId('severance-result').count(), 0);

      // By city: the demo figure of Shanghai for the year before the termination.
      await setDate('severance-end', '2025-10-01');
      await page.getByTestId('severance-average-source').getByText('按城市查询').click();
      await chooseOption(page, page.getByTestId('severance-city'), '', '上海');
      await page.getByTestId('severance-calculate').click();
      await waitFor('the Shanghai 2024 figure', async () =>
        squash(await page.getByTestId('severance-line-localAverage').textContent()).includes('上海 2024 年度'),
      );
      assert.equal(await value('severance-severance'), '40000.00');

      // HR sees the city figures, shipped ones marked as such.
      await page.getByTestId('tab-city-wages').click();
      const table = page.getByTestId('city-wages-table');
      await waitFor('the city figures', async () => squash(await table.textContent()).includes('系统内置'));
    },
  },
  {
    name: 'hr-commission-plan',
    async run(page, { browser }) {
      await signIn(page, 'hr');
      await page.getByTestId('nav-incentives').click();
      await page.waitForURL('**/incentives', { timeout: STEP_TIMEOUT });
      await page.getByRole('tab', { name: '提成方案' }).click();
      await page.getByTestId('cplan-create').click();
      await page.getByTestId('cplan-name').fill('E2E 阶梯提成');
      // Two tiers are prefilled (0–100,000 at 2%, 100,000+ at 3%); leave a gap before the second.
      const from1 = page.getByTestId('tier-1-from');
      const input1 = (await from1.evaluate((e) => e.tagName)) === 'INPUT' ? from1 : from1.locator('input').first();
      await input1.fill('120000');
      await page.getByTestId('cplan-save').click();
      const errors = page.getByTestId('incentive-field-errors');
      await waitFor('the gap error on tiers.1.from', async () =>
        squash(await errors.textContent().catch(() => '')).includes('tiers.1.from'),
      );
      assert.match(squash(await errors.textContent()), /断档/);
      // Fixed: the plan is saved and listed.
      await input1.fill('100000');
      await page.getByTestId('cplan-save').click();
      const table = page.getByTestId('cplan-table');
      await waitFor('the plan in the list', async () =>
        squash(await table.textContent().catch(() => '')).includes('E2E 阶梯提成'),
      );
      // Statements of the plan (the demo company has revenue last month): each line explained on expanding.
      await page.getByRole('tab', { name: '提成明细' }).click();
      const statements = page.getByTestId('statement-table');
      await waitFor('the statements', async () => (await statements.locator('tbody tr').count()) > 1);
      await statements.locator('.ant-table-row-expand-icon').first().click();
      await waitFor('the explained lines', async () =>
        squash(await page.getByTestId('statement-detail').first().textContent()).includes('超额累进'),
      );

      // The employee sees their own statement only, under 我的提成/奖金.
      const employeeContext = await browser.newContext({ baseURL: new URL(page.url()).origin, locale: 'zh-CN' });
      try {
        const employee = await employeeContext.newPage();
        await signIn(employee, 'employee');
        await employee.getByTestId('nav-my-incentives').click();
        await employee.waitForURL('**/my-incentives', { timeout: STEP_TIMEOUT });
        const own = employee.getByTestId('statement-table');
        await waitFor(
          'one statement, their own',
          async () => (await own.locator('tbody tr.ant-table-row').count()) === 1,
        );
      } finally {
        await employeeContext.close();
      }
    },
  },
  {
    name: 'hr-low-performer-pool',
    async run(page, { server }) {
      type Pool = { id: string; periodStart: string; entries: number };
      type Entry = {
        id: string;
        employee: { id: string; name: string };
        decision: string | null;
        canDecide: boolean;
        exitReviewAllowed: boolean;
      };
      const hrCookie = await apiLogin(server, 'hr');
      // The demo company starts with the pools of its last two closed months (the older one has the grades of the
      // closed review cycle); the page opens on the newest pool with people in it.
      const pools = (await apiGet<{ items: Pool[] }>(server, hrCookie, '/low-performer-pools')).items;
      const shown = pools.find((p) => p.entries > 0);
      assert.ok(shown, `the demo company has a pool with people in it: ${JSON.stringify(pools)}`);
      const entries = (await apiGet<{ items: Entry[] }>(server, hrCookie, `/low-performer-pools/${shown.id}`)).items;
      const person = entries.find((e) => e.canDecide && !e.decision);
      assert.ok(person, 'someone in the pool without a decision');

      await signIn(page, 'hr');
      await page.getByTestId('nav-pool').click();
      await page.waitForURL('**/low-performer-pool', { timeout: STEP_TIMEOUT });
      await page.getByTestId('pool-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const row = page.getByTestId('pool-table').locator(`tr[data-employee="${person.employee.id}"]`);
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok((await row.getByTestId('pool-reason').count()) > 0, 'the reasons are shown');
      // The suggestion explains on hover which rule of the policy gave it.
      await row.getByTestId('pool-suggestion').hover();
      await waitFor(
        'the suggestion explained',
        async () => (await page.locator('.ant-tooltip').filter({ hasText: '人员池', visible: true }).count()) > 0,
      );

      // Record a decision: the note is required; exit review is offered only where the policy allows it.
      await row.getByTestId('pool-decide').click();
      const form = page.getByTestId('pool-decision-form');
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('pool-decision-note').fill('');
      await page.getByTestId('pool-decision-confirm').click();
      await waitFor(
        'the missing note flagged',
        async () => (await form.locator('.ant-form-item-explain-error').count()) > 0,
      );
      await page.getByTestId('pool-decision-select').click();
      const exit = page.locator('.ant-select-item-option').filter({ hasText: '解除审查', visible: true });
      await exit.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const exitDisabled = (await exit.first().getAttribute('class'))?.includes('ant-select-item-option-disabled');
      assert.equal(
        exitDisabled,
        !person.exitReviewAllowed,
        'exit review offered only after a failed plan or on the list',
      );
      // Training, searched and chosen in the same open list (it starts on the suggestion's natural decision).
      const select = page.getByTestId('pool-decision-select');
      await select.locator('input').first().pressSequentially('培训');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^培训$/, visible: true })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      await waitFor('training chosen', async () => squash(await select.textContent()) === '培训');
      await page.getByTestId('pool-decision-note').fill('E2E：与本人面谈，安排两次大客户拜访培训');
      await page.getByTestId('pool-decision-confirm').click();
      await form.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      await waitFor(
        'the decision in the table',
        async () => (await row.getByTestId('pool-decision-tag').getAttribute('data-decision')) === 'training',
      );
      const after = (
        await apiGet<{ items: (Entry & { decisionNote: string })[] }>(
          server,
          hrCookie,
          `/low-performer-pools/${shown.id}`,
        )
      ).items.find((e) => e.id === person.id);
      assert.equal(after?.decision, 'training');
      assert.equal(after?.decisionNote, 'E2E：与本人面谈，安排两次大客户拜访培训');

      // The optimization list has its own tab with the rule it applies.
      await page.getByTestId('pool-tab-optimization').click();
      await page.getByTestId('pool-optimization-table').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    },
  },
  {
    name: 'hr-talent-review',
    async run(page, { server }) {
      type Placement = {
        employee: { id: string; name: string; employeeNo: string };
        box: string | null;
        version: number;
      };
      type Review = { id: string; placements: Placement[] };
      const hrCookie = await apiLogin(server, 'hr');
      // A talent review of the whole organization on the demo company's closed review cycle, two people rated.
      const cycles = (await apiGet<{ items: { id: string; stage: string }[] }>(server, hrCookie, '/review-cycles'))
        .items;
      const cycle = cycles.find((c) => c.stage === 'published' || c.stage === 'closed');
      assert.ok(cycle, 'the demo company has a published review cycle');
      const units = (await apiGet<{ items: { id: string; parentId: string | null }[] }>(server, hrCookie, '/org-units'))
        .items;
      const root = units.find((u) => u.parentId === null);
      assert.ok(root, 'a root unit');
      const review = await apiPost<Review>(server, hrCookie, '/talent-reviews', {
        name: 'E2E 人才盘点',
        unitId: root.id,
        cycleId: cycle.id,
      });
      assert.ok(review.placements.length >= 2, 'people with grades in the review');
      const person = review.placements[0];
      const ratings = { customer_insight: 4, negotiation: 4, collaboration: 4, leadership: 4 };
      const res = await fetch(
        `${server.baseURL}/api/v1/talent-reviews/${review.id}/placements/${person.employee.id}/ratings`,
        {
          method: 'PUT',
          headers: { Cookie: hrCookie, Origin: server.origin, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ratings, learningAgility: 4, version: person.version }),
        },
      );
      const text = await res.text();
      assert.equal(res.status, 200, `rate: ${text}`);
      const placed = JSON.parse(text) as Placement;
      assert.ok(placed.box, 'the rated person is placed');
      const target = placed.box === 'medium-medium' ? 'high-high' : 'medium-medium';

      await signIn(page, 'hr');
      await page.getByTestId('nav-talent').click();
      await page.waitForURL('**/talent', { timeout: STEP_TIMEOUT });
      await page.getByTestId('nine-box').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const chip = page.getByTestId(`box-${placed.box}`).getByTestId(`talent-person-${person.employee.employeeNo}`);
      await chip.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      // Drag the card to another box: the move asks for a reason before it can be confirmed.
      await chip.dragTo(page.getByTestId(`box-${target}`));
      const ok = page.getByTestId('talent-move-ok');
      await ok.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(await ok.isDisabled(), 'no move without a reason');
      await page.getByTestId('talent-move-reason').fill('E2E：校准会议认为潜力评价偏高');
      await ok.click();
      await page
        .getByTestId(`box-${target}`)
        .getByTestId(`talent-person-${person.employee.employeeNo}`)
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const history = await apiGet<{ items: { source: string; toBox: string; reason: string | null }[] }>(
        server,
        hrCookie,
        `/talent-reviews/${review.id}/placements/${person.employee.id}/history`,
      );
      const last = history.items.at(-1);
      assert.equal(last?.source, 'calibration');
      assert.equal(last?.toBox, target);
      assert.equal(last?.reason, 'E2E：校准会议认为潜力评价偏高');

      // The talent card opens beside the grid, with the radar of the ratings.
      await page.getByTestId(`box-${target}`).getByTestId(`talent-person-${person.employee.employeeNo}`).click();
      await page.getByTestId('talent-card').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('talent-radar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    },
  },
  {
    name: 'hr-im-channels',
    async run(page, { server }) {
      // A local stand-in for DingTalk that checks the 加签 signature as DingTalk does (the server allows
      // 127.0.0.1 through IM_WEBHOOK_ALLOW_HOSTS).
      const secret = 'SECe2e0123456789abcdef';
      const posts: { verified: boolean; text: string }[] = [];
      const stub = createHttpServer((req, res) => {
        let raw = '';
        req.on('data', (c: Buffer) => {
          raw += c.toString();
        });
        req.on('end', () => {
          const url = new URL(req.url ?? '/', 'http://stub');
          const ts = url.searchParams.get('timestamp') ?? '';
          const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
          const body = JSON.parse(raw || '{}') as { msgtype?: string; markdown?: { text?: string } };
          const verified =
            url.searchParams.get('access_token') === 'e2e-token' &&
            url.searchParams.get('sign') === expected &&
            Math.abs(Date.now() - Number(ts)) < 3_600_000 &&
            body.msgtype === 'markdown';
          posts.push({ verified, text: body.markdown?.text ?? '' });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(verified ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }),
          );
        });
      });
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      const port = (stub.address() as { port: number }).port;
      try {
        await signIn(page, 'hr');
        await page.getByTestId('nav-im-channels').click();
        await page.waitForURL('**/im-channels', { timeout: STEP_TIMEOUT });
        await page.getByTestId('im-channel-new').first().click();
        await page.getByTestId('im-channel-help').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        assert.match(squash(await page.getByTestId('im-channel-help').textContent()), /加签/);
        await page.getByTestId('im-channel-name').fill('E2E 销售群');
        await page.getByTestId('im-channel-webhook').fill(`http://127.0.0.1:${port}/robot/send?access_token=e2e-token`);
        await page.getByTestId('im-channel-secret').fill(secret);
        await page.getByTestId('im-channel-all-kinds').click();
        await page.getByTestId('im-channel-save').click();

        const row = page.locator('[data-testid="im-channels-table"] tr', { hasText: 'E2E 销售群' });
        await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        assert.ok(!squash(await row.textContent()).includes('e2e-token'), 'the webhook token is masked');
        await row.getByTestId('im-channel-test').click();
        const result = row.getByTestId('im-channel-test-result');
        await result.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        assert.equal(await result.getAttribute('data-ok'), 'true');
        assert.equal(posts.length, 1);
        assert.ok(posts[0].verified, 'the stub verified the signature');
        assert.match(posts[0].text, /E2E 销售群/);

        const cookie = await apiLogin(server, 'hr');
        const log = await apiGet<{ items: { imChannel: { name: string } | null; status: string }[] }>(
          server,
          cookie,
          '/notification-deliveries?channel=im',
        );
        assert.equal(log.items[0]?.imChannel?.name, 'E2E 销售群');
        assert.equal(log.items[0]?.status, 'sent');
        // The delivery log shows the group post under its bot.
        await page.goto('/notification-deliveries');
        await page
          .locator('[data-testid="delivery-bot"]', { hasText: 'E2E 销售群' })
          .first()
          .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      } finally {
        await new Promise<void>((resolve) => stub.close(() => resolve()));
      }
    },
  },
  {
    name: 'hr-alert-rule-preview',
    async run(page, { server }) {
      type Rule = { id: string; name: string; kind: string; params: Record<string, unknown>; version: number };
      type Preview = { alerts: number; people: { employee: { id: string; name: string } }[] };
      const hrCookie = await apiLogin(server, 'hr');
      const rules = (await apiGet<{ items: Rule[] }>(server, hrCookie, '/alert-rules')).items;
      const builtin = rules.find((r) => r.kind === 'attainment_below' && r.name.includes('达成率不足'));
      assert.ok(builtin, `the demo company has the built-in rule 达成率不足: ${rules.map((r) => r.name).join(', ')}`);
      /** The number the preview's statistic shows, once the back-test is done. */
      const previewCount = async (editor: Locator) =>
        Number(
          (
            await waitFor(
              'the preview result',
              async () => {
                const text = squash(await editor.getByTestId('rule-preview-alerts').textContent());
                return /\d/.test(text) ? text : null;
              },
              60_000,
            )
          ).replace(/[^\d]/g, ''),
        );

      await signIn(page, 'hr');
      await page.getByTestId('nav-alert-rules').click();
      await page.waitForURL('**/alert-rules', { timeout: STEP_TIMEOUT });
      const row = page.locator('[data-testid="rule-row-attainment_below"]', { hasText: builtin.name });
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await row.getByTestId('rule-open').click();
      const editor = page.getByTestId('rule-editor');
      await editor.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor(
        'the rule loaded into the editor',
        async () => (await editor.getByTestId('rule-name').inputValue()) === builtin.name,
      );
      assert.equal(
        await editor.getByTestId('rule-param-thresholdPct').inputValue(),
        String(builtin.params.thresholdPct),
      );

      // The contract's own check runs in the browser: N above the window M is refused on the field.
      await editor.getByTestId('rule-param-n').fill('5');
      await editor.getByTestId('rule-preview-run').click();
      await waitFor('the persistence error on N', async () =>
        squash(await editor.textContent()).includes('N 不能大于观察窗口 M'),
      );
      // Back to N = 2 with a stricter threshold: the back-test of the built-in rule.
      await editor.getByTestId('rule-param-n').fill('2');
      await editor.getByTestId('rule-param-thresholdPct').fill('90');
      await editor.getByTestId('rule-preview-run').click();
      const stricter = await apiPost<Preview>(server, hrCookie, '/alert-rules/preview', {
        kind: 'attainment_below',
        name: builtin.name,
        metricKey: 'revenue',
        periodType: 'month',
        params: { ...builtin.params, thresholdPct: 90, n: 2 },
        severity: 'high',
        minPeriods: 3,
      });
      assert.equal(await previewCount(editor), stricter.alerts, 'the page shows the back-test of the edited rule');
      await page.keyboard.press('Escape');
      await editor.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

      // A new rule: revenue in the bottom 20% of the cohort (team × position × tenure band), previewed, saved.
      const name = 'E2E 订单金额处于同组后 20%';
      await page.getByTestId('rule-new').click();
      await editor.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await editor.getByTestId('rule-name').fill(name);
      await chooseOption(page, editor.getByTestId('rule-kind'), '', '低于同组同岗');
      await chooseOption(page, editor.getByTestId('rule-param-method'), '', /^百分位$/);
      const percentile = editor.getByTestId('rule-param-percentile');
      await percentile.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await percentile.fill('20');
      await editor.getByTestId('rule-preview-run').click();
      const shown = await previewCount(editor);
      const expected = await apiPost<Preview>(server, hrCookie, '/alert-rules/preview', {
        kind: 'below_cohort',
        name,
        metricKey: 'revenue',
        periodType: 'month',
        params: { method: 'percentile', percentile: 20 },
        minPeriods: 3,
      });
      assert.equal(shown, expected.alerts, 'the page shows the back-test’s number of alerts');
      assert.ok(expected.alerts > 0, 'the bottom 20% of a cohort raises alerts on the demo company');
      const people = editor.getByTestId('rule-preview-person');
      await waitFor('the people of the preview', async () => (await people.count()) > 0);
      const names = (await people.allTextContents()).map(squash);
      assert.ok(
        names.every((n) => expected.people.some((p) => p.employee.name === n)),
        `the preview lists the people of the back-test: ${names.join(', ')}`,
      );
      assert.equal(await editor.getByTestId('rule-preview-chart').locator('canvas').count(), 1);

      await editor.getByTestId('rule-save').click();
      await editor.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
      await page.locator('[data-testid="rule-row-below_cohort"]', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT });
      const saved = (await apiGet<{ items: Rule[] }>(server, hrCookie, '/alert-rules')).items.find(
        (r) => r.name === name,
      );
      assert.ok(saved, 'the new rule is saved');
      assert.equal(saved.params.method, 'percentile');
      assert.equal(saved.params.percentile, 20);
      // The built-in rule was only previewed, not changed.
      assert.equal((await apiGet<Rule>(server, hrCookie, `/alert-rules/${builtin.id}`)).version, builtin.version);
    },
  },
  {
    name: 'manager-alert-lifecycle',
    async run(page, { server }) {
      type Alert = { id: string; status: string; rule: { kind: string; name: string }; employee: { name: string } };
      const managerCookie = await apiLogin(server, 'manager');
      const openAlerts = async () =>
        (await apiGet<{ items: Alert[] }>(server, managerCookie, '/alerts?status=open&limit=100')).items;
      let candidates = await openAlerts();
      if (candidates.length === 0) {
        // The demo company's alerts come from the evaluator; run it once if it has not run yet.
        await apiPost(server, await apiLogin(server, 'hr'), '/alerts/evaluate', {});
        candidates = await openAlerts();
      }
      // An alert with a period chart (inactivity has no series to draw).
      const alert = candidates.find((a) => a.rule.kind !== 'no_activity') ?? candidates[0];
      assert.ok(alert, 'the manager has an open alert on their team');

      await signIn(page, 'manager');
      await page.getByTestId('nav-alerts').click();
      await page.waitForURL('**/alerts', { timeout: STEP_TIMEOUT });
      await page.getByTestId('alert-summary-strip').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('live alerts in the list', async () => (await page.getByTestId('alert-open').count()) > 0);
      // Only the team's alerts: the list total matches the API's for the manager.
      const live = await apiGet<{ total: number }>(server, managerCookie, '/alerts?status=live&limit=1');
      assert.equal(await listTotal(page), live.total);

      const link = page.locator(`a[data-testid="alert-open"][href="/alerts/${alert.id}"]`);
      if ((await link.count()) === 0) await page.goto(`/alerts/${alert.id}`);
      else await link.click();
      await page.waitForURL(`**/alerts/${alert.id}`, { timeout: STEP_TIMEOUT });
      await page.getByTestId('alert-detail-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await page.getByTestId('alert-detail-title').textContent()).includes(alert.employee.name));
      const chart = page.getByTestId('alert-evidence-chart');
      await chart.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      if (alert.rule.kind !== 'no_activity')
        await waitFor('the evidence chart drawn', async () => (await chart.locator('canvas').count()) > 0);
      assert.ok((await page.getByTestId('alert-figures').locator('tbody tr').count()) > 0, 'the figures are listed');
      const status = page.getByTestId('alert-detail-status');
      assert.equal(squash(await status.textContent()), '待处理');

      // Acknowledge.
      await page.getByTestId('alert-acknowledge').click();
      await page.getByTestId('alert-acknowledge-form').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('alert-action-confirm').click();
      await waitFor('acknowledged', async () => squash(await status.textContent()) === '已确认');
      assert.equal(await page.getByTestId('alert-acknowledge').count(), 0, 'acknowledged only once');

      // Link a coaching note (the default kind of action); the note is required.
      await page.getByTestId('alert-link-action').click();
      const actionForm = page.getByTestId('alert-action-form');
      await actionForm.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('alert-action-confirm').click();
      await waitFor(
        'the note to be required',
        async () => (await actionForm.locator('.ant-form-item-explain-error').count()) > 0,
      );
      await actionForm.getByTestId('alert-action-note').fill('E2E：已与本人面谈，约定每周拜访 6 家客户，两周后复盘。');
      await page.getByTestId('alert-action-confirm').click();
      await waitFor('action linked', async () => squash(await status.textContent()) === '已关联措施');
      const events = page.getByTestId('alert-events');
      await waitFor('the coaching note in the history', async () =>
        squash(await events.textContent()).includes('约定每周拜访 6 家客户'),
      );

      // Resolve with a note.
      await page.getByTestId('alert-resolve').click();
      const resolveForm = page.getByTestId('alert-resolve-form');
      await resolveForm.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await resolveForm.getByTestId('alert-action-note').fill('E2E：本月拜访量已恢复。');
      await page.getByTestId('alert-action-confirm').click();
      await waitFor('resolved', async () => squash(await status.textContent()) === '已关闭');
      assert.equal(await page.getByTestId('alert-resolve').count(), 0, 'nothing more to do on a closed alert');
      assert.equal(await events.getByTestId('alert-event').count(), 4, 'raised, acknowledged, action, resolved');

      const after = await apiGet<{ status: string; events: { kind: string; payload: Record<string, unknown> }[] }>(
        server,
        managerCookie,
        `/alerts/${alert.id}`,
      );
      assert.equal(after.status, 'resolved');
      assert.deepEqual(
        after.events.map((e) => e.kind),
        ['raised', 'acknowledged', 'action_linked', 'resolved'],
      );
      assert.equal(after.events[2].payload.actionKind, 'coaching_note');
    },
  },
  {
    name: 'manager-improvement-plan',
    async run(page, { server, browser }) {
      const employeeCookie = await apiLogin(server, 'employee');
      const me = await apiGet<{ user: { employeeId: string } }>(server, employeeCookie, '/auth/me');
      const personId = me.user.employeeId;
      const origin = () => new URL(page.url()).origin;

      // The manager creates a plan from the person's page (改进计划 tab).
      await signIn(page, 'manager');
      await page.goto(`/people/${personId}?tab=plans`);
      await page.getByTestId('profile-plan-create').click();
      const form = page.getByTestId('plan-create-form');
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await chooseOption(page, form.getByTestId('plan-goal-metric-0'), '订单金额', '订单金额');
      await form.getByTestId('plan-goal-target-0').fill('30000');
      await form.getByTestId('plan-goal-text-1').fill('每周拜访客户不少于 6 家');
      await form.getByTestId('plan-goal-measure-1').fill('CRM 拜访记录');
      await page.getByTestId('plan-create-confirm').click();
      await page.waitForURL('**/plans/*', { timeout: STEP_TIMEOUT });
      const planId = new URL(page.url()).pathname.split('/').pop()!;
      const status = page.getByTestId('plan-status');
      await waitFor('a draft plan', async () => squash(await status.textContent()) === '草稿');

      // Before the person acknowledges it, the manager corrects the draft's target.
      await page.getByTestId('plan-edit').click();
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await form.getByTestId('plan-goal-target-0').fill('32000');
      await page.getByTestId('plan-create-confirm').click();
      await waitFor('the edited target shown', async () =>
        squash(await page.getByTestId('plan-metric-goals').textContent()).includes('32000'),
      );

      // The person acknowledges it under 我的改进计划.
      const employeeContext = await browser.newContext({ baseURL: origin(), locale: 'zh-CN' });
      try {
        const employee = await employeeContext.newPage();
        await signIn(employee, 'employee');
        await employee.getByTestId('nav-my-plans').click();
        await employee.waitForURL('**/my-plans', { timeout: STEP_TIMEOUT });
        await employee.getByTestId('plan-open').first().click();
        await employee.waitForURL(`**/plans/${planId}`, { timeout: STEP_TIMEOUT });
        await employee.getByTestId('plan-acknowledge').click();
        await employee.locator('.ant-popconfirm .ant-btn-primary').click();
        await waitFor(
          'the plan started',
          async () => squash(await employee.getByTestId('plan-status').textContent()) === '执行中',
        );
        assert.ok(squash(await employee.getByTestId('plan-acknowledgement').textContent()).startsWith('已确认'));
      } finally {
        await employeeContext.close();
      }

      // The manager records a check-in and the final evaluation.
      await page.reload();
      await waitFor('the plan running', async () => squash(await status.textContent()) === '执行中');
      await page.getByTestId('plan-check-in').click();
      await page.getByTestId('plan-checkin-notes').fill('E2E：回顾本月订单，约定重点跟进三家客户。');
      await page.getByTestId('plan-evidence-text-0').fill('CRM 拜访记录');
      await page.getByTestId('plan-action-confirm').click();
      await waitFor('the check-in listed', async () =>
        squash(await page.getByTestId('plan-check-ins').textContent()).includes('重点跟进三家客户'),
      );
      await page.getByTestId('plan-evaluate').click();
      await page.getByTestId('plan-eval-stage').getByText('最终评估', { exact: true }).click();
      await chooseOption(page, page.getByTestId('plan-eval-judgement-0'), '', /^达成$/);
      await page.getByTestId('plan-eval-recommendation').fill('E2E：目标基本达成，建议通过。');
      await page.getByTestId('plan-action-confirm').click();
      await waitFor('the final evaluation', async () => squash(await status.textContent()) === '已最终评估');

      // HR records the outcome; Stride only suggested it.
      const hrContext = await browser.newContext({ baseURL: origin(), locale: 'zh-CN' });
      try {
        const hr = await hrContext.newPage();
        await signIn(hr, 'hr');
        await hr.goto(`/plans/${planId}`);
        await hr.getByTestId('plan-outcome-open').click();
        await hr.getByTestId('plan-outcome').getByText('通过', { exact: true }).click();
        await hr.getByTestId('plan-outcome-note').fill('E2E：改进目标达成。');
        await hr.getByTestId('plan-action-confirm').click();
        await waitFor(
          'the outcome recorded',
          async () => squash(await hr.getByTestId('plan-outcome-value').textContent()) === '通过',
        );
      } finally {
        await hrContext.close();
      }
      const after = await apiGet<{ status: string; acknowledgement: string; checkIns: unknown[] }>(
        server,
        employeeCookie,
        `/plans/${planId}`,
      );
      assert.equal(after.status, 'passed');
      assert.equal(after.acknowledgement, 'signed');
      assert.equal(after.checkIns.length, 1);
      const person = await apiGet<{ status: string }>(server, await apiLogin(server, 'hr'), `/employees/${personId}`);
      assert.equal(person.status, 'regular');
    },
  },
  {
    name: 'manager-dashboard',
    async run(page, { server }) {
      type Dashboard = {
        alerts: { total: number };
        scores: { cycle: { id: string } | null };
        movers: { up: { employee: { id: string } }[]; down: { employee: { id: string } }[] };
      };
      const managerCookie = await apiLogin(server, 'manager');
      const expected = await apiGet<Dashboard>(server, managerCookie, '/dashboard');

      // The manager lands on their dashboard: every card is there, with the API's figures.
      await signIn(page, 'manager');
      await page.getByTestId('dashboard-page').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.equal(new URL(page.url()).pathname, '/');
      for (const card of [
        'dashboard-alerts',
        'dashboard-pool',
        'dashboard-attainment',
        'dashboard-scores',
        'dashboard-movers',
      ])
        await page.getByTestId(card).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await waitFor('the live alert count', async () =>
        squash(await page.getByTestId('dashboard-alerts').locator('.ant-statistic-content').textContent()).includes(
          String(expected.alerts.total),
        ),
      );
      assert.equal(await page.getByTestId('dashboard-alerts-link').getAttribute('href'), '/alerts');
      assert.equal(await page.getByTestId('dashboard-pool-link').getAttribute('href'), '/low-performer-pool');
      if (expected.scores.cycle)
        await page.getByTestId('dashboard-scores-chart').locator('canvas').first().waitFor({ state: 'visible' });

      // A mover opens that person's trajectory.
      const mover = expected.movers.up[0] ?? expected.movers.down[0];
      if (mover) {
        await page
          .locator(`a[data-testid="dashboard-mover-link"][href^="/people/${mover.employee.id}"]`)
          .first()
          .click();
        await page.waitForURL(`**/people/${mover.employee.id}?tab=trajectory`, { timeout: STEP_TIMEOUT });
        await page.getByTestId('person-trajectory').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      }

      // The trajectories page: cohort curves, then the team side by side.
      await page.getByTestId('nav-trajectories').click();
      await page.waitForURL('**/trajectories', { timeout: STEP_TIMEOUT });
      await page.getByTestId('cohort-chart').locator('canvas').first().waitFor({ state: 'visible' });
      await page.getByTestId('tab-team').click();
      await page.getByTestId('team-trajectories-chart').locator('canvas').first().waitFor({ state: 'visible' });
      await page.getByTestId('team-trajectories-view').getByText('按入职月数').click();
      await page.getByTestId('team-trajectories-chart').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });

      // The employee's home stays their own profile, and the dashboard is not theirs.
      const employeeCookie = await apiLogin(server, 'employee');
      const res = await fetch(`${server.baseURL}/api/v1/dashboard`, { headers: { Cookie: employeeCookie } });
      assert.equal(res.status, 403);
    },
  },
  {
    name: 'person-trajectory',
    async run(page, { server }) {
      type Trajectory = {
        metrics: { key: string; name: string; stats: { slackIndex: string | null } }[];
        markers: { kind: string }[];
      };
      const hrCookie = await apiLogin(server, 'hr');
      const people = await apiGet<{ items: { id: string; name: string }[] }>(
        server,
        hrCookie,
        '/employees?status=regular&limit=100',
      );
      // A demo salesperson whose probation and first months after regularization both have data.
      let found: { id: string; name: string; slack: string; metric: string } | null = null;
      for (const p of people.items) {
        const tr = await apiGet<Trajectory>(server, hrCookie, `/employees/${p.id}/trajectory`);
        const first = tr.metrics[0];
        if (first?.stats.slackIndex) {
          found = { id: p.id, name: p.name, slack: first.stats.slackIndex, metric: first.name };
          break;
        }
      }
      assert.ok(found, 'a demo person with a slack index');
      const expectedSlack = new Intl.NumberFormat('zh-CN', {
        style: 'percent',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      }).format(Number(found.slack));

      await signIn(page, 'hr');
      await page.goto(`/people/${found.id}`);
      await page.getByTestId('profile-name').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('tab-trajectory').click();
      await page.waitForURL(/tab=trajectory/, { timeout: STEP_TIMEOUT });
      await page.getByTestId('trajectory-chart').locator('canvas').first().waitFor({ state: 'visible' });
      const slack = page.getByTestId('trajectory-slack-value');
      await slack.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.equal(squash(await slack.textContent()), expectedSlack);
      assert.ok(squash(await page.getByTestId('trajectory-slack').textContent()).includes('松懈指数'));
      await page.getByTestId('trajectory-growth').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.getByTestId('trajectory-volatility').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await page.getByTestId('trajectory-events').textContent()).includes('入职'));

      // Quarters redraw the chart; the indicators stay monthly.
      await page.getByTestId('trajectory-period-type').getByText('季度').click();
      await waitFor(
        'the slack index after switching to quarters',
        async () => squash(await slack.textContent()) === expectedSlack,
      );
      // The tab survives a reload (it is in the address).
      await page.reload();
      await page.getByTestId('trajectory-chart').locator('canvas').first().waitFor({ state: 'visible' });
    },
  },
  {
    name: 'hr-transfer-approval',
    async run(page, { server, browser }) {
      type Person = { id: string; name: string; hireDate: string; unit: { id: string; name: string } };
      const hrCookie = await apiLogin(server, 'hr');
      const me = await apiGet<{ user: { employeeId: string } }>(server, await apiLogin(server, 'employee'), '/auth/me');
      const person = await apiGet<Person>(server, hrCookie, `/employees/${me.user.employeeId}`);
      const units = await apiGet<{ items: { id: string; name: string; parentId: string | null }[] }>(
        server,
        hrCookie,
        '/org-units',
      );
      const current = units.items.find((u) => u.id === person.unit.id);
      const unique = (u: { name: string }) => units.items.filter((x) => x.name === u.name).length === 1;
      const target =
        units.items.find((u) => u.id !== person.unit.id && u.parentId === current?.parentId && unique(u)) ??
        units.items.find((u) => u.id !== person.unit.id && u.parentId !== null && unique(u));
      assert.ok(target, 'another unit to transfer to');
      const today = new Date().toLocaleDateString('en-CA');
      assert.ok(person.hireDate <= today, 'the demo person was hired before today');
      const origin = () => new URL(page.url()).origin;

      // HR creates the transfer from the person's page (人事异动 tab), effective today, and submits it.
      await signIn(page, 'hr');
      await page.goto(`/people/${person.id}?tab=employment`);
      await page.getByTestId('profile-employment-create').click();
      const form = page.getByTestId('employment-form');
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await chooseOption(page, form.getByTestId('employment-form-kind'), '', /^调岗$/);
      await form.getByTestId('employment-current-job').getByText(person.unit.name).waitFor({ state: 'visible' });
      await form.getByTestId('employment-form-date').fill(today);
      await chooseTreeNode(page, form.getByTestId('employment-form-unit'), target.name);
      await form.getByTestId('employment-form-reason').fill('E2E：业务调整，调入新部门。');
      await page.getByTestId('employment-form-confirm').click();
      await page.waitForURL(/\/employment-actions\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT });
      const actionId = new URL(page.url()).pathname.split('/').pop()!;
      const status = page.getByTestId('employment-status');
      await waitFor('a draft transfer', async () => squash(await status.first().textContent()) === '草稿');
      assert.equal(squash(await page.getByTestId('employment-to-unit').textContent()), target.name);
      await page.getByTestId('employment-submit').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await waitFor(
        'the transfer pending approval',
        async () => squash(await status.first().textContent()) === '审批中',
      );

      // The person's manager finds it under 待我审批 and approves.
      const managerContext = await browser.newContext({ baseURL: origin(), locale: 'zh-CN' });
      try {
        const manager = await managerContext.newPage();
        await signIn(manager, 'manager');
        await manager.goto('/employment-actions');
        const row = manager
          .getByTestId('employment-awaiting-table')
          .locator('tr')
          .filter({ hasText: person.name })
          .filter({ hasText: '调岗' });
        await row.first().getByTestId('employment-open').click();
        await manager.waitForURL(`**/employment-actions/${actionId}`, { timeout: STEP_TIMEOUT });
        await manager.getByTestId('employment-approve').click();
        await manager.getByTestId('employment-step-text').fill('E2E：同意调岗。');
        await manager.getByTestId('employment-step-confirm').click();
        await waitFor(
          'the manager step approved',
          async () => (await manager.getByTestId('approval-step-0').getAttribute('data-state')) === 'approved',
        );
      } finally {
        await managerContext.close();
      }

      // HR approves the last step: the transfer takes effect and the job history shows the new unit.
      await page.reload();
      await page.getByTestId('employment-approve').click();
      await page.getByTestId('employment-step-confirm').click();
      await waitFor('the transfer in effect', async () => squash(await status.first().textContent()) === '已生效');
      await page.getByTestId('employment-person').click();
      await page.waitForURL(`**/people/${person.id}`, { timeout: STEP_TIMEOUT });
      await waitFor('the new unit in the job history', async () =>
        squash(await page.getByTestId('job-history').textContent()).includes(target.name),
      );
      const after = await apiGet<Person>(server, hrCookie, `/employees/${person.id}`);
      assert.equal(after.unit.id, target.id);
    },
  },
  {
    name: 'hr-termination-chain',
    async run(page, { server }) {
      const hrCookie = await apiLogin(server, 'hr');
      const demoUsers = new Set<string>();
      for (const user of ['employee', 'manager', 'hr', 'admin']) {
        const me = await apiGet<{ user: { employeeId: string | null } }>(
          server,
          await apiLogin(server, user),
          '/auth/me',
        );
        if (me.user.employeeId) demoUsers.add(me.user.employeeId);
      }
      const people = await apiGet<{ items: { id: string; name: string }[] }>(
        server,
        hrCookie,
        '/employees?status=regular&limit=50',
      );
      // A demo person who is not one of the demo sign-ins (other journeys act as or on them).
      const person = people.items.find((p) => !demoUsers.has(p.id));
      assert.ok(person, 'a regular demo person');
      const lastDay = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('en-CA');

      await signIn(page, 'hr');
      await page.goto(`/people/${person.id}?tab=employment`);
      await page.getByTestId('profile-employment-create').click();
      const form = page.getByTestId('employment-form');
      await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await chooseOption(page, form.getByTestId('employment-form-kind'), '', /^解除劳动合同$/);
      await chooseOption(page, form.getByTestId('employment-form-ground'), '', /不能胜任工作/);
      // Each ground explains what it needs.
      assert.ok(squash(await form.getByTestId('employment-ground-help').textContent()).includes('证据链'));
      await form.getByTestId('employment-form-notice-mode').getByText('提前 30 日书面通知').click();
      await form.getByTestId('employment-form-date').fill(lastDay);
      await form.getByTestId('employment-form-wage').fill('10000');
      await form.getByTestId('employment-form-reason').fill('E2E：经培训后仍不能胜任工作。');
      await page.getByTestId('employment-form-confirm').click();
      await page.waitForURL(/\/employment-actions\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT });
      await page.getByTestId('employment-chain').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const art42 = page.getByTestId('chain-item-art42_checked');
      assert.equal(await art42.getAttribute('data-status'), 'missing');

      // Submitting with an incomplete chain is refused, and the missing links are listed.
      await page.getByTestId('employment-submit').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      const refused = page.getByTestId('employment-submit-refused');
      await refused.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const missing = (await refused.getByTestId('employment-missing-item').allTextContents()).map(squash);
      assert.ok(missing.length >= 1, 'the missing links are listed');
      assert.ok(
        missing.some((m) => m.includes('第四十二条')),
        `the Art. 42 checklist is among the missing links: ${missing.join(' | ')}`,
      );
      assert.equal(squash(await page.getByTestId('employment-status').first().textContent()), '草稿');

      // HR answers the Art. 42 checklist: nothing applies; that link turns met.
      const checklist = page.getByTestId('employment-art42');
      for (const item of [
        'occupational_disease',
        'work_injury',
        'medical_treatment_period',
        'pregnancy_maternity_nursing',
        'long_service_near_retirement',
        'other_statutory',
      ])
        await checklist.getByTestId(`art42-${item}-applies`).getByText('不适用', { exact: true }).click();
      await checklist.getByTestId('art42-save').click();
      await waitFor('the Art. 42 link met', async () => (await art42.getAttribute('data-status')) === 'met');
      // The other links are still missing: the chain stays incomplete.
      assert.equal(squash(await page.getByTestId('employment-chain-complete').textContent()), '证据链不完整');
    },
  },
  {
    name: 'hr-document-templates',
    async run(page) {
      // Templates made on the fly, as HR would save them from Word: one with a placeholder the kind does not
      // offer (refused, nothing stored), then a valid one with the company's own sentence.
      const { Document, Packer, Paragraph, TextRun } = await import('docx');
      const docx = (lines: string[]) =>
        Packer.toBuffer(
          new Document({
            sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
          }),
        );
      const kind = 'termination_notice';
      await signIn(page, 'hr');
      await page.getByTestId('nav-document-templates').click();
      await page.waitForURL('**/settings/document-templates', { timeout: STEP_TIMEOUT });
      await page.getByTestId(`template-builtin-${kind}`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      // The placeholder reference, ready to copy.
      await page.getByTestId(`placeholders-toggle-${kind}`).click();
      const reference = page.getByTestId(`placeholders-${kind}`);
      await reference.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const referenceText = squash(await reference.textContent());
      assert.ok(referenceText.includes('{groundArticle}'), `reference: ${referenceText.slice(0, 200)}`);
      assert.ok(referenceText.includes('{#hasSeverance}…{/hasSeverance}'), 'the condition is shown as a section');

      const input = page.getByTestId(`template-upload-input-${kind}`).locator('input[type=file]');
      await input.setInputFiles({
        name: 'E2E 错误模板.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: await docx(['{person.name}：', '身份证号：{person.idNumber}']),
      });
      const error = page.getByTestId('template-upload-error');
      await error.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const errorText = squash(await error.textContent());
      assert.ok(errorText.includes('{person.idNumber}'), `upload error: ${errorText}`);
      assert.ok(errorText.includes('不是此类文书可用的占位符'), `upload error: ${errorText}`);
      assert.ok(await page.getByTestId(`template-builtin-${kind}`).isVisible(), 'still the built-in template');

      await input.setInputFiles({
        name: 'E2E 解除通知.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: await docx(['{person.name}：', 'E2E 本公司自定义条款：请于{lastDay}前办结交接。']),
      });
      await page.getByTestId(`template-custom-${kind}`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      const file = page.getByTestId(`template-file-${kind}`);
      assert.ok(squash(await file.textContent()).includes('E2E 解除通知.docx'), 'the uploaded file is listed');
      assert.equal(await error.count(), 0, 'the earlier error is cleared');

      // Back to the built-in template.
      await page.getByTestId(`template-restore-${kind}`).click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await page.getByTestId(`template-builtin-${kind}`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      assert.ok(squash(await file.textContent()).includes('解除劳动合同通知书.docx'), 'the built-in file is listed');
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Runner

async function runJourney(journey: Journey, ctx: JourneyContext): Promise<boolean> {
  const context = await ctx.browser.newContext({ baseURL: ctx.server.baseURL, locale: 'zh-CN', ...journey.context });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const started = Date.now();
  try {
    await journey.run(page, ctx);
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    console.log(`PASS ${journey.name} (${Date.now() - started} ms)`);
    return true;
  } catch (err) {
    console.log(`FAIL ${journey.name} (${Date.now() - started} ms)`);
    console.log(`     ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`.replace(/\n/g, '\n     '));
    if (pageErrors.length > 0) console.log(`     page errors: ${pageErrors.join(' | ')}`);
    try {
      await mkdir(resultsDir, { recursive: true });
      const file = path.join(resultsDir, `${journey.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`     screenshot: ${path.relative(root, file)}`);
    } catch {
      // The page may already be gone.
    }
    return false;
  } finally {
    // After a browser crash the context is already gone.
    await context.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  if (!existsSync(executablePath)) {
    console.log(
      `Chromium not found at ${executablePath}. Install it (apt-get install -y chromium fonts-noto-cjk) ` +
        'or set CHROMIUM_PATH. Skipping the e2e journeys.',
    );
    return process.env.CI ? 1 : 0;
  }

  if (!existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    console.log('apps/web/dist is missing; building the web app…');
    const build = spawnSync('npm', ['run', 'build', '-w', '@stride/web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.log('FAIL web build');
      return 1;
    }
  }

  const only = process.argv.slice(2);
  const selected = only.length > 0 ? journeys.filter((j) => only.includes(j.name)) : journeys;

  console.log('Starting the server…');
  const server = await startServer();
  let browser: Browser | undefined;
  let failures = 0;
  try {
    const launch = () =>
      chromium.launch({
        executablePath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    browser = await launch();
    for (const journey of selected) {
      if (!browser.isConnected()) browser = await launch();
      let ok = await runJourney(journey, { browser, server });
      // A browser process that died under load (not the app) gets one more try of that journey.
      if (!ok && !browser.isConnected()) {
        console.log(`RETRY ${journey.name}: the browser process ended during the journey; relaunched`);
        browser = await launch();
        ok = await runJourney(journey, { browser, server });
      }
      if (!ok) failures++;
    }
  } catch (err) {
    failures++;
    console.log(`FAIL setup: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
  if (failures > 0) {
    const tail = server.output().trim().split('\n').slice(-30).join('\n');
    if (tail) console.log(`\nServer output (last lines):\n${tail}`);
  }
  console.log(`\n${selected.length - failures}/${selected.length} journeys passed`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
