import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_IMPORT_FIELDS,
  detectHeaderRow,
  type FieldSpec,
  PERSON_IMPORT_FIELDS,
  suggestColumnMapping,
} from './suggest-mapping';

const fieldsOf = (headers: string[], fields: readonly FieldSpec[]) =>
  suggestColumnMapping(headers, fields).map((m) => m.field);

describe('alias tables', () => {
  it.each([
    ['activity', ACTIVITY_IMPORT_FIELDS],
    ['person', PERSON_IMPORT_FIELDS],
  ])('%s fields have unique keys and every alias maps back to its own field', (_, fields) => {
    const keys = fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const field of fields) {
      for (const alias of field.aliases) {
        expect(suggestColumnMapping([alias], fields)[0], alias).toMatchObject({ field: field.key });
      }
    }
  });

  it('exposes the keys the import wizard expects', () => {
    expect(ACTIVITY_IMPORT_FIELDS.map((f) => f.key)).toEqual([
      'externalId',
      'type',
      'employeeNo',
      'email',
      'externalUserId',
      'occurredAt',
      'amount',
      'currency',
      'customerExternalId',
      'customerName',
      'customerTier',
    ]);
    expect(PERSON_IMPORT_FIELDS.map((f) => f.key)).toContain('regularizationDate');
    expect(PERSON_IMPORT_FIELDS).toHaveLength(16);
  });
});

describe('suggestColumnMapping', () => {
  it('maps a typical CRM order export', () => {
    const headers = [
      '订单编号',
      '*工号：',
      '客户名称',
      '客户编号',
      '订单金额(元)',
      '下单日期',
      '类型',
      'Email',
      '备注',
    ];
    expect(suggestColumnMapping(headers, ACTIVITY_IMPORT_FIELDS)).toEqual([
      { header: '订单编号', field: 'externalId', confidence: 'fuzzy' },
      { header: '*工号：', field: 'employeeNo', confidence: 'alias' },
      { header: '客户名称', field: 'customerName', confidence: 'alias' },
      { header: '客户编号', field: 'customerExternalId', confidence: 'alias' },
      { header: '订单金额(元)', field: 'amount', confidence: 'fuzzy' },
      { header: '下单日期', field: 'occurredAt', confidence: 'alias' },
      { header: '类型', field: 'type', confidence: 'alias' },
      { header: 'Email', field: 'email', confidence: 'exact' },
      { header: '备注', field: null, confidence: 'none' },
    ]);
  });

  it('maps a typical HR roster, including padded and full-width headers', () => {
    const headers = ['序号', '姓  名', '工号', '部门', '职位', '直属上级', '入职日期', '身份证号码', '手机号', '状态'];
    expect(fieldsOf(headers, PERSON_IMPORT_FIELDS)).toEqual([
      null,
      'name',
      'employeeNo',
      'unit',
      'position',
      'manager',
      'hireDate',
      'idNumber',
      'phone',
      'status',
    ]);
    expect(fieldsOf(['＊工号', '【姓名】', 'ＥＭＡＩＬ'], PERSON_IMPORT_FIELDS)).toEqual([
      'employeeNo',
      'name',
      'email',
    ]);
  });

  it('treats the field key in any case convention as exact', () => {
    for (const h of ['employeeNo', 'EMPLOYEE_NO', 'employee-no', 'Employee No']) {
      expect(suggestColumnMapping([h], PERSON_IMPORT_FIELDS)[0]).toMatchObject({
        field: 'employeeNo',
        confidence: 'exact',
      });
    }
  });

  it('uses each field at most once, strongest match first', () => {
    // exact beats alias even when the alias column comes first
    expect(fieldsOf(['工号', 'employeeNo'], PERSON_IMPORT_FIELDS)).toEqual([null, 'employeeNo']);
    // alias beats a contained alias
    expect(fieldsOf(['订单金额(元)', '金额'], ACTIVITY_IMPORT_FIELDS)).toEqual([null, 'amount']);
    // equal strength: the leftmost column wins
    expect(fieldsOf(['金额', '订单金额'], ACTIVITY_IMPORT_FIELDS)).toEqual(['amount', null]);
    // a longer contained alias is more specific than a shorter one
    expect(fieldsOf(['客户名称(全称)', '客户(简称)'], ACTIVITY_IMPORT_FIELDS)).toEqual(['customerName', null]);
  });

  it('lets a specific column claim its field before a generic one could take it', () => {
    expect(fieldsOf(['客户', '客户编号'], ACTIVITY_IMPORT_FIELDS)).toEqual(['customerName', 'customerExternalId']);
    expect(fieldsOf(['员工编号', '编号'], ACTIVITY_IMPORT_FIELDS)).toEqual(['employeeNo', 'externalId']);
  });

  it('matches ASCII aliases only on word boundaries', () => {
    expect(fieldsOf(['paid', 'update'], ACTIVITY_IMPORT_FIELDS)).toEqual([null, null]);
    expect(fieldsOf(['Order ID', 'Close Date'], ACTIVITY_IMPORT_FIELDS)).toEqual(['externalId', 'occurredAt']);
    expect(fieldsOf(['客户ID'], ACTIVITY_IMPORT_FIELDS)).toEqual(['customerExternalId']);
  });

  it('handles empty, blank and unknown headers', () => {
    expect(suggestColumnMapping([], ACTIVITY_IMPORT_FIELDS)).toEqual([]);
    expect(suggestColumnMapping(['', '  ', '*'], ACTIVITY_IMPORT_FIELDS).every((m) => m.field === null)).toBe(true);
    expect(suggestColumnMapping(['x'], [])).toEqual([{ header: 'x', field: null, confidence: 'none' }]);
  });

  it('keeps the original header text and order', () => {
    const headers = ['  *金额 ', '日期'];
    expect(suggestColumnMapping(headers, ACTIVITY_IMPORT_FIELDS).map((m) => m.header)).toEqual(headers);
  });

  it('never assigns a field twice for shuffled alias headers (property)', () => {
    const all = ACTIVITY_IMPORT_FIELDS.flatMap((f) => f.aliases);
    for (let shift = 0; shift < all.length; shift++) {
      const headers = [...all.slice(shift), ...all.slice(0, shift)];
      const assigned = fieldsOf(headers, ACTIVITY_IMPORT_FIELDS).filter((f) => f !== null);
      expect(new Set(assigned).size).toBe(assigned.length);
      expect(assigned).toHaveLength(ACTIVITY_IMPORT_FIELDS.length);
    }
  });
});

