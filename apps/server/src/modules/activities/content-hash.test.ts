import { activityInput } from '@stride/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../lib/crypto';
import { amountOf, contentHashOf, instantOf, personRefOf } from './ingest.service';

/** The definition contentHashOf writes out field by field: canonical JSON of the content as stored. */
function reference(raw: unknown) {
  const item = activityInput.parse(raw);
  const amount = amountOf(item);
  const personRef = personRefOf(item);
  const { externalId: _id, ...content } = item;
  const expected = sha256Hex(
    canonicalJson({ ...content, amount, personRef, occurredAt: new Date(item.occurredAt).toISOString() }),
  );
  return { expected, actual: contentHashOf(item, amount, personRef) };
}

describe('contentHashOf', () => {
  it('equals SHA-256 of the canonical JSON for every combination of optional fields (property)', () => {
    const optional: Record<string, unknown>[] = [
      { amount: '12800.5' },
      { attributes: { z: 1, a: { y: [2, { c: 'x', b: null }] }, 中文: '值' } },
      { currency: 'USD' },
      { customer: { tier: 'high_value', externalId: 'C-77', name: '上海某贸易有限公司' } },
      { quantity: 3 },
      { voided: true },
      { voided: false },
    ];
    const people = [{ employeeNo: 'E1024' }, { email: 'Li.Lei@Example.com' }, { externalUserId: 'u-17' }];
    let checked = 0;
    for (let mask = 0; mask < 1 << optional.length; mask++) {
      const person = people[mask % people.length];
      const raw = Object.assign(
        { externalId: 'SF-1', type: 'order', occurredAt: '2026-03-05T10:20:00.123+08:00' },
        person,
        ...optional.filter((_, i) => mask & (1 << i)),
      );
      const { expected, actual } = reference(raw);
      expect(actual).toBe(expected);
      checked++;
    }
    expect(checked).toBe(128);
  });

  it('changes when any stored field changes', () => {
    const base = { externalId: 'SF-1', type: 'order', employeeNo: 'E1', occurredAt: '2026-03-05T10:20:00+08:00' };
    const h = (raw: object) => reference(raw).actual;
    const all = [
      h(base),
      h({ ...base, amount: '1' }),
      h({ ...base, type: 'payment' }),
      h({ ...base, employeeNo: 'E2' }),
      h({ ...base, occurredAt: '2026-03-05T10:20:01+08:00' }),
      h({ ...base, voided: true }),
      h({ ...base, attributes: { stage: 'won' } }),
    ];
    expect(new Set(all).size).toBe(all.length);
    // The same instant written with another offset is the same fact.
    expect(h({ ...base, occurredAt: '2026-03-05T02:20:00Z' })).toBe(h(base));
  });
});

describe('instantOf', () => {
  it('keeps microseconds and rounds further digits as PostgreSQL does, which can decide the day', () => {
    expect(instantOf('2026-03-05T10:20:00+08:00')).toBe(Date.parse('2026-03-05T10:20:00+08:00'));
    expect(instantOf('2026-03-05T10:20:00.123Z')).toBe(Date.parse('2026-03-05T10:20:00.123Z'));
    expect(instantOf('2026-03-05T10:20:00.1234567Z')).toBeCloseTo(Date.parse('2026-03-05T10:20:00.123Z') + 0.457, 6);
    // The last digits round up into the next day, as the stored timestamp does.
    expect(new Date(instantOf('2026-03-31T23:59:59.9999995Z')).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(new Date(instantOf('2026-03-31T23:59:59.9999994Z')).toISOString()).toBe('2026-03-31T23:59:59.999Z');
  });
});
