import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { queueDigests } from './digest';
import { createMailer, sendDueEmails } from './mailer';
import { type NotifyItem, notify } from './notifications.service';

// The daily digest through a real SMTP server in this process: a user who chose it gets one email a day listing
// their unread notifications instead of one email each; once per day however often the job runs.

let t: TestContext;
let employee: string;
let hr: string;
let orgId: string;
let employeeUserId: string;
let smtp: SMTPServer;
let smtpPort: number;
const received: { to: string; raw: string }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestContext({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: 'https://hr.example.cn',
    NOTIFICATIONS_DIGEST_CRON: '30 7 * * *',
  });
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  orgId = t.template.companyA.orgId;
  employeeUserId = t.template.companyA.users.employee.userId;
  employee = await t.login(t.template.companyA.users.employee.username);
  hr = await t.login(t.template.companyA.users.hr.username);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The decoded subject (RFC 2047 words, B or Q) and base64 text body of a received email. */
function decode(raw: string): { subject: string; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head)?.[1] ?? '';
  const subject = folded
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
  return { subject, body: Buffer.from(rest.join('').replace(/\s+/g, ''), 'base64').toString('utf8') };
}

const item = (key: string, cycle: string): NotifyItem => ({
  orgId,
  userId: employeeUserId,
  kind: 'review.result_published',
  params: { cycle, dueDate: null },
  link: '/my-reviews',
  dedupeKey: `digest-test:${key}`,
});
const notifyAt = (items: NotifyItem[], now: Date) =>
  t.database.db.transaction((tx) => notify(tx, items, { emailEnabled: true, now }));
const queue = (date: string, now: Date) => t.database.db.transaction((tx) => queueDigests(tx, orgId, date, now));
const mailer = () => createMailer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}` })!;

describe('daily digest', () => {
  it('a user switches the digest on; their notifications no longer email one by one', async () => {
    const before = (await t.request({ url: '/api/v1/notification-preferences', cookie: employee })).json();
    expect(before).toMatchObject({ email: true, digest: 'off', digestTime: '07:30' });
    const on = await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { digest: 'daily' },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ email: true, digest: 'daily' });
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { digest: 'weekly' },
    });
    expect(bad.statusCode).toBe(400);
    const empty = await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: {},
    });
    expect(empty.statusCode).toBe(400);
    const [audit] = await queryRows<{ before: unknown; after: unknown }>(
      t.database.db,
      sql`select before, after from audit_events where action = 'notification_preferences.changed'
          and entity_id = ${employeeUserId} order by seq desc limit 1`,
    );
    expect(audit).toMatchObject({ before: { digest: 'off' }, after: { digest: 'daily', email: true } });

    const later = new Date(t.clock.now.getTime() + 60_000);
    const made = await notifyAt([item('a', '十月考核'), item('b', '十一月考核')], later);
    expect(made).toEqual({ created: 2, emails: 0, im: 0 });
    // Someone without the digest still gets their email at once.
    const other = await notifyAt(
      [{ ...item('c', '十一月考核'), userId: t.template.companyA.users.manager.userId }],
      later,
    );
    expect(other.emails).toBe(1);
  });

  it('the day’s digest lists the unread notifications in one email, once per day, and is in the log', async () => {
    const morning = new Date('2026-11-27T23:30:00Z');
    expect(await queue('2026-11-28', morning)).toEqual({ queued: 1 });
    expect(await queue('2026-11-28', new Date(morning.getTime() + 60_000))).toEqual({ queued: 0 });

    received.length = 0;
    const sent = await sendDueEmails(t.database.db, mailer(), morning, 50, { publicUrl: t.deps.config.publicUrl });
    expect(sent.failed).toBe(0);
    const digests = received.filter((m) => decode(m.raw).subject.includes('每日通知摘要'));
    expect(digests).toHaveLength(1);
    const { subject, body } = decode(digests[0].raw);
    expect(subject).toBe('Stride 每日通知摘要：2 条未读（2026-11-28）');
    expect(body).toContain('「十月考核」');
    expect(body).toContain('「十一月考核」');
    expect(body).toContain('https://hr.example.cn/my-reviews');
    expect(body).toContain('https://hr.example.cn/notifications');
    const [person] = await queryRows<{ email: string }>(
      t.database.db,
      sql`select e.email from employees e join users u on u.employee_id = e.id where u.id = ${employeeUserId}`,
    );
    expect(digests[0].to).toBe(person.email);
    // No single email of those two went out.
    expect(received.filter((m) => m.to === person.email)).toHaveLength(1);

    const log = (await t.request({ url: '/api/v1/notification-deliveries?channel=email', cookie: hr })).json();
    expect(log.items[0]).toMatchObject({
      channel: 'email',
      status: 'sent',
      notification: { id: null, kind: 'notifications.digest', title: 'Stride 每日通知摘要：2 条未读（2026-11-28）' },
    });
    expect(log.items[0].notification.recipient).toBe(t.template.companyA.users.employee.username);
  });

  it('the next digest holds only what came after, unread; nothing new means no email', async () => {
    const day2 = new Date('2026-11-28T05:00:00Z');
    await notifyAt([item('d', '十二月考核'), item('e', '年度考核')], day2);
    const [read] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from notifications where user_id = ${employeeUserId} and dedupe_key = 'digest-test:e'`,
    );
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/notifications/${read.id}/read`, cookie: employee })).statusCode,
    ).toBe(200);
    const morning = new Date('2026-11-28T23:30:00Z');
    expect(await queue('2026-11-29', morning)).toEqual({ queued: 1 });
    received.length = 0;
    await sendDueEmails(t.database.db, mailer(), morning, 50, { publicUrl: t.deps.config.publicUrl });
    expect(received).toHaveLength(1);
    const { subject, body } = decode(received[0].raw);
    expect(subject).toContain('1 条未读');
    expect(body).toContain('「十二月考核」');
    expect(body).not.toContain('「年度考核」');
    expect(body).not.toContain('「十月考核」');
    expect(await queue('2026-11-30', new Date('2026-11-29T23:30:00Z'))).toEqual({ queued: 0 });
  });

  it('a user with email switched off gets no digest; English users get it in English', async () => {
    await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { email: false },
    });
    await notifyAt([item('f', '补充考核')], new Date('2026-11-30T05:00:00Z'));
    expect(await queue('2026-12-01', new Date('2026-11-30T23:30:00Z'))).toEqual({ queued: 0 });

    await t.request({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      cookie: employee,
      body: { email: true },
    });
    await t.database.db.execute(sql`update users set locale = 'en-US' where id = ${employeeUserId}`);
    await notifyAt([item('g', 'Q4 review')], new Date('2026-12-01T05:00:00Z'));
    expect(await queue('2026-12-02', new Date('2026-12-01T23:30:00Z'))).toEqual({ queued: 1 });
    received.length = 0;
    await sendDueEmails(t.database.db, mailer(), new Date('2026-12-01T23:30:00Z'));
    const { subject, body } = decode(received[0].raw);
    // Both the one from while email was off and the new one are unread since the last digest.
    expect(subject).toBe('Stride daily digest: 2 unread notifications (2026-12-02)');
    expect(body).toContain('“Q4 review”');
  });
});
