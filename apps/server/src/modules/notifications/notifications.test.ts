import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { scanReviewNotifications } from '../reviews/reminders';
import { createMailer, MAX_ATTEMPTS, sendDueEmails } from './mailer';
import { notify } from './notifications.service';

// Notifications through HTTP on a real database, and email through a real SMTP server in this process:
// review cycles tell people what is due; each reminder exists once; only its owner reads it; deliveries
// are retried and end failed, visibly, when the SMTP server is down.

let t: TestContext;
let hr: string;
let employee: string;
let manager: string;
let hrB: string;
let orgId: string;
const received: { to: string; text: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => {
        text += c.toString();
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), text });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestContext({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'Stride <hr@example.cn>' });
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  const { companyA, companyB } = t.template;
  orgId = companyA.orgId;
  hr = await t.login(companyA.users.hr.username);
  employee = await t.login(companyA.users.employee.username);
  manager = await t.login(companyA.users.manager.username);
  hrB = await t.login(companyB.users.hr.username);
  const person = (
    await t.request({ url: `/api/v1/employees/${companyA.users.employee.employeeId}`, cookie: hr })
  ).json();
  const rubric = [1, 2, 3].map((level) => ({
    level,
    label: `L${level}`,
    description: `等级${level}`,
    points: String(level * 40),
  }));
  const template = await t.request({
    method: 'POST',
    url: '/api/v1/scorecard-templates',
    cookie: hr,
    body: {
      name: '通知测试',
      positionIds: [],
      stages: [],
      definition: {
        dimensions: [
          {
            key: 'b',
            name: '行为',
            weight: '100',
            indicators: [
              {
                key: 'conduct',
                name: '行为规范',
                kind: 'rating',
                weight: '100',
                rule: { type: 'rubric', rubric, raters: [{ rater: 'self', weight: '100' }] },
              },
            ],
          },
        ],
      },
    },
  });
  expect(template.statusCode, template.body).toBe(201);
  const cycle = await t.request({
    method: 'POST',
    url: '/api/v1/review-cycles',
    cookie: hr,
    body: {
      name: '11月考核',
      kind: 'monthly',
      periodType: 'month',
      periodStart: '2026-10-01',
      population: { unitIds: [person.unit.id] },
      deadlines: { self: '2026-11-28' },
    },
  });
  const launched = await t.request({
    method: 'POST',
    url: `/api/v1/review-cycles/${cycle.json().id}/launch`,
    cookie: hr,
    body: { expectedVersion: 1 },
  });
  expect(launched.statusCode, launched.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const list = (cookie: string, locale = 'zh-CN', query = '') =>
  t.request({ url: `/api/v1/notifications${query}`, cookie, headers: { 'accept-language': locale } });

describe('notifications', () => {
  it('a launch tells the employee their self review is open and due tomorrow, once', async () => {
    const mine = (await list(employee)).json();
    expect(mine.unread).toBe(2);
    expect(mine.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['review.form_due', 'review.form_open']);
    const open = mine.items.find((n: { kind: string }) => n.kind === 'review.form_open');
    expect(open).toMatchObject({ title: '请填写自评', readAt: null });
    expect(open.body).toContain('「11月考核」');
    expect(open.body).toContain('截止 2026-11-28');
    expect(open.link).toMatch(/^\/review-forms\//);
    const english = (await list(employee, 'en-US'))
      .json()
      .items.find((n: { kind: string }) => n.kind === 'review.form_due');
    expect(english.title).toBe('Your self review is due soon');

    const again = await t.database.db.transaction((tx) =>
      scanReviewNotifications(tx, orgId, '2026-11-27', { emailEnabled: true, now: t.clock.now }),
    );
    expect(again.created).toBe(0);
    // The next day past the deadline it is overdue (a new reminder), still only once.
    const late = await t.database.db.transaction((tx) =>
      scanReviewNotifications(tx, orgId, '2026-11-29', { emailEnabled: true, now: t.clock.now }),
    );
    expect(late.created).toBeGreaterThanOrEqual(1);
    expect((await list(employee)).json().items.map((n: { kind: string }) => n.kind)).toContain('review.form_overdue');
  });

  it('only the owner reads or marks a notification', async () => {
    const first = (await list(employee)).json().items[0];
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/notifications/${first.id}/read`, cookie: manager })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/notifications/${first.id}/read`, cookie: hrB })).statusCode,
    ).toBe(404);
    const read = await t.request({ method: 'POST', url: `/api/v1/notifications/${first.id}/read`, cookie: employee });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const before = (await list(employee)).json().unread;
    expect(
      (await list(employee, 'zh-CN', '?unread=true')).json().items.every((n: { readAt: null }) => n.readAt === null),
    ).toBe(true);
    await t.request({ method: 'POST', url: '/api/v1/notifications/read-all', cookie: employee });
    expect(before).toBeGreaterThan(0);
    expect((await list(employee)).json().unread).toBe(0);
  });

  it('emails go through SMTP with retries; a server that is down ends in a visible failed delivery', async () => {
    const [pending] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_deliveries where org_id = ${orgId} and status = 'pending'`,
    );
    expect(pending.n).toBeGreaterThanOrEqual(3);
    const sent = await sendDueEmails(
      t.database.db,
      createMailer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}` })!,
      t.clock.now,
    );
    expect(sent.sent).toBe(pending.n);
    // Bodies are base64 (the mailer asks for it): decode and read them.
    const bodies = received.map((m) =>
      Buffer.from(
        m.text
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('')
          .replace(/\s+/g, ''),
        'base64',
      ).toString('utf8'),
    );
    expect(bodies.some((b) => b.includes('「11月考核」') && b.includes('/review-forms/'))).toBe(true);
    expect(received.every((m) => /Content-Transfer-Encoding: base64/i.test(m.text))).toBe(true);

    // A new reminder while the SMTP server is unreachable: retried with backoff, then failed with the error.
    const created = await notify(
      t.database.db,
      [
        {
          orgId,
          userId: t.template.companyA.users.employee.userId,
          kind: 'review.result_published',
          params: { cycle: '11月考核', dueDate: null },
          link: '/my-reviews',
          dedupeKey: 'test:smtp-down',
        },
      ],
      { emailEnabled: true, now: t.clock.now },
    );
    expect(created).toEqual({ created: 1, emails: 1, im: 0 });
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:1' })!;
    let at = t.clock.now.getTime();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const r = await sendDueEmails(t.database.db, down, new Date(at));
      expect(r.sent).toBe(0);
      at += 2 * 60 * 60_000;
    }
    const log = await t.request({ url: '/api/v1/notification-deliveries?status=failed', cookie: hr });
    expect(log.statusCode).toBe(200);
    expect(log.json().counts.failed).toBeGreaterThanOrEqual(1);
    expect(log.json().items[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(log.json().items[0].lastError).toBeTruthy();
    expect((await t.request({ url: '/api/v1/notification-deliveries', cookie: employee })).statusCode).toBe(403);
    expect((await t.request({ url: '/api/v1/notification-deliveries', cookie: hrB })).json().counts.failed).toBe(0);
  });

  it('a user switches email off for themselves', async () => {
    const before = (await t.request({ url: '/api/v1/notification-preferences', cookie: employee })).json();
    expect(before).toMatchObject({ email: true, emailAvailable: true });
    const off = await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { email: false },
    });
    expect(off.json()).toMatchObject({ email: false });
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { email: 'no' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
