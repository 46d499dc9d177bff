import { userInfo } from 'node:os';
import { isValidZone } from '../../domain/zoned-time';
import type { Dealership } from '../handlers/context';
import { systemClock } from '../../ports/clock';
import { startWorkstation, type Workstation, type WorkstationOptions } from '../workstation';

/**
 * The dealership's wall clock and phone country: the embedded defaults fit a Dutch dealership,
 * and each can be set by an environment variable. The organisation's name comes from the
 * backend once joined; a real install names none of its own (the demo names its made-up one).
 */
export function dealershipFromEnv(env: NodeJS.ProcessEnv = process.env): Dealership {
  const zone = env.AFTERSALES_ZONE ?? 'Europe/Amsterdam';
  if (!isValidZone(zone)) throw new Error(`AFTERSALES_ZONE "${zone}" is not an IANA time zone.`);
  const country = (env.AFTERSALES_COUNTRY ?? 'NL').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`AFTERSALES_COUNTRY "${country}" is not a country code.`);
  return {
    organisationName: env.AFTERSALES_ORGANISATION?.trim() || null,
    zone,
    country,
    defaultTime: '08:00',
  };
}

/** Preferences are kept per user; on one desktop the user is the OS account. */
export function localUserId(): string {
  return userInfo().username;
}

/** The workstation as Electron and the headless host run it: this OS user, the environment's dealership, real time. */
export function startWorkstationFromEnv(options: Omit<WorkstationOptions, 'userId' | 'dealership' | 'clock'>): Promise<Workstation> {
  return startWorkstation({ ...options, userId: localUserId(), dealership: dealershipFromEnv(), clock: systemClock });
}
