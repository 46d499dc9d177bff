import { z } from 'zod';

/**
 * The fields of an appointment, as its source gives them, that carry the same name in every
 * shape it takes — the cache and its cards, the backend's wire format, a saved copy — so that a
 * mapper between two shapes names only what differs (the wire's `date`, `time` and `inbox` for
 * the domain's `localDate`, `localTime` and `inboxId`).
 */
export const SHARED_SOURCE_FIELDS = ['source', 'branch', 'sourceId', 'plate', 'make', 'model', 'work', 'workOrder', 'owner', 'cancelled'] as const;
export type SharedSourceField = (typeof SHARED_SOURCE_FIELDS)[number];

export function sharedSourceFields<T extends Record<SharedSourceField, unknown>>(appointment: T): Pick<T, SharedSourceField> {
  return Object.fromEntries(SHARED_SOURCE_FIELDS.map((field) => [field, appointment[field]])) as Pick<T, SharedSourceField>;
}

/** The free-text fields of an appointment as stored (null: not given), for the schemas of its stored shapes. */
export const STORED_TEXT_FIELDS = {
  plate: z.string().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  work: z.string().nullable(),
  workOrder: z.string().nullable(),
  owner: z.string().nullable(),
};
