import { z } from 'zod';
import { localeSchema, newPassword, roleSchema } from './auth';
import { pageOf, pageQuery, uuid } from './common';

export const user = z.object({
  id: uuid,
  username: z.string(),
  role: roleSchema,
  locale: localeSchema,
  isActive: z.boolean(),
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }).nullable(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const userListQuery = pageQuery.extend({ q: z.string().trim().max(64).optional(), role: roleSchema.optional() });
export const userPage = pageOf(user);

export const createUserRequest = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{3,64}$/, { message: '3-64 letters, digits, . _ -' }),
  password: newPassword,
  role: roleSchema,
  employeeId: uuid.nullable().optional().default(null),
  locale: localeSchema.optional().default('zh-CN'),
});
export type CreateUserRequest = z.input<typeof createUserRequest>;

export const updateUserRequest = z
  .object({ role: roleSchema, employeeId: uuid.nullable(), isActive: z.boolean(), locale: localeSchema })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type UpdateUserRequest = z.input<typeof updateUserRequest>;

export const resetPasswordRequest = z.object({ newPassword });
