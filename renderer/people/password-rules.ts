import { PasswordSchema } from '../../src/api/v2/auth';

/** The rules a new password is held to (the backend's, PasswordSchema), each met or not, shown as it is typed. */
export interface PasswordRules {
  min: number;
  max: number;
  longEnough: boolean;
  shortEnough: boolean;
  /** The second entry is the same as the first (and something was typed). */
  same: boolean;
  ok: boolean;
}

export function passwordRules(password: string, repeat: string): PasswordRules {
  const min = PasswordSchema.minLength ?? 0;
  const max = PasswordSchema.maxLength ?? Infinity;
  const longEnough = password.length >= min;
  const shortEnough = password.length <= max;
  const same = password.length > 0 && password === repeat;
  return { min, max, longEnough, shortEnough, same, ok: longEnough && shortEnough && same };
}
