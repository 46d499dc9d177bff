import type { z } from 'zod';
import { SourceFailure } from '../connector';

/** Parses an answer with the API's page schema, or says in words that the shape is unknown. */
export function parsePage<T extends z.ZodType>(system: string, schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceFailure(
      `${system} answered in a shape this connector does not know (${issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'unreadable'}).`,
    );
  }
  return parsed.data;
}

/** The changed-at value of a record, when it has one at this key. */
export function stringAt(item: unknown, key: string): string | null {
  const value = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}
