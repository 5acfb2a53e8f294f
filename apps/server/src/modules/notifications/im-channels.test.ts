import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { unitSubtreeIds } from '../access/scope';
import { sendDueImMessages } from './im-sender';
import { MAX_ATTEMPTS, sendDueEmails } from './mailer';
import { type NotifyItem, notify } from './notifications.service';

// IM group bots through HTTP on a real database, posting to a local server that plays DingTalk, WeCom and Feishu:
// it checks each request the way the provider does (format, and the signature computed here independently) and
// answers like the provider. Settings stay secret; posts go once per bot and alert; failures are retried and end
// failed, visibly.

const DING_SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FEISHU_SECRET = 'fs-secret-7Qk2';
const DING_TOKEN = 'ding-token-1234567890abcdef';
const WECOM_KEY = 'wecom-key-0000-1111-2222-3333';
const FEISHU_HOOK = 'feishu-hook-aaaa-bbbb-cccc-dddd';

interface Received {
  provider: 'dingtalk' | 'wecom' | 'feishu' | 'broken';
  path: string;
  body: Record<string, unknown>;
  verified: boolean;
}

let stub: Server;
let base: string;
const received: Received[] = [];

/** Within the hour the providers allow around their own clock. */
const fresh = (seconds: number) => Math.abs(Date.now() / 1000 - seconds) < 3600;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

