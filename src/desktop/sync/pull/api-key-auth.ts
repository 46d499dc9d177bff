import type { SourceAuth } from './source-http';

/** An API key sent as one header on every request; there is nothing to refresh. */
export function apiKeyAuth(header: string, value: string): SourceAuth {
  return {
    headers: async () => ({ [header]: value }),
    refresh: () => undefined,
  };
}
