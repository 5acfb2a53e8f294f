import { z } from 'zod';
import { uuid } from './common';
import { locales } from './errors';

export const roles = ['admin', 'hr', 'manager', 'employee'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const loginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequest>;

/** At least 10 characters with letters and digits; long passphrases welcome. */
export const newPassword = z
  .string()
  .min(10)
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: 'Use letters and digits' });

export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});

export const localeSchema = z.enum(locales);

export const meResponse = z.object({
  user: z.object({
    id: uuid,
    username: z.string(),
    role: roleSchema,
    locale: localeSchema,
    employeeId: uuid.nullable(),
    displayName: z.string(),
  }),
  org: z.object({ id: uuid, name: z.string(), timeZone: z.string() }),
});
export type Me = z.infer<typeof meResponse>;

export const updateMeRequest = z.object({ locale: localeSchema });
