import { z } from 'zod';

export const uuid = z.uuid();
/** A calendar date, YYYY-MM-DD, that actually exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a date as YYYY-MM-DD' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'Not a real calendar date' },
  )
  .refine((s) => s >= '1900-01-01' && s <= '2999-12-31', { message: 'DATE_OUT_OF_RANGE' });

/** A timestamp with offset, within the years Stride deals with. */
export const isoDateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => s.slice(0, 4) >= '1900' && s.slice(0, 4) <= '2999', { message: 'DATE_OUT_OF_RANGE' });

/** Opaque page cursor: base64url, short. */
export const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, { message: 'INVALID_CURSOR' });

export const pageQuery = z.object({
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ref = z.object({ id: uuid, name: z.string() });
export type Ref = z.infer<typeof ref>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int() });
}

export const okResponse = z.object({ ok: z.literal(true) });
