import { z } from 'zod';
import { moneyInput } from './activities';
import { isoDate, uuid } from './common';

/**
 * Why the employment ends (Labor Contract Law). Severance: art36_mutual (employer-proposed), art38, art40_1–3,
 * art41, contract_expiry (unless a same-or-better renewal was refused); none: art39, art21_probation,
 * employee_resignation. Pay in lieu of notice: art40_* only.
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
export const severanceGround = z.enum(severanceGrounds);
export type SeveranceGroundCode = z.infer<typeof severanceGround>;

/** A city code: lower-case pinyin (shanghai, beijing, shenzhen), letters and hyphens. */
export const cityCode = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z-]{1,39}$/, { message: 'CITY_INVALID' }));

/** Money that must be above zero (an average or minimum wage of 0 would make every cap meaningless). */
export const positiveMoney = moneyInput.refine((v) => Number(v) > 0, { message: 'AMOUNT_NOT_POSITIVE' });

/**
 * POST /calculators/severance. Give the local average monthly wage of the year before the termination, or a
 * city to look it up (the organization's figure first, else Stride's): exactly one of the two.
 */
export const severanceRequest = z
  .object({
    /** Average monthly wage of the last 12 months before the termination (bonuses and allowances included). */
    monthlyWage: moneyInput,
    /** First day of employment. */
    startDate: isoDate,
    /** Day of termination (counted as a day of service). */
    endDate: isoDate,
    ground: severanceGround,
    localAverageMonthlyWage: positiveMoney.optional(),
    city: cityCode.optional(),
    /** Previous month's wage for the pay in lieu of notice; defaults to monthlyWage. */
    lastMonthWage: moneyInput.optional(),
    /** 30 days' written notice was given (Art. 40 grounds): no pay in lieu. Default false. */
    noticeGiven: z.boolean().optional(),
    /** contract_expiry: the employer offered renewal on the same or better terms and the employee refused. */
    renewalOfferedAndRefused: z.boolean().optional(),
    /** Local minimum monthly wage: a lower average wage is raised to it (Implementing Regulations Art. 27). */
    localMinimumWage: positiveMoney.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.localAverageMonthlyWage === undefined) === (v.city === undefined))
      ctx.addIssue({ code: 'custom', path: ['localAverageMonthlyWage'], message: 'AVERAGE_OR_CITY' });
  });
export type SeveranceRequest = z.input<typeof severanceRequest>;

export const severanceLineKeys = [
  'service',
  'pre2008',
  'fullYears',
  'remainder',
  'minimumWage',
  'localAverage',
  'wageCap',
  'base',
  'monthsOfPay',
  'severance',
  'noticePay',
  'lawfulTotal',
  'unlawfulDamages',
] as const;

/** One explained step; label and explanation are in the caller's language and cite the article. */
export const severanceLine = z.object({
  key: z.enum(severanceLineKeys),
  label: z.string(),
  /** Money with 2 decimals, months of pay ("3.5"), years, a service length in words, or "" for a note. */
  value: z.string(),
  unit: z.enum(['money', 'months', 'years', 'service', 'note']),
  explanation: z.string(),
});
export type SeveranceLineView = z.infer<typeof severanceLine>;

export const severanceResponse = z.object({
  /** N, months of pay ("4", "0.5"), after the 12-year limit when the wage is capped. */
  monthsOfPay: z.string(),
  /** The monthly wage severance is computed on, after the minimum-wage floor and the 3x cap. */
  base: z.string(),
  severance: z.string(),
  /** 代通知金: one month's wage for an Art. 40 termination without 30 days' notice. */
  noticePay: z.string(),
  /** For comparison: 2x the lawful severance figure if the termination were unlawful (Art. 87). */
  unlawfulDamages: z.string(),
  lawfulTotal: z.string(),
  isCapped: z.boolean(),
  isEntitled: z.boolean(),
  service: z.object({ years: z.number().int(), months: z.number().int(), days: z.number().int() }),
  /** The local average used: given in the request, or looked up (org figure or Stride's). */
  localAverage: z.object({
    value: z.string(),
    origin: z.enum(['input', 'org', 'shipped']),
    city: z.string().nullable(),
    year: z.number().int().nullable(),
    source: z.string().nullable(),
  }),
  lines: z.array(severanceLine),
});
export type SeveranceResponse = z.infer<typeof severanceResponse>;

/** A dated local average monthly wage (社平工资); `scope` shipped = Stride's figure, org = the organization's. */
export const cityWage = z.object({
  id: uuid,
  city: z.string(),
  year: z.number().int(),
  averageMonthlyWage: z.string(),
  source: z.string().nullable(),
  publishedOn: z.string().nullable(),
  scope: z.enum(['org', 'shipped']),
  /** A shipped figure the organization replaced with its own for the same city and year. */
  isOverridden: z.boolean(),
});
export type CityWage = z.infer<typeof cityWage>;
export const cityWageList = z.object({ items: z.array(cityWage) });
export const cityWageQuery = z.object({ city: cityCode.optional() });

/** Add the organization's figure for a city and year, or correct it (same city and year: replaced). */
export const saveCityWageRequest = z.object({
  city: cityCode,
  year: z.number().int().min(1990).max(2100),
  averageMonthlyWage: positiveMoney,
  source: z.string().trim().max(200).optional(),
  publishedOn: isoDate.optional(),
});
export type SaveCityWageRequest = z.input<typeof saveCityWageRequest>;
