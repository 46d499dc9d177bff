import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SaveSourceInput } from '../../src/api/sources';
import type { DesktopCore } from '../../src/desktop/core';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';

/** A secret store in a fresh folder, as the headless host keeps one beside its cache. */
export function tempSecrets(): FileSecretStore {
  return new FileSecretStore(mkdtempSync(join(tmpdir(), 'aftersales-secrets-')));
}

/** Short waits for tests: retries after 10–40 ms, a drop folder listed twice 300 ms apart. */
export const QUICK_SOURCES = { tickMs: 60 * 60_000, retry: { attempts: 4, baseMs: 10, maxMs: 40 }, settleMs: 300 };

/** For desktops sharing a backend: the scheduler looks (and renews its leases) every 150 ms. */
export const LEASING_SOURCES = { tickMs: 150, leaseSeconds: 30, retry: { attempts: 2, baseMs: 10, maxMs: 20 }, settleMs: 100 };

/** A PlanIT source for branch Utrecht, enabled, hourly, as Settings saves it. */
export function planItSource(source: { name: string; inboxId: string; baseUrl: string; key: string }): SaveSourceInput {
  return {
    name: source.name,
    inboxId: source.inboxId,
    enabled: true,
    intervalMinutes: 60,
    mapping: {},
    secret: source.key,
    settings: { kind: 'planit', baseUrl: source.baseUrl, branches: ['Utrecht'], pageSize: 100, overlapMinutes: 5, timeoutSeconds: 5 },
  };
}

export function firstInbox(core: DesktopCore): string {
  const [inbox] = core.context.inboxes.all();
  if (!inbox) throw new Error('no inbox');
  return inbox.id;
}

export async function saveSource(core: DesktopCore, input: Omit<SaveSourceInput, 'inboxId' | 'enabled' | 'intervalMinutes' | 'mapping'> & Partial<SaveSourceInput>) {
  return core.handlers.saveSource({ inboxId: firstInbox(core), enabled: false, intervalMinutes: 60, mapping: {}, ...input } as SaveSourceInput);
}
