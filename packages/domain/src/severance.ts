// Severance (经济补偿, Labor Contract Law Art. 46/47), pay in lieu of notice (代通知金, Art. 40 and
// Implementing Regulations Art. 20) and, for comparison, the damages of an unlawful termination (Art. 48/87).
import Decimal from 'decimal.js';
import { addDays, addMonths } from './probation';

/** Money arithmetic: products of 2-decimal amounts and multiples of 0.5 are exact at this precision. */
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Money = InstanceType<typeof Money>;

/**
 * Why the employment ends. Each maps to one entitlement:
 * - `art36_mutual`: mutual termination **proposed by the employer** (Art. 36 + 46(2)) → severance. A mutual
 *   termination the employee proposed owes none: use `employee_resignation` for it.
 * - `art38`: the employee terminates for the employer's fault (unpaid wages, no social insurance …) → severance
 *   (Art. 46(1)); no notice either way.
 * - `art40_1` (illness/injury, cannot return to work), `art40_2` (incompetent after training or transfer),
 *   `art40_3` (objective circumstances changed, no agreement on amending the contract) → severance (Art. 46(3)),
 *   plus one month's wage in lieu of notice unless 30 days' written notice was given.
 * - `art41`: economic layoff → severance (Art. 46(4)); no individual pay in lieu of notice (Art. 41 has its own
 *   30-day procedure with the union / all employees).
 * - `contract_expiry`: a fixed-term contract ends (Art. 44(1)) → severance (Art. 46(5)) unless the employer
 *   offered to renew on the same or better terms and the employee refused (`renewalOfferedAndRefused`).
 * - `art39`: dismissal for the employee's fault → no severance, no notice.
 * - `art21_probation`: not meeting the hiring conditions during probation (Art. 21, 39(1)) → none.
 * - `employee_resignation`: the employee resigns (Art. 37) → none.
 */
export const severanceGrounds = [
  'art36_mutual',
  'art38',
  'art40_1',
  'art40_2',
  'art40_3',
  'art41',
  'contract_expiry',
  'art39',
  'art21_probation',
  'employee_resignation',
] as const;
export type SeveranceGround = (typeof severanceGrounds)[number];

export interface SeveranceInput {
  /** Average monthly wage of the last 12 months (bonuses and allowances included), a decimal string. */
  monthlyWage: string;
  /** First day of employment (用工之日), YYYY-MM-DD. */
  startDate: string;
  /** Day the contract is terminated or ends (解除或终止之日), YYYY-MM-DD; counted as a day of service. */
  endDate: string;
  ground: SeveranceGround;
  /** Local average monthly wage of the year before the termination (上年度职工月平均工资). */
  localAverageMonthlyWage: string;
  /** The previous month's wage, for pay in lieu of notice (Reg. Art. 20); defaults to `monthlyWage`. */
  lastMonthWage?: string | null;
  /** 30 days' written notice was given (Art. 40): then no pay in lieu. Default false. */
  noticeGiven?: boolean;
  /** `contract_expiry` only: the employer offered renewal on the same or better terms and the employee refused. */
  renewalOfferedAndRefused?: boolean;
  /** Local minimum monthly wage: a 12-month average below it is raised to it (Reg. Art. 27). Optional. */
  localMinimumWage?: string | null;
}

/** How long the person served: whole calendar years and months from the start, plus the remaining days. */
export interface ServiceLength {
  years: number;
  months: number;
  days: number;
}

export type SeveranceLineKey =
  | 'service'
  | 'fullYears'
  | 'remainder'
  | 'minimumWage'
  | 'localAverage'
  | 'wageCap'
  | 'base'
  | 'monthsOfPay'
  | 'severance'
  | 'noticePay'
  | 'lawfulTotal'
  | 'unlawfulDamages'
  | 'pre2008';

/**
 * One step of the calculation. `value` is a decimal string (money with 2 places, months of pay like "3.5") or
 * empty for notes; `facts` holds what a presenter needs to explain the step (no wording here: the server
 * words it in the caller's language).
 */
export interface SeveranceLine {
  key: SeveranceLineKey;
  value: string;
  unit: 'money' | 'months' | 'years' | 'service' | 'note';
  facts: Record<string, string | number | boolean>;
}

