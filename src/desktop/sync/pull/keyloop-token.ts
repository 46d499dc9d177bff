import type { Agent } from 'node:https';
import axios from 'axios';
import { z } from 'zod';
import type { Clock } from '../../../ports/clock';
import { SourceFailure } from '../connector';
import { failureWords } from '../failure-words';
import type { SourceAuth } from './source-http';

/** Keyloop's token answer (Apigee): expires_in comes as a string of seconds. */
const TokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});

/** A token is renewed this long before it runs out, so that no request carries a dying one. */
const RENEW_BEFORE_MS = 60_000;

export interface ClientCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  httpsAgent?: Agent;
}

/**
 * OAuth2 client credentials at `POST {base}/oauth/client_credential/accesstoken`
 * (grant_type=client_credentials, id and secret as HTTP Basic). The token is kept until a
 * minute before it expires, or until the API refuses it.
 */
export class KeyloopToken implements SourceAuth {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly clock: Clock,
  ) {}

  async headers(): Promise<Record<string, string>> {
    if (!this.token || this.clock.now() >= this.token.expiresAt - RENEW_BEFORE_MS) this.token = await this.fetch();
    return { authorization: `Bearer ${this.token.value}` };
  }

  refresh(): void {
    this.token = null;
  }

  private async fetch(): Promise<{ value: string; expiresAt: number }> {
    const { baseUrl, clientId, clientSecret, timeoutMs } = this.credentials;
    const requestedAt = this.clock.now();
    let response;
    try {
      response = await axios.post(
        `${baseUrl.replace(/\/$/, '')}/oauth/client_credential/accesstoken`,
        new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        {
          auth: { username: clientId, password: clientSecret },
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          timeout: timeoutMs,
          proxy: false,
          httpsAgent: this.credentials.httpsAgent,
          validateStatus: () => true,
        },
      );
    } catch (error) {
      throw new SourceFailure(`Keyloop sign-in: ${failureWords(error)}`, { cause: error });
    }
    if (response.status === 400 || response.status === 401) {
      throw new SourceFailure('Keyloop refused the client id or secret: check them in Settings.');
    }
    const parsed = TokenSchema.safeParse(response.data);
    if (response.status !== 200 || !parsed.success) throw new SourceFailure(`Keyloop sign-in answered HTTP ${response.status} without a token.`);
    return { value: parsed.data.access_token, expiresAt: requestedAt + parsed.data.expires_in * 1000 };
  }
}
