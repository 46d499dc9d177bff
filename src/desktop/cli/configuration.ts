import { userInfo } from 'node:os';
import { isValidZone } from '../../domain/zoned-time';
import { createDesktopCore, type DesktopCore } from '../core';
import type { Dealership } from '../handlers/context';
import { systemClock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { SecretStore } from '../../ports/secret-store';
import type { ManagedBackend } from '../relay/backend-link';

/**
 * The dealership's wall clock and phone country (the organisation's name comes from the
 * backend once connected): the embedded
 * defaults fit a Dutch dealership, and each can be set by an environment variable.
 */
export function dealershipFromEnv(env: NodeJS.ProcessEnv = process.env): Dealership {
  const zone = env.AFTERSALES_ZONE ?? 'Europe/Amsterdam';
  if (!isValidZone(zone)) throw new Error(`AFTERSALES_ZONE "${zone}" is not an IANA time zone.`);
  const country = (env.AFTERSALES_COUNTRY ?? 'NL').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`AFTERSALES_COUNTRY "${country}" is not a country code.`);
  return {
    organisationName: env.AFTERSALES_ORGANISATION ?? 'Autobedrijf Van der Meer',
    zone,
    country,
    defaultTime: '08:00',
  };
}

/** Preferences are kept per user; on one desktop the user is the OS account. */
export function localUserId(): string {
  return userInfo().username;
}

/** The core as a workstation runs it, in Electron or the headless host: this OS user, real time. */
export function createWorkstationCore(options: {
  dataFile: string;
  logger: Logger;
  sampleDir?: string;
  backend?: ManagedBackend;
  secrets?: SecretStore;
}): DesktopCore {
  return createDesktopCore({
    ...options,
    userId: localUserId(),
    dealership: dealershipFromEnv(),
    clock: systemClock,
  });
}
