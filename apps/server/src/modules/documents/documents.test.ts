import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'drizzle-orm';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, ORIGIN, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { money, serviceLength, zhDate } from './data';

// Document templates (文书模板) end to end through HTTP on a real database: the list, the built-in templates,
// an organization's own upload checked before it is stored, the preview, optimistic versions, restoring the
// built-in template, who may do what, and the improvement plan document printed from the organization's template.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let hrUsername: string;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const get = (url: string, cookie: string, lang = 'zh-CN') =>
  t.request({ url, cookie, headers: { 'accept-language': lang } });
const put = (
  kind: string,
  cookie: string,
  content: Buffer,
  o: { version?: number; lang?: string; fileName?: string; type?: string } = {},
) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/document-templates/${kind}${o.version === undefined ? '' : `?version=${o.version}`}`,
    headers: {
      host: HOST,
      origin: ORIGIN,
      cookie,
      'content-type': o.type ?? DOCX,
      'accept-language': o.lang ?? 'zh-CN',
      ...(o.fileName ? { 'x-file-name': encodeURIComponent(o.fileName) } : {}),
    },
    payload: content,
  });
const del = (kind: string, cookie: string, version?: number) =>
  t.request({
    method: 'DELETE',
    url: `/api/v1/document-templates/${kind}${version === undefined ? '' : `?version=${version}`}`,
    cookie,
  });
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.deps.db, q))[0];
const auditCount = async (action: string) =>
  (await one<{ n: number }>(sql`select count(*)::int as n from audit_events where action = ${action}`)).n;
const storedCount = async () => (await one<{ n: number }>(sql`select count(*)::int as n from document_templates`)).n;

/** The visible text of a DOCX's body. */
const textOf = (docx: Buffer) =>
  new PizZip(docx)
    .file('word/document.xml')!
    .asText()
    .replace(/<[^>]+>/g, '');
/** A DOCX with one paragraph per line, as a person would write it in Word. */
const docxOf = (lines: string[]) =>
  Packer.toBuffer(
    new Document({
      sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
    }),
  );
const template = async (kind: string, cookie = c.hr) =>
  (await get('/api/v1/document-templates', cookie)).json().items.find((i: { kind: string }) => i.kind === kind);

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  const { companyA, companyB } = t.template;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  hrUsername = companyA.users.hr.username;
});
afterAll(() => t.close());

describe('the built-in templates', () => {
  it('lists the five kinds, built-in, with their placeholders in the caller’s language', async () => {
    const res = await get('/api/v1/document-templates', c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { kind: string }) => i.kind)).toEqual([
      'improvement_plan',
      'transfer_notice',
      'termination_notice',
      'mutual_termination_agreement',
      'termination_certificate',
    ]);
    for (const i of items) expect(i).toMatchObject({ custom: false, version: 0, updatedAt: null, updatedBy: null });
    expect(items[2].fileName).toBe('解除劳动合同通知书.docx');
    const plan = items[0].placeholders;
    expect(plan).toContainEqual({ key: 'person.name', description: '员工姓名', loop: false });
    expect(plan).toContainEqual({ key: 'goals', description: '业绩目标（循环）', loop: true });
    // The certificate never offers the reason (Art. 50; Implementing Regulations Art. 24).
    expect(items[4].placeholders.map((p: { key: string }) => p.key)).not.toContain('reason');
    const en = (await get('/api/v1/document-templates', c.hr, 'en-US')).json().items[0].placeholders;
    expect(en).toContainEqual({ key: 'person.name', description: "Employee's name", loop: false });
  });

  it('downloads a built-in template as a DOCX holding the tags', async () => {
    const res = await get('/api/v1/document-templates/termination_notice/file', c.hr);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('解除劳动合同通知书.docx'));
    const text = textOf(res.rawPayload);
    expect(text).toContain('解除劳动合同通知书');
    expect(text).toContain('{person.name}');
    expect(text).toContain('{groundArticle}');
    expect(text).toContain('{#hasSeverance}');
  });

  it('previews each built-in template filled with a made-up person, lawfully worded, never an ID number', async () => {
    const notice = textOf((await get('/api/v1/document-templates/termination_notice/preview', c.hr)).rawPayload);
    expect(notice).toContain('李明（示例）');
    expect(notice).toContain('《中华人民共和国劳动合同法》第四十条第（二）项');
    expect(notice).toContain('劳动合同解除日期（最后工作日）为2026年12月31日');
    expect(notice).toContain('代通知金，计人民币12,000.00元');
    expect(notice).toContain('经济补偿，计人民币48,000.00元');
    expect(notice).toContain('第五十条');
    expect(notice).toContain('十五日内');
    expect(notice).not.toContain('不支付经济补偿');
    expect(notice).not.toMatch(/[{}]/);
    const agreement = textOf(
      (await get('/api/v1/document-templates/mutual_termination_agreement/preview', c.hr)).rawPayload,
    );
    expect(agreement).toContain('第三十六条');
    expect(agreement).toContain('计人民币48,000.00元，于2027年1月15日前一次性支付');
    expect(agreement).toContain('乙方签字');
    expect(agreement).toContain('甲方代表签字');
    const certificate = textOf(
      (await get('/api/v1/document-templates/termination_certificate/preview', c.hr)).rawPayload,
    );
    expect(certificate).toContain('工作年限为3年8个月');
    expect(certificate).toContain('合同期限至无固定期限');
    expect(certificate).not.toMatch(/不能胜任|协商|理由|原因/);
    const plan = textOf((await get('/api/v1/document-templates/improvement_plan/preview', c.hr)).rawPayload);
    expect(plan).toContain('1. 业绩指标：月度销售额，改进期间内月均不低于 70000。');
    expect(plan).toContain('3. 行为目标：每周拜访客户不少于 5 次（衡量方式：CRM 拜访记录）');
    expect(plan).toContain('原定至2026年11月30日');
    for (const text of [notice, agreement, certificate, plan]) expect(text).not.toMatch(/\d{17}[\dXx]/);
  });

  it('formats money and service length exactly', () => {
    expect(money('40000')).toBe('40,000.00');
    expect(money('1234567.005')).toBe('1,234,567.01');
    expect(money('0.5')).toBe('0.50');
    expect(money(null)).toBe('');
    expect(serviceLength('2023-04-10', '2026-12-31')).toBe('3年8个月');
    expect(serviceLength('2025-03-01', '2026-02-28')).toBe('1年0个月');
    expect(serviceLength('2026-11-01', '2026-11-15')).toBe('0年0个月');
    expect(zhDate('2026-11-27')).toBe('2026年11月27日');
  });
});

describe('an organization’s own template', () => {
  it('is uploaded by HR, stored with a new version, and prints in the preview', async () => {
    const custom = await docxOf([
      '调岗通知（本公司格式）',
      '{person.name}同志：',
      '本公司特别约定：自{effectiveDate}起，您到{to.unit}任{to.position}。',
    ]);
    const res = await put('transfer_notice', c.hr, custom, { version: 0, fileName: '我的调岗通知.docx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'transfer_notice',
      custom: true,
      version: 1,
      fileName: '我的调岗通知.docx',
      updatedBy: hrUsername,
    });
    expect(await auditCount('document_template.uploaded')).toBe(1);
    const preview = await get('/api/v1/document-templates/transfer_notice/preview', c.hr);
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.rawPayload);
    expect(text).toContain('李明（示例）同志：');
    expect(text).toContain('本公司特别约定：自2027年1月1日起，您到华南大区销售二部任客户经理。');
    expect(text).not.toContain('岗位调整通知书');
    // The download is the file as uploaded.
    const file = await get('/api/v1/document-templates/transfer_notice/file', c.hr);
    expect(Buffer.compare(file.rawPayload, custom)).toBe(0);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('我的调岗通知.docx'));
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const other = await docxOf(['{person.name}：另一版本']);
    const stale = await put('transfer_notice', c.admin, other, { version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DOCUMENT_TEMPLATE_VERSION_CONFLICT');
    expect(await template('transfer_notice')).toMatchObject({ version: 1, fileName: '我的调岗通知.docx' });
    const ok = await put('transfer_notice', c.admin, other, { version: 1, type: 'application/octet-stream' });
    expect(ok.statusCode, ok.body).toBe(200);
    // No file name given: the kind's title.
    expect(ok.json()).toMatchObject({ version: 2, fileName: '岗位调整通知书.docx' });
  });

  it('refuses an unknown placeholder, listing each, and stores nothing', async () => {
    const before = await storedCount();
    const bad = await docxOf(['{person.name}', '身份证号：{person.idNumber}', '{#goals}{name}{salary}{/goals}']);
    const res = await put('improvement_plan', c.hr, bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('DOCUMENT_TEMPLATE_UNKNOWN_PLACEHOLDER');
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['person.idNumber', 'salary']);
    expect(res.json().errors[0].message).toContain('不是此类文书可用的占位符');
    const en = await put('improvement_plan', c.hr, bad, { lang: 'en-US' });
    expect(en.json().detail).toContain('placeholders this kind of document does not offer');
    expect(en.json().errors[0].message).toContain('is not a placeholder this kind of document offers');
    // A loop's own fields are known only inside the loop.
    const outside = await put('improvement_plan', c.hr, await docxOf(['{name}']));
    expect(outside.json().errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    expect(await storedCount()).toBe(before);
    expect(await template('improvement_plan')).toMatchObject({ custom: false, version: 0 });
  });

  it('refuses malformed tags with each error named, and stores nothing', async () => {
    const before = await storedCount();
    const unclosed = await put('termination_notice', c.hr, await docxOf(['{person.name', '正文']));
    expect(unclosed.statusCode).toBe(422);
    expect(unclosed.json().code).toBe('DOCUMENT_TEMPLATE_INVALID');
    expect(unclosed.json().errors[0]).toMatchObject({ code: 'TEMPLATE_UNCLOSED_TAG' });
    expect(unclosed.json().errors[0].message).toContain('{person.name');
    const loops = await put(
      'termination_notice',
      c.hr,
      await docxOf(['{/hasSeverance}', '{#hasNoticePay}代通知金{noticePay}'] as string[]),
      { lang: 'en-US' },
    );
    expect(loops.statusCode).toBe(422);
    const codes = loops.json().errors.map((e: { code: string }) => e.code);
    expect(codes).toContain('TEMPLATE_UNOPENED_LOOP');
    expect(codes).toContain('TEMPLATE_UNCLOSED_LOOP');
    expect(loops.json().errors.find((e: { code: string }) => e.code === 'TEMPLATE_UNOPENED_LOOP').message).toBe(
      'The closing tag “{/hasSeverance}” has no opening “{#hasSeverance}”',
    );
    const raw = await put('termination_notice', c.hr, await docxOf(['{@person.name}']));
    expect(raw.json().code).toBe('DOCUMENT_TEMPLATE_INVALID');
    expect(await storedCount()).toBe(before);
    expect(await template('termination_notice')).toMatchObject({ custom: false });
  });

  it('refuses a file that is not a DOCX, and an empty body', async () => {
    const before = await storedCount();
    const text = await put('termination_certificate', c.hr, Buffer.from('这不是 Word 文档'));
    expect(text.statusCode).toBe(422);
    expect(text.json().code).toBe('DOCUMENT_TEMPLATE_NOT_DOCX');
    const zip = new PizZip();
    zip.file('readme.txt', 'not a document');
    const notWord = await put('termination_certificate', c.hr, zip.generate({ type: 'nodebuffer' }));
    expect(notWord.json().code).toBe('DOCUMENT_TEMPLATE_NOT_DOCX');
    // A small file that would unpack to more than 100 MB (a zip bomb) is refused before it is inflated.
    const bomb = new PizZip((await get('/api/v1/document-templates/termination_certificate/file', c.hr)).rawPayload);
    bomb.file('word/media/filler.bin', Buffer.alloc(120 * 1024 * 1024));
    const packed = bomb.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(packed.length).toBeLessThan(5 * 1024 * 1024);
    const tooBig = await put('termination_certificate', c.hr, packed);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('PAYLOAD_TOO_LARGE');
    const over = await put('termination_certificate', c.hr, Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(over.statusCode).toBe(413);
    const empty = await put('termination_certificate', c.hr, Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    const json = await t.request({
      method: 'PUT',
      url: '/api/v1/document-templates/termination_certificate',
      cookie: c.hr,
      body: { content: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const unknownKind = await put('payslip', c.hr, await docxOf(['{person.name}']));
    expect(unknownKind.statusCode).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('is for admin and HR only, and each organization sees only its own', async () => {
    const paths = [
      '/api/v1/document-templates',
      '/api/v1/document-templates/transfer_notice/file',
      '/api/v1/document-templates/transfer_notice/preview',
    ];
    for (const cookie of [c.manager, c.employee]) {
      for (const p of paths) expect((await get(p, cookie)).statusCode, p).toBe(403);
      expect((await put('transfer_notice', cookie, await docxOf(['{person.name}']))).statusCode).toBe(403);
      expect((await del('transfer_notice', cookie)).statusCode).toBe(403);
    }
    expect(await template('transfer_notice')).toMatchObject({ custom: true, version: 2 });
    expect(await template('transfer_notice', c.hrB)).toMatchObject({ custom: false, version: 0 });
    const bPreview = textOf((await get('/api/v1/document-templates/transfer_notice/preview', c.hrB)).rawPayload);
    expect(bPreview).toContain('岗位调整通知书');
    expect(bPreview).not.toContain('另一版本');
  });

  it('goes back to the built-in template, audited; a stale version is refused', async () => {
    const stale = await del('transfer_notice', c.hr, 1);
    expect(stale.statusCode).toBe(409);
    expect(await template('transfer_notice')).toMatchObject({ custom: true });
    const res = await del('transfer_notice', c.hr, 2);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ custom: false, version: 0, fileName: '岗位调整通知书.docx' });
    expect(await auditCount('document_template.restored_default')).toBe(1);
    const file = textOf((await get('/api/v1/document-templates/transfer_notice/file', c.hr)).rawPayload);
    expect(file).toContain('岗位调整通知书');
    expect(file).toContain('{to.unit}');
    // Restoring when already built-in changes nothing.
    expect((await del('transfer_notice', c.hr)).statusCode).toBe(200);
    expect(await auditCount('document_template.restored_default')).toBe(1);
  });
});

describe('the improvement plan document', () => {
  it('prints from the organization’s own template', async () => {
    const { companyA } = t.template;
    const people = (
      await get(`/api/v1/employees?unitId=${companyA.managedRegionId}&status=regular&limit=50`, c.hr)
    ).json().items as { id: string; name: string; employeeNo: string }[];
    const person = people.find(
      (p) => p.id !== companyA.users.employee.employeeId && p.id !== companyA.users.manager.employeeId,
    )!;
    await t.deps.db.execute(sql`update employees set hire_date = '2025-01-01' where id = ${person.id}`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/plans',
      cookie: c.hr,
      body: {
        employeeId: person.id,
        startDate: '2026-10-01',
        endDate: '2026-11-30',
        goals: [
          { kind: 'metric', metricKey: 'revenue', target: '70000', direction: 'higher' },
          { kind: 'behaviour', text: '每周拜访客户不少于 5 次', measure: 'CRM 拜访记录' },
        ],
        checkInDates: ['2026-10-15'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/v1/plans/${created.json().id}/document.docx`;
    const builtIn = textOf((await get(url, c.hr)).rawPayload);
    expect(builtIn).toContain('绩效改进计划书');
    expect(builtIn).toContain('1. 业绩指标：');
    expect(builtIn).toContain('2. 行为目标：每周拜访客户不少于 5 次');

    const own = await docxOf([
      '本公司绩效改进约定',
      '{person.name}（{person.employeeNo}），{startDate}—{endDate}',
      '{#goals}',
      '目标{no}：{name}{comparison}{target}',
      '{/goals}',
      '{#behaviours}',
      '目标{no}：{text}',
      '{/behaviours}',
      '面谈：{checkInsText}{#hasCoach}，辅导人{coach}{/hasCoach}',
    ]);
    expect((await put('improvement_plan', c.hr, own)).statusCode).toBe(200);
    const res = await get(url, c.hr);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.rawPayload);
    expect(text).toContain('本公司绩效改进约定');
    expect(text).toContain(`${person.name}（${person.employeeNo}），2026年10月1日—2026年11月30日`);
    expect(text).toMatch(/目标1：.+不低于70000/);
    expect(text).toContain('目标2：每周拜访客户不少于 5 次');
    expect(text).toContain('面谈：2026年10月15日');
    expect(text).not.toContain('辅导人');
    expect(text).not.toContain('绩效改进计划书');
    expect(text).not.toMatch(/[{}]/);
  });
});