export interface SeveranceResult {
  service: ServiceLength;
  /** N: months of pay for the service (after the 12-year cap when it applies), e.g. "4", "0.5". */
  monthsOfPay: string;
  /** Monthly wage the severance is computed on (after the minimum-wage floor and the 3x cap), 2 places. */
  base: string;
  /** Whether the monthly wage exceeded 3x the local average (base and years capped). */
  isCapped: boolean;
  /** Whether the ground entitles the person to severance. */
  isEntitled: boolean;
  /** base x N when entitled, else "0.00". */
  severance: string;
  /** One month's wage when an Art. 40 ground is used without 30 days' notice, else "0.00". */
  noticePay: string;
  /** 2 x the lawful severance figure for the service (Art. 87), whatever the ground: for comparison. */
  unlawfulDamages: string;
  lines: SeveranceLine[];
}

export type SeveranceOutcome = { ok: true; result: SeveranceResult } | { ok: false; reason: 'END_BEFORE_START' };

/** The Labor Contract Law took effect on this day; earlier service follows the rules of the time (Art. 97). */
const LCL_EFFECTIVE = '2008-01-01';
const YEARS_CAP = 12;

const ART40_GROUNDS: ReadonlySet<SeveranceGround> = new Set(['art40_1', 'art40_2', 'art40_3']);
const ENTITLED_GROUNDS: ReadonlySet<SeveranceGround> = new Set([
  'art36_mutual',
  'art38',
  'art40_1',
  'art40_2',
  'art40_3',
  'art41',
  'contract_expiry',
]);

function money(value: string, what: string): Money {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`${what}: not a non-negative decimal: ${value}`);
  return new Money(text);
}

const fixed2 = (d: Money) => d.toFixed(2, Decimal.ROUND_HALF_UP);

/**
 * Service length from `startDate` to `endDate`, both days included (the termination day is a day of service,
 * as 届满 counts its boundary). Whole months are counted by calendar anniversaries of the start day: from
 * 2022-03-01, one month is complete on 2022-03-31, six on 2022-08-31, a year on 2023-02-28. A start on the
 * 29th–31st has its anniversary on the last day of a shorter month (2024-01-31 + 1 month = 2024-02-29), so
 * 2024-01-31 to 2024-02-28 is one whole month. Null when the end precedes the start.
 */
export function serviceLength(startDate: string, endDate: string): ServiceLength | null {
  if (endDate < startDate) return null;
  const dayAfterEnd = addDays(endDate, 1);
  const [sy, sm] = startDate.split('-').map(Number);
  const [ey, em] = dayAfterEnd.split('-').map(Number);
  // The anniversary in dayAfterEnd's month is reached or not; the calendar difference is exact or one too many.
  let months = ey * 12 + em - (sy * 12 + sm);
  if (addMonths(startDate, months) > dayAfterEnd) months--;
  const anniversary = addMonths(startDate, months);
  const days = Math.round(
    (Date.parse(`${dayAfterEnd}T00:00:00Z`) - Date.parse(`${anniversary}T00:00:00Z`)) / 86_400_000,
  );
  return { years: Math.floor(months / 12), months: months % 12, days };
}

/**
 * Months of pay for a service length (Art. 47 para. 1): one per full year; a remainder of six months or more
 * counts as a year, any shorter remainder (even a few days) as half a month. Exactly six whole months is
 * "满六个月" (counted as a year); six months less a day is half a month.
 */
export function monthsOfPayFor(service: ServiceLength): { fullYears: number; remainder: '0' | '0.5' | '1' } {
  const remainder = service.months >= 6 ? '1' : service.months > 0 || service.days > 0 ? '0.5' : '0';
  return { fullYears: service.years, remainder };
}

