import { z } from 'zod';
import { UserSettingsSchema, type UserSettings } from '../../api/v2/users';
import type { Logger } from '../../ports/logger';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import { BackendRefusal, type BackendClient } from '../relay/backend-client';
import type { PersonTokens } from './person-tokens';
import type { StoredToken } from './stored-token';

/** A person's view settings not yet taken by the backend, by user id; sent when it is back. */
const SETTINGS_TO_SHARE_KEY = 'settingsToShare';

const SettingsToShareSchema = z.record(z.string(), UserSettingsSchema);

export interface SharedViewSettingsOptions {
  syncState: SyncStateRepo;
  logger: Logger;
  /** A person signed in (or was switched to), with their view settings from the backend. */
  settingsArrived(userId: string, settings: UserSettings): void;
  stored: StoredToken;
  /** The settings go with the person's session, when this desktop holds it. */
  tokens: PersonTokens;
}

/**
 * People's view settings (locale, inbox filter, Mine) kept on the backend, so that they follow
 * each person to every desktop. Changed while the backend is away, they wait in the cache and
 * go when it is back, rather than being overwritten by the backend's older ones.
 */
export class SharedViewSettings {
  private closed = false;

  constructor(private readonly options: SharedViewSettingsOptions) {}

  /** Best effort now, else kept and sent when the backend is back. */
  share(userId: string, settings: UserSettings): void {
    const waiting = this.waiting();
    waiting[userId] = settings;
    this.options.syncState.set(SETTINGS_TO_SHARE_KEY, waiting);
    void this.send(userId);
  }

  /** The backend is reachable again: the settings that waited for it go now. */
  sendWaiting(): void {
    for (const userId of Object.keys(this.waiting())) void this.send(userId);
  }

  /** At a sign-in or a switch: the person's settings may have changed on another desktop meanwhile. */
  async load(userId: string, client: BackendClient): Promise<void> {
    // Settings changed here while the backend was away go to it rather than being overwritten by its older ones.
    if (this.waiting()[userId]) return this.send(userId);
    try {
      this.options.settingsArrived(userId, await client.userSettings());
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read a person’s view settings from the backend; the cached ones serve');
    }
  }

  close(): void {
    this.closed = true;
  }

  private waiting(): Record<string, UserSettings> {
    return this.options.syncState.get(SETTINGS_TO_SHARE_KEY, SettingsToShareSchema) ?? {};
  }

  private async send(userId: string): Promise<void> {
    const settings = this.waiting()[userId];
    const { stored, tokens } = this.options;
    if (!settings || !stored.endpoint || (!tokens.holds(userId) && stored.personalUser()?.id !== userId)) return;
    try {
      await tokens.withToken(userId, (client) => client.putUserSettings(settings));
    } catch (error) {
      // Unreachable, or their session ended: sent when the backend is back, or at their next sign-in.
      if (!(error instanceof BackendRefusal)) return;
      this.options.logger.warn({ code: error.code }, 'the backend refused a person’s view settings');
    }
    // A request that ends after the core closed has no cache to write to.
    if (this.closed) return;
    // Sent (or refused for good): unless they changed again meanwhile, nothing waits any more.
    const waiting = this.waiting();
    if (waiting[userId] === undefined || JSON.stringify(waiting[userId]) !== JSON.stringify(settings)) return;
    delete waiting[userId];
    this.options.syncState.set(SETTINGS_TO_SHARE_KEY, waiting);
  }
}