function startStub(): Promise<void> {
  stub = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (url.pathname === '/down/robot/send') {
      received.push({ provider: 'broken', path: url.pathname, body, verified: false });
      return answer(500, { message: 'upstream unavailable' });
    }
    if (url.pathname.endsWith('/robot/send')) {
      // DingTalk 加签: sign = urlencode(base64(HmacSHA256(secret, `${timestamp}\n${secret}`))), timestamp in ms.
      const ts = url.searchParams.get('timestamp');
      const sign = url.searchParams.get('sign');
      const expected = ts ? createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64') : null;
      const markdown = body.markdown as { title?: string; text?: string } | undefined;
      const verified =
        url.searchParams.get('access_token') === DING_TOKEN &&
        ts !== null &&
        fresh(Number(ts) / 1000) &&
        sign === expected &&
        body.msgtype === 'markdown' &&
        typeof markdown?.title === 'string' &&
        typeof markdown?.text === 'string';
      received.push({ provider: 'dingtalk', path: url.pathname, body, verified });
      return verified
        ? answer(200, { errcode: 0, errmsg: 'ok' })
        : answer(200, { errcode: 310000, errmsg: 'sign not match' });
    }
    if (url.pathname === '/cgi-bin/webhook/send') {
      const markdown = body.markdown as { content?: string } | undefined;
      const verified =
        url.searchParams.get('key') === WECOM_KEY &&
        body.msgtype === 'markdown' &&
        typeof markdown?.content === 'string' &&
        Buffer.byteLength(markdown.content) <= 4096;
      received.push({ provider: 'wecom', path: url.pathname, body, verified });
      return verified ? answer(200, { errcode: 0, errmsg: 'ok' }) : answer(200, { errcode: 93000, errmsg: 'invalid' });
    }
    if (url.pathname === `/open-apis/bot/v2/hook/${FEISHU_HOOK}`) {
      // Feishu 签名校验: sign = base64(HmacSHA256(key = `${timestamp}\n${secret}`, message = empty)), timestamp in s.
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${FEISHU_SECRET}`).update('').digest('base64');
      const card = body.card as { header?: { title?: { content?: string } }; elements?: unknown[] } | undefined;
      const verified =
        /^\d+$/.test(ts) &&
        fresh(Number(ts)) &&
        body.sign === expected &&
        body.msg_type === 'interactive' &&
        typeof card?.header?.title?.content === 'string' &&
        Array.isArray(card?.elements);
      received.push({ provider: 'feishu', path: url.pathname, body, verified });
      return verified
        ? answer(200, { code: 0, msg: 'success', data: {} })
        : answer(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
    }
    answer(404, { message: 'no such hook' });
  });
  return new Promise((resolve) => stub.listen(0, '127.0.0.1', resolve));
}

let t: TestContext;
let hr: string;
let admin: string;
let manager: string;
let employee: string;
let hrB: string;
let orgId: string;

beforeAll(async () => {
  await startStub();
  base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  t = await createTestContext({ IM_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', PUBLIC_URL: 'https://hr.example.cn/' });
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  const { companyA, companyB } = t.template;
  orgId = companyA.orgId;
  hr = await t.login(companyA.users.hr.username);
  admin = await t.login(companyA.users.admin.username);
  manager = await t.login(companyA.users.manager.username);
  employee = await t.login(companyA.users.employee.username);
  hrB = await t.login(companyB.users.hr.username);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
});

/** The IM job's work, at a given time, with the server's settings. */
const sendIm = (at: Date) =>
  sendDueImMessages(t.database.db, () => t.deps.cipher, at, { publicUrl: t.deps.config.publicUrl });

const dingUrl = (prefix = '') => `${base}${prefix}/robot/send?access_token=${DING_TOKEN}`;
const wecomUrl = () => `${base}/cgi-bin/webhook/send?key=${WECOM_KEY}`;
const feishuUrl = () => `${base}/open-apis/bot/v2/hook/${FEISHU_HOOK}`;

async function createBot(body: Record<string, unknown>, cookie = hr) {
  const res = await t.request({ method: 'POST', url: '/api/v1/im-channels', cookie, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; webhookMask: string; hasSecret: boolean };
}

const deliveries = async (query = '') =>
  (await t.request({ url: `/api/v1/notification-deliveries?channel=im&limit=200${query}`, cookie: hr })).json();

describe('IM group bots', () => {
  it('admin and hr keep bots; the webhook and the secret are encrypted, masked, and never returned', async () => {
    const bot = await createBot({
      provider: 'dingtalk',
      name: '销售管理群',
      webhookUrl: dingUrl(),
      secret: DING_SECRET,
      allKinds: true,
    });
    expect(bot.hasSecret).toBe(true);
    expect(bot.webhookMask).toContain('access_token=****cdef');
    const list = await t.request({ url: '/api/v1/im-channels', cookie: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(bot.id);
    expect(list.json().knownKinds).toEqual(expect.arrayContaining(['review.form_open', 'alert.raised']));
    for (const body of [list.body, JSON.stringify(bot)]) {
      expect(body).not.toContain(DING_TOKEN);
      expect(body).not.toContain(DING_SECRET);
    }
    const [stored] = await queryRows<{ webhook_enc: string; secret_enc: string }>(
      t.database.db,
      sql`select webhook_enc, secret_enc from im_channels where id = ${bot.id}`,
    );
    expect(stored.webhook_enc.startsWith('v1.')).toBe(true);
    expect(`${stored.webhook_enc}${stored.secret_enc}`).not.toContain(DING_TOKEN.slice(0, 10));
    expect(t.deps.cipher.decrypt(stored.secret_enc)).toBe(DING_SECRET);

    // Changed with the version; the audit trail says what changed, never the address or the secret.
    const renamed = await t.request({
      method: 'PATCH',
      url: `/api/v1/im-channels/${bot.id}`,
      cookie: hr,
      body: { name: '华东销售群', secret: `${DING_SECRET}x`, expectedVersion: bot.version },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '华东销售群', version: bot.version + 1, hasSecret: true });
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/im-channels/${bot.id}`,
      cookie: hr,
      body: { name: '旧名', expectedVersion: bot.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('IM_CHANNEL_VERSION_CONFLICT');
    const audit = await queryRows<{ action: string; before: unknown; after: unknown }>(
      t.database.db,
      sql`select action, before, after from audit_events where entity_id = ${bot.id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['im_channel.created', 'im_channel.updated']);
    expect(audit[1].after).toMatchObject({ name: '华东销售群', secretChanged: true, webhookChanged: false });
    expect(JSON.stringify(audit)).not.toContain(DING_TOKEN);
    expect(JSON.stringify(audit)).not.toContain(DING_SECRET);

    // Deleted: gone from the list, and answers like a missing one.
    const del = await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${bot.id}`, cookie: admin });
    expect(del.statusCode).toBe(204);
    const after = (await t.request({ url: '/api/v1/im-channels', cookie: hr })).json();
    expect(after.items.map((c: { id: string }) => c.id)).not.toContain(bot.id);
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/im-channels/${bot.id}/test`, cookie: hr })).statusCode,
    ).toBe(404);
  });

  it('managers, employees and other organizations are refused; another organization’s bot looks missing', async () => {
    const bot = await createBot({ provider: 'wecom', name: '人事群', webhookUrl: wecomUrl(), kinds: ['alert_raised'] });
    for (const cookie of [manager, employee]) {
      expect((await t.request({ url: '/api/v1/im-channels', cookie })).statusCode).toBe(403);
      const create = await t.request({
        method: 'POST',
        url: '/api/v1/im-channels',
        cookie,
        body: { provider: 'wecom', name: 'x', webhookUrl: wecomUrl(), allKinds: true },
      });
      expect(create.statusCode).toBe(403);
      expect((await t.request({ method: 'POST', url: `/api/v1/im-channels/${bot.id}/test`, cookie })).statusCode).toBe(
        403,
      );
    }
    const listB = await t.request({ url: '/api/v1/im-channels', cookie: hrB });
    expect(listB.statusCode).toBe(200);
    expect(listB.body).not.toContain(bot.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, body] of [
      ['PATCH', '', { name: 'x', expectedVersion: 1 }],
      ['DELETE', '', undefined],
      ['POST', '/test', undefined],
    ] as const) {
      const theirs = await t.request({ method, url: `/api/v1/im-channels/${bot.id}${path}`, cookie: hrB, body });
      const none = await t.request({ method, url: `/api/v1/im-channels/${missing}${path}`, cookie: hrB, body });
      expect(theirs.statusCode, `${method} ${path}`).toBe(404);
      expect(theirs.json()).toMatchObject({ code: none.json().code, detail: none.json().detail });
    }
    expect(received).toEqual([]);
    // Still there, untouched, for its own organization.
    const mine = (await t.request({ url: '/api/v1/im-channels', cookie: hr })).json();
    expect(mine.items.find((c: { id: string }) => c.id === bot.id)).toMatchObject({ name: '人事群', version: 1 });
    // The delivery log of the other organization shows nothing of this one.
    expect((await t.request({ url: '/api/v1/notification-deliveries?channel=im', cookie: hrB })).json().items).toEqual(
      [],
    );
    await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${bot.id}`, cookie: hr });
  });

  it('bad settings get clear field errors and change nothing', async () => {
    const post = (body: Record<string, unknown>, locale = 'zh-CN') =>
      t.request({
        method: 'POST',
        url: '/api/v1/im-channels',
        cookie: hr,
        body,
        headers: { 'accept-language': locale },
      });
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { provider: 'dingtalk', webhookUrl: 'http://oapi.dingtalk.com/robot/send?access_token=x' },
        'webhookUrl',
        'IM_WEBHOOK_HTTPS',
      ],
      [
        { provider: 'dingtalk', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' },
        'webhookUrl',
        'IM_WEBHOOK_HOST',
      ],
      [
        { provider: 'feishu', webhookUrl: 'https://evil.example.com/open-apis/bot/v2/hook/x' },
        'webhookUrl',
        'IM_WEBHOOK_HOST',
      ],
      [{ provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send' }, 'webhookUrl', 'IM_WEBHOOK_TOKEN'],
      [{ provider: 'wecom', webhookUrl: 'not a url' }, 'webhookUrl', 'IM_WEBHOOK_INVALID'],
      [{ provider: 'wecom', webhookUrl: wecomUrl(), secret: 'abc' }, 'secret', 'IM_SECRET_UNSUPPORTED'],
      [
        { provider: 'wecom', webhookUrl: wecomUrl(), unitId: t.template.companyB.managedRegionId },
        'unitId',
        'REFERENCE_OUTSIDE_ORG',
      ],
    ];
    for (const [body, field, code] of cases) {
      const res = await post({ name: '群', allKinds: true, ...body });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe('IM_CHANNEL_INVALID');
      expect(res.json().errors).toEqual([expect.objectContaining({ field, code })]);
    }
    const english = await post(
      { name: 'x', provider: 'dingtalk', webhookUrl: 'http://oapi.dingtalk.com/x', allKinds: true },
      'en-US',
    );
    expect(english.json().errors[0].message).toBe('The webhook must start with https://');
    const noKinds = await post({ name: '群', provider: 'wecom', webhookUrl: wecomUrl() });
    expect(noKinds.statusCode).toBe(400);
    expect(noKinds.json().errors[0]).toMatchObject({ field: 'kinds', code: 'IM_KINDS_REQUIRED' });
    const badKind = await post({ name: '群', provider: 'wecom', webhookUrl: wecomUrl(), kinds: ['Alert Raised'] });
    expect(badKind.statusCode).toBe(400);
    // The real providers' addresses pass.
    const real = await post({
      name: '飞书群',
      provider: 'feishu',
      webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/0f8e-real',
      kinds: ['alert_raised'],
      isActive: false,
    });
    expect(real.statusCode, real.body).toBe(201);
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from im_channels where org_id = ${orgId} and name = '群'`,
    );
    expect(n.n).toBe(0);
    await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${real.json().id}`, cookie: hr });
  });

  it('the test button posts in each provider’s format with its signature, and reports a refusal', async () => {
    const ding = await createBot({
      provider: 'dingtalk',
      name: '钉钉群',
      webhookUrl: dingUrl(),
      secret: DING_SECRET,
      allKinds: true,
      isActive: false,
    });
    const wecom = await createBot({
      provider: 'wecom',
      name: '企微群',
      webhookUrl: wecomUrl(),
      allKinds: true,
      isActive: false,
    });
    const feishu = await createBot({
      provider: 'feishu',
      name: '飞书群',
      webhookUrl: feishuUrl(),
      secret: FEISHU_SECRET,
      allKinds: true,
      locale: 'en-US',
      isActive: false,
    });
    const wrong = await createBot({
      provider: 'dingtalk',
      name: '密钥错误',
      webhookUrl: dingUrl(),
      secret: 'SEC-not-the-right-one',
      allKinds: true,
      isActive: false,
    });
    const test = (id: string) => t.request({ method: 'POST', url: `/api/v1/im-channels/${id}/test`, cookie: hr });
    for (const bot of [ding, wecom, feishu]) {
      const res = await test(bot.id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, error: null });
    }
    expect(received.map((r) => [r.provider, r.verified])).toEqual([
      ['dingtalk', true],
      ['wecom', true],
      ['feishu', true],
    ]);
    const dingText = (received[0].body.markdown as { text: string }).text;
    expect(dingText).toContain('钉钉群');
    expect(dingText).toContain('[在 Stride 中打开](https://hr.example.cn/im-channels)');
    expect(dingText).toContain('来自 Stride');
    expect(JSON.stringify(received[2].body)).toContain('Stride test message');

    const refused = await test(wrong.id);
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, error: 'errcode 310000: sign not match' });

    // Each test is in the log, named by its bot; the channel shows it last worked (or not).
    const log = await deliveries();
    const mine = log.items.filter((d: { imChannel: { id: string } | null }) =>
      [ding.id, wecom.id, feishu.id, wrong.id].includes(d.imChannel?.id ?? ''),
    );
    expect(mine).toHaveLength(4);
    expect(mine.find((d: { imChannel: { id: string } }) => d.imChannel.id === wrong.id)).toMatchObject({
      channel: 'im',
      status: 'failed',
      lastError: 'errcode 310000: sign not match',
      imChannel: { name: '密钥错误', provider: 'dingtalk' },
      notification: { id: null, kind: 'im.test', title: 'Stride 测试消息', recipient: null },
    });
    expect(JSON.stringify(log)).not.toContain(DING_TOKEN);
    const channels = (await t.request({ url: '/api/v1/im-channels', cookie: hr })).json().items;
    expect(channels.find((c: { id: string }) => c.id === ding.id).lastDelivery).toMatchObject({ status: 'sent' });
    expect(channels.find((c: { id: string }) => c.id === wrong.id).lastDelivery).toMatchObject({
      status: 'failed',
      error: 'errcode 310000: sign not match',
    });
    for (const bot of [ding, wecom, feishu, wrong]) {
      await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${bot.id}`, cookie: hr });
    }
  });

  it('notifications post once per bot and alert, to bots whose kinds and unit match; failures retry, then fail visibly', async () => {
    const { companyA } = t.template;
    const [inRegion] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from employees where unit_id in ${unitSubtreeIds(orgId, companyA.managedRegionId)} limit 1`,
    );
    const [outside] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from employees where unit_id in ${unitSubtreeIds(orgId, companyA.otherRegionId)} limit 1`,
    );
    const region = await createBot({
      provider: 'dingtalk',
      name: '华东预警群',
      webhookUrl: dingUrl(),
      secret: DING_SECRET,
      allKinds: true,
      unitId: companyA.managedRegionId,
    });
    const hrGroup = await createBot({
      provider: 'feishu',
      name: 'HR 预警群',
      webhookUrl: feishuUrl(),
      secret: FEISHU_SECRET,
      kinds: ['alert_raised'],
    });
    await createBot({ provider: 'wecom', name: '考核群', webhookUrl: wecomUrl(), kinds: ['review.form_open'] });
    await createBot({ provider: 'wecom', name: '已停用', webhookUrl: wecomUrl(), allKinds: true, isActive: false });

    const alert = (userId: string, subject: string, key: string): NotifyItem => ({
      orgId,
      userId,
      kind: 'alert_raised',
      params: {
        text: {
          'zh-CN': { title: '业绩下滑预警', body: '连续两个月回款下降' },
          'en-US': { title: 'Decline', body: 'Down' },
        },
      },
      link: `/alerts/${key}`,
      dedupeKey: `alert:${key}`,
      subjectEmployeeId: subject,
      groupKey: `alert:${key}`,
    });
    const run = (items: NotifyItem[]) =>
      t.database.db.transaction((tx) => notify(tx, items, { emailEnabled: false, now: t.clock.now }));

    // One alert about a person of the region, to the manager and HR: one post to each matching bot.
    const first = await run([
      alert(companyA.users.manager.userId, inRegion.id, 'a1'),
      alert(companyA.users.hr.userId, inRegion.id, 'a1'),
    ]);
    expect(first).toEqual({ created: 2, emails: 0, im: 2 });
    expect(await run([alert(companyA.users.manager.userId, inRegion.id, 'a1')])).toEqual({
      created: 0,
      emails: 0,
      im: 0,
    });
    // A third recipient later: their notification, no second post.
    expect(await run([alert(companyA.users.admin.userId, inRegion.id, 'a1')])).toEqual({
      created: 1,
      emails: 0,
      im: 0,
    });
    // About someone outside the region: only the organization-wide bot.
    expect(await run([alert(companyA.users.hr.userId, outside.id, 'a2')])).toEqual({ created: 1, emails: 0, im: 1 });
    // Without a subject, the recipient's own person decides the unit: the employee is in the region.
    const own = await run([
      { ...alert(companyA.users.employee.userId, inRegion.id, 'a3'), subjectEmployeeId: undefined },
    ]);
    expect(own.im).toBe(2);
    // Different texts per recipient: the group gets the first item's; the person's own copy never goes to a group.
    const worded = (userId: string, title: string) => {
      const base = alert(userId, inRegion.id, 'a4');
      return { ...base, params: { text: { 'zh-CN': { title, body: title }, 'en-US': { title, body: title } } } };
    };
    const versions = await run([
      worded(companyA.users.hr.userId, '给人力资源的版本'),
      worded(companyA.users.manager.userId, '给经理的版本'),
      { ...worded(companyA.users.employee.userId, '给本人的版本'), imGroup: false },
    ]);
    expect(versions).toEqual({ created: 3, emails: 0, im: 2 });

    // The email sender leaves group posts alone.
    const mailed: string[] = [];
    await sendDueEmails(t.database.db, { send: async (m) => void mailed.push(m.to) }, t.clock.now);
    expect(mailed).toEqual([]);

    const sent = await sendIm(t.clock.now);
    expect(sent).toEqual({ sent: 7, retried: 0, failed: 0 });
    expect(received).toHaveLength(7);
    expect(received.every((r) => r.verified)).toBe(true);
    const bodies = received.map((r) => JSON.stringify(r.body));
    expect(bodies.filter((b) => b.includes('给人力资源的版本'))).toHaveLength(2);
    expect(bodies.some((b) => b.includes('给经理的版本') || b.includes('给本人的版本'))).toBe(false);
    // The first alert's post to the regional bot (posts made at the same moment go in no particular order).
    const dingPost = received.find(
      (r) => r.provider === 'dingtalk' && (r.body.markdown as { text: string }).text.includes('/alerts/a1'),
    )!;
    expect((dingPost.body.markdown as { text: string }).text).toContain('连续两个月回款下降');
    expect((dingPost.body.markdown as { text: string }).text).toContain('https://hr.example.cn/alerts/a');
    expect(await sendIm(t.clock.now)).toEqual({ sent: 0, retried: 0, failed: 0 });

    // A bot whose server is down (HTTP 500) and one that answers HTTP 200 with an errcode: retried with backoff,
    // then failed with the error, in the log.
    const down = await createBot({
      provider: 'dingtalk',
      name: '宕机群',
      webhookUrl: dingUrl('/down'),
      kinds: ['alert_down'],
    });
    const refusing = await createBot({
      provider: 'dingtalk',
      name: '签名错误群',
      webhookUrl: dingUrl(),
      secret: 'SEC-wrong',
      kinds: ['alert_down'],
    });
    const failing = await run([{ ...alert(companyA.users.hr.userId, outside.id, 'f1'), kind: 'alert_down' }]);
    expect(failing.im).toBe(2);
    let at = t.clock.now.getTime();
    const first5 = await sendIm(new Date(at));
    expect(first5).toEqual({ sent: 0, retried: 2, failed: 0 });
    const pending = (await deliveries('&status=pending')).items.filter((d: { imChannel: { id: string } }) =>
      [down.id, refusing.id].includes(d.imChannel.id),
    );
    expect(pending).toHaveLength(2);
    for (const d of pending) {
      expect(d.attempts).toBe(1);
      expect(new Date(d.nextAttemptAt).getTime()).toBe(at + 60_000);
    }
    // Not yet due half a minute later.
    expect(await sendIm(new Date(at + 30_000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      at += 2 * 60 * 60_000;
      const r = await sendIm(new Date(at));
      expect(r).toEqual(
        attempt === MAX_ATTEMPTS ? { sent: 0, retried: 0, failed: 2 } : { sent: 0, retried: 2, failed: 0 },
      );
    }
    const failed = await deliveries('&status=failed');
    const byBot = (id: string) => failed.items.find((d: { imChannel: { id: string } }) => d.imChannel.id === id);
    expect(byBot(down.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, imChannel: { name: '宕机群' } });
    expect(byBot(down.id).lastError).toMatch(/^HTTP 500/);
    expect(byBot(refusing.id)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      lastError: 'errcode 310000: sign not match',
      notification: { kind: 'alert_down', title: '业绩下滑预警' },
    });
    expect(failed.counts.failed).toBeGreaterThanOrEqual(2);
    expect(received.filter((r) => r.provider === 'broken')).toHaveLength(MAX_ATTEMPTS);

    // A bot switched off after a post was queued: the post ends failed with the reason, never silently dropped.
    await run([alert(companyA.users.hr.userId, inRegion.id, 'off1')]);
    const hrBot = (await t.request({ url: '/api/v1/im-channels', cookie: hr }))
      .json()
      .items.find((c: { id: string }) => c.id === hrGroup.id);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/im-channels/${hrGroup.id}`,
      cookie: hr,
      body: { isActive: false, expectedVersion: hrBot.version },
    });
    received.length = 0;
    const off = await sendIm(new Date(at + 1000));
    expect(off).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(received.map((r) => r.provider)).toEqual(['dingtalk']);
    const offLog = (await deliveries('&status=failed')).items.filter(
      (d: { imChannel: { id: string } }) => d.imChannel.id === hrGroup.id,
    );
    expect(offLog.map((d: { lastError: string }) => d.lastError)).toEqual(['the group bot is switched off or deleted']);
    // Deleting a bot fails what still waits for it, with the reason.
    await run([alert(companyA.users.hr.userId, inRegion.id, 'del1')]);
    await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${region.id}`, cookie: hr });
    expect((await deliveries('&status=pending')).items).toEqual([]);
  });

  it('a busy bot gets at most its provider’s per-minute share; the rest waits for the next minute', async () => {
    // Only this bot, whatever earlier tests left.
    for (const c of (await t.request({ url: '/api/v1/im-channels', cookie: hr })).json().items) {
      await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${c.id}`, cookie: hr });
    }
    const busy = await createBot({ provider: 'wecom', name: '繁忙群', webhookUrl: wecomUrl(), kinds: ['burst'] });
    const users = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from users where org_id = ${orgId} order by id`,
    );
    const now = new Date(t.clock.now.getTime() + 10 * 60 * 60_000);
    const items: NotifyItem[] = Array.from({ length: 25 }, (_, i) => ({
      orgId,
      userId: users[i % users.length].id,
      kind: 'burst',
      params: {},
      link: null,
      dedupeKey: `burst:${i}`,
    }));
    const made = await t.database.db.transaction((tx) => notify(tx, items, { emailEnabled: false, now }));
    expect(made.im).toBe(25);
    expect(await sendIm(now)).toEqual({ sent: 18, retried: 0, failed: 0 });
    expect(await sendIm(new Date(now.getTime() + 1000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await sendIm(new Date(now.getTime() + 61_000))).toEqual({
      sent: 7,
      retried: 0,
      failed: 0,
    });
    await t.request({ method: 'DELETE', url: `/api/v1/im-channels/${busy.id}`, cookie: hr });
  });
});
