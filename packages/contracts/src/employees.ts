import { checkProbation, isValidIdNumber, normalizeIdNumber } from '@stride/domain';
import { z } from 'zod';
import { isoDate, pageOf, pageQuery, ref, uuid } from './common';

export const employeeStatuses = ['candidate', 'probation', 'regular', 'on_plan', 'transferred', 'exited'] as const;
export const employeeStatus = z.enum(employeeStatuses);
export type EmployeeStatus = z.infer<typeof employeeStatus>;

export const contractTypes = ['fixed_term', 'open_ended', 'task_based'] as const;
export const contractType = z.enum(contractTypes);

export const personalFields = ['idNumber', 'bankAccount', 'phone'] as const;
export const personalField = z.enum(personalFields);
export type PersonalField = z.infer<typeof personalField>;

export const idNumberInput = z
  .string()
  .transform(normalizeIdNumber)
  .refine((v) => isValidIdNumber(v), { message: 'INVALID_ID_NUMBER' });
export const bankAccountInput = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{12,30}$/, { message: 'Bank account: 12-30 digits' }));
export const phoneInput = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(\+?86)?1[3-9]\d{9}$|^0\d{2,3}\d{7,8}$/, { message: 'Not a valid phone number' }));

const employeeFields = {
  employeeNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, { message: 'Letters, digits, - and _; up to 32' }),
  name: z.string().trim().min(1).max(64),
  email: z.email().max(254).nullable(),
  status: employeeStatus,
  unitId: uuid,
  positionId: uuid.nullable(),
  managerId: uuid.nullable(),
  hireDate: isoDate,
  contractType,
  contractStartDate: isoDate,
  contractEndDate: isoDate.nullable(),
  probationEndDate: isoDate.nullable(),
  regularizationDate: isoDate.nullable(),
  exitDate: isoDate.nullable(),
  idNumber: idNumberInput.nullable(),
  bankAccount: bankAccountInput.nullable(),
  phone: phoneInput.nullable(),
};

type DateRuleInput = {
  status?: EmployeeStatus;
  hireDate?: string;
  contractType?: z.infer<typeof contractType>;
  contractStartDate?: string;
  contractEndDate?: string | null;
  probationEndDate?: string | null;
  regularizationDate?: string | null;
  exitDate?: string | null;
};

/** Date rules shared by create, update (after merging with the stored record) and the web form. */
export function employeeDateIssues(v: DateRuleInput): { path: string; code: string; message: string }[] {
  const issues: { path: string; code: string; message: string }[] = [];
  if (v.contractType === 'fixed_term' && !v.contractEndDate) {
    issues.push({ path: 'contractEndDate', code: 'REQUIRED', message: 'A fixed-term contract needs an end date' });
  }
  if (v.status === 'exited' && !v.exitDate) {
    issues.push({ path: 'exitDate', code: 'REQUIRED', message: 'An exited person needs an exit date' });
  }
  if (v.status === 'regular' && v.probationEndDate && !v.regularizationDate) {
    issues.push({
      path: 'regularizationDate',
      code: 'REQUIRED',
      message: 'A regularized person needs a regularization date',
    });
  }
  if (v.contractStartDate && v.contractEndDate && v.contractEndDate < v.contractStartDate) {
    issues.push({ path: 'contractEndDate', code: 'BEFORE_START', message: 'Ends before it starts' });
  }
  if (v.hireDate && v.regularizationDate && v.regularizationDate < v.hireDate) {
    issues.push({ path: 'regularizationDate', code: 'BEFORE_HIRE', message: 'Before the hire date' });
  }
  if (v.hireDate && v.exitDate && v.exitDate < v.hireDate) {
    issues.push({ path: 'exitDate', code: 'BEFORE_HIRE', message: 'Before the hire date' });
  }
  if (v.contractType && v.contractStartDate && v.probationEndDate) {
    const check = checkProbation({
      contractType: v.contractType,
      contractStartDate: v.contractStartDate,
      contractEndDate: v.contractEndDate,
      probationEndDate: v.probationEndDate,
    });
    if (!check.ok) {
      issues.push({
        path: 'probationEndDate',
        code: check.reason,
        message: `Longest lawful probation: ${check.maxMonths} months`,
      });
    }
  }
  return issues;
}

export const createEmployeeRequest = z
  .object({
    ...employeeFields,
    email: employeeFields.email.optional().default(null),
    status: employeeStatus.default('probation'),
    positionId: employeeFields.positionId.optional().default(null),
    managerId: employeeFields.managerId.optional().default(null),
    contractEndDate: employeeFields.contractEndDate.optional().default(null),
    probationEndDate: employeeFields.probationEndDate.optional().default(null),
    regularizationDate: employeeFields.regularizationDate.optional().default(null),
    exitDate: employeeFields.exitDate.optional().default(null),
    idNumber: employeeFields.idNumber.optional().default(null),
    bankAccount: employeeFields.bankAccount.optional().default(null),
    phone: employeeFields.phone.optional().default(null),
  })
  .superRefine((v, ctx) => {
    for (const i of employeeDateIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.code });
  });
export type CreateEmployeeRequest = z.input<typeof createEmployeeRequest>;

export const updateEmployeeRequest = z
  .object({
    ...employeeFields,
    /** When unit, position or manager change, the day the change takes effect (default: today). */
    effectiveDate: isoDate,
    changeReason: z.string().trim().max(200),
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'effectiveDate' && k !== 'changeReason'), {
    message: 'Nothing to change',
  });
export type UpdateEmployeeRequest = z.input<typeof updateEmployeeRequest>;

export const maskedPersonal = z.object({
  idNumber: z.string().nullable(),
  bankAccount: z.string().nullable(),
  phone: z.string().nullable(),
});

export const employee = z.object({
  id: uuid,
  employeeNo: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: employeeStatus,
  unit: ref,
  position: ref.nullable(),
  manager: ref.nullable(),
  hireDate: z.string(),
  contractType,
  contractStartDate: z.string(),
  contractEndDate: z.string().nullable(),
  probationEndDate: z.string().nullable(),
  regularizationDate: z.string().nullable(),
  exitDate: z.string().nullable(),
  /** Masked values, e.g. "**************123X". */
  personal: maskedPersonal,
  canReveal: z.boolean(),
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Employee = z.infer<typeof employee>;

export const employeeListQuery = pageQuery.extend({
  q: z.string().trim().max(64).optional(),
  unitId: uuid.optional(),
  status: employeeStatus.optional(),
  positionId: uuid.optional(),
});
export type EmployeeListQuery = z.input<typeof employeeListQuery>;

export const employeeSummary = employee.pick({
  id: true,
  employeeNo: true,
  name: true,
  status: true,
  unit: true,
  position: true,
  manager: true,
  hireDate: true,
  probationEndDate: true,
  regularizationDate: true,
});
export type EmployeeSummary = z.infer<typeof employeeSummary>;
export const employeePage = pageOf(employeeSummary);

export const jobHistoryEntry = z.object({
  id: uuid,
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  unit: ref,
  position: ref.nullable(),
  manager: ref.nullable(),
  reason: z.string().nullable(),
  recordedAt: z.string(),
});
export type JobHistoryEntry = z.infer<typeof jobHistoryEntry>;
export const jobHistoryList = z.object({ items: z.array(jobHistoryEntry) });

export const revealRequest = z.object({ field: personalField });
export const revealResponse = z.object({ field: personalField, value: z.string() });
