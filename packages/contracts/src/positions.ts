import { z } from 'zod';
import { uuid } from './common';

export const position = z.object({
  id: uuid,
  name: z.string(),
  jobFamily: z.string(),
  level: z.string(),
});
export type Position = z.infer<typeof position>;
export const positionList = z.object({ items: z.array(position) });

export const createPositionRequest = z.object({
  name: z.string().trim().min(1).max(80),
  jobFamily: z.string().trim().min(1).max(40),
  level: z.string().trim().min(1).max(20),
});
export const updatePositionRequest = createPositionRequest.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to change',
});
