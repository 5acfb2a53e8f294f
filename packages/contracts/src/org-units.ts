import { z } from 'zod';
import { ref, uuid } from './common';

export const orgUnit = z.object({
  id: uuid,
  name: z.string(),
  parentId: uuid.nullable(),
  leader: ref.nullable(),
  headcount: z.number().int(),
});
export type OrgUnit = z.infer<typeof orgUnit>;

export const orgUnitList = z.object({ items: z.array(orgUnit) });

export const createOrgUnitRequest = z.object({
  name: z.string().trim().min(1).max(80),
  parentId: uuid.nullable(),
  leaderEmployeeId: uuid.nullable().optional(),
});
export type CreateOrgUnitRequest = z.infer<typeof createOrgUnitRequest>;

export const updateOrgUnitRequest = z
  .object({
    name: z.string().trim().min(1).max(80),
    parentId: uuid,
    leaderEmployeeId: uuid.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type UpdateOrgUnitRequest = z.infer<typeof updateOrgUnitRequest>;
