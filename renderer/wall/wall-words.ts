import type { MessageKey } from '../i18n/en';

/** The refusals the wall's page can meet, each worded in the renderer's languages (not the host's English). */
export const WALL_ERROR_CODES = ['DISCONNECTED', 'WALL_READ_ONLY', 'INVALID_INPUT', 'FORBIDDEN', 'INTERNAL', 'INVALID_ANSWER'] as const;
type WallErrorCode = (typeof WALL_ERROR_CODES)[number];

function isKnown(code: string): code is WallErrorCode {
  return (WALL_ERROR_CODES as readonly string[]).includes(code);
}

/** The words for a refusal's code; a code this page does not know is named, so it can be looked up. */
export function wallErrorWords(code: string): { key: MessageKey; vars: Record<string, string> } {
  return isKnown(code) ? { key: `wall.error.${code}`, vars: {} } : { key: 'wall.error.other', vars: { code } };
}