/**
 * The severance calculation, every step kept as a line. Decisions (beyond the statute's text):
 * - The cap compares the monthly wage (after the minimum-wage floor) with 3x the local average: only a wage
 *   strictly above it (高于) is capped; equal is not.
 * - Under the cap, N is at most 12 months of pay (the 12-year limit; a half month counts towards it).
 * - Pay in lieu of notice is the previous month's wage as given, neither floored nor capped.
 * - Unlawful damages are 2x the rounded lawful severance figure, for every ground (Art. 87; Reg. Art. 25:
 *   counted from the start of employment, no severance on top).
 * - Service before 2008-01-01 is counted as if the current law applied throughout; a `pre2008` note says so
 *   (Art. 97: those years follow the rules of the time, and with a capped wage they are not capped).
 * Money is rounded to 2 places, half up, at the end of each figure.
 */
export function calculateSeverance(input: SeveranceInput): SeveranceOutcome {
  const service = serviceLength(input.startDate, input.endDate);
  if (!service) return { ok: false, reason: 'END_BEFORE_START' };
  const wage = money(input.monthlyWage, 'monthlyWage');
  const average = money(input.localAverageMonthlyWage, 'localAverageMonthlyWage');
  const lastMonth = input.lastMonthWage ? money(input.lastMonthWage, 'lastMonthWage') : wage;
  const minimum = input.localMinimumWage ? money(input.localMinimumWage, 'localMinimumWage') : null;
  const lines: SeveranceLine[] = [];
  const line = (key: SeveranceLineKey, value: string, unit: SeveranceLine['unit'], facts: SeveranceLine['facts']) =>
    lines.push({ key, value, unit, facts });

  line('service', '', 'service', { ...service, startDate: input.startDate, endDate: input.endDate });
  if (input.startDate < LCL_EFFECTIVE) line('pre2008', '', 'note', { effective: LCL_EFFECTIVE });

  const { fullYears, remainder } = monthsOfPayFor(service);
  line('fullYears', String(fullYears), 'years', { years: fullYears });
  line('remainder', remainder, 'months', { months: service.months, days: service.days, remainder });
  const uncapped = new Money(fullYears).plus(remainder);

  let wageUsed = wage;
  if (minimum) {
    const raised = wage.lt(minimum);
    if (raised) wageUsed = minimum;
    line('minimumWage', fixed2(minimum), 'money', { raised, wage: fixed2(wage) });
  }
  const cap = average.times(3);
  const isCapped = wageUsed.gt(cap);
  line('localAverage', fixed2(average), 'money', {});
  line('wageCap', fixed2(cap), 'money', { isCapped, wage: fixed2(wageUsed) });
  const base = isCapped ? cap : wageUsed;
  line('base', fixed2(base), 'money', { isCapped });

  const months = isCapped ? Money.min(uncapped, YEARS_CAP) : uncapped;
  line('monthsOfPay', months.toString(), 'months', {
    uncapped: uncapped.toString(),
    yearsCapped: !months.eq(uncapped),
    cap: YEARS_CAP,
  });

  const standard = new Money(fixed2(base.times(months)));
  const isEntitled =
    ENTITLED_GROUNDS.has(input.ground) && !(input.ground === 'contract_expiry' && input.renewalOfferedAndRefused);
  const severance = isEntitled ? standard : new Money(0);
  line('severance', fixed2(severance), 'money', {
    ground: input.ground,
    isEntitled,
    base: fixed2(base),
    months: months.toString(),
    renewalOfferedAndRefused: Boolean(input.renewalOfferedAndRefused),
  });

  const isArt40 = ART40_GROUNDS.has(input.ground);
  const noticeGiven = Boolean(input.noticeGiven);
  const noticePay = isArt40 && !noticeGiven ? new Money(fixed2(lastMonth)) : new Money(0);
  line('noticePay', fixed2(noticePay), 'money', { ground: input.ground, isArt40, noticeGiven });
  line('lawfulTotal', fixed2(severance.plus(noticePay)), 'money', {});

  const damages = standard.times(2);
  line('unlawfulDamages', fixed2(damages), 'money', { standard: fixed2(standard), months: months.toString() });

  return {
    ok: true,
    result: {
      service,
      monthsOfPay: months.toString(),
      base: fixed2(base),
      isCapped,
      isEntitled,
      severance: fixed2(severance),
      noticePay: fixed2(noticePay),
      unlawfulDamages: fixed2(damages),
      lines,
    },
  };
}