describe('detectHeaderRow', () => {
  it('skips title and blank rows above the header', () => {
    const rows = [
      ['2025年1月销售订单明细'],
      [],
      ['导出时间：2025-02-01', null],
      ['单号', '工号', '日期', '金额', '客户'],
      ['SO-1', 'E001', '2025-01-05', 12800, '星辰科技'],
    ];
    expect(detectHeaderRow(rows, ACTIVITY_IMPORT_FIELDS)).toBe(3);
  });

  it('returns 0 for a sheet whose first row is the header', () => {
    expect(
      detectHeaderRow(
        [
          ['姓名', '工号', '部门'],
          ['张三', 'E001', '销售一部'],
        ],
        PERSON_IMPORT_FIELDS,
      ),
    ).toBe(0);
  });

  it('picks the row matching the most fields, the first one on ties', () => {
    const rows = [
      ['姓名', '工号'],
      ['姓名', '工号', '部门', '入职日期'],
      ['姓名', '工号', '部门', '入职日期'],
    ];
    expect(detectHeaderRow(rows, PERSON_IMPORT_FIELDS)).toBe(1);
  });

  it('returns -1 when no row matches at least two fields', () => {
    expect(detectHeaderRow([], PERSON_IMPORT_FIELDS)).toBe(-1);
    expect(detectHeaderRow([['姓名'], ['张三']], PERSON_IMPORT_FIELDS)).toBe(-1);
    expect(
      detectHeaderRow(
        [
          ['a', 'b'],
          [1, 2],
        ],
        PERSON_IMPORT_FIELDS,
      ),
    ).toBe(-1);
  });

  it('only scans the first maxScan rows', () => {
    const rows = [...Array.from({ length: 10 }, () => ['']), ['姓名', '工号']];
    expect(detectHeaderRow(rows, PERSON_IMPORT_FIELDS)).toBe(-1);
    expect(detectHeaderRow(rows, PERSON_IMPORT_FIELDS, 11)).toBe(10);
  });

  it('ignores non-text cells and malformed rows', () => {
    const rows = [[1, 2, 3], null as unknown as unknown[], [new Date(), '姓名', undefined, '部门']];
    expect(detectHeaderRow(rows, PERSON_IMPORT_FIELDS)).toBe(2);
  });
});
