import { join } from 'node:path';
import { z } from 'zod';
import { CreateChannelSchema, type CreateChannelInput } from '../../api/v2/channels';
import type { ProviderEndpoints } from '../channels/provider-endpoints';
import type { WebhookTargetPolicy } from '../events/webhook-target';

/**
 * The backend's settings, from the environment: secrets (access token, app secret) never
 * come from files in the repository or from the command line, where `ps` would show them.
 */
const EnvSchema = z.object({
  AFTERSALES_BACKEND_DATA: z.string().min(1).optional(),
  AFTERSALES_BACKEND_HOST: z.string().default('127.0.0.1'),
  AFTERSALES_BACKEND_PORT: z.coerce.number().int().min(0).max(65535).default(8470),
  AFTERSALES_COUNTRY: z.string().length(2).default('NL'),
  AFTERSALES_INTERRUPTED_SEND_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a send waits for the provider's answer before the answer counts as lost. */
  AFTERSALES_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** PostgreSQL, shared by every backend process of a dealer group; without it, the SQLite file in the data folder. */
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL (postgres://user:password@host:5432/database)')
    .optional(),
  /** Connections each process keeps to PostgreSQL at most. */
  AFTERSALES_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The bearer token a Prometheus scraper sends for GET /metrics; without it /metrics is off. */
  AFTERSALES_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The key access tokens are signed with, for backends that share one; else jwt.key in the data folder. */
  AFTERSALES_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The key channels' secrets are sealed with (32 bytes, base64), for backends that share one; else secret.key in the data folder. */
  AFTERSALES_SECRET_KEY: z.string().min(1).optional(),
  WHATSAPP_BASE_URL: z.string().url().default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: z.string().default('v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_BUSINESS_ACCOUNT_ID: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_ORGANIZATION_ID: z.string().optional(),
  /** The backend's address as the providers reach it, for the SMS status callbacks. */
  AFTERSALES_PUBLIC_URL: z.string().url().optional(),
  TWILIO_BASE_URL: z.string().url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_ORGANIZATION_ID: z.string().optional(),
  /** Development only: an organisation's webhook may be plain http to a receiver on this machine. */
  AFTERSALES_WEBHOOK_ALLOW_HTTP_LOOPBACK: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  /** An organisation's webhook and OpenID provider may be inside the network (private, link-local, loopback, CGNAT addresses). */
  AFTERSALES_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
});

export interface BackendConfig {
  dataFile: string;
  host: string;
  port: number;
  country: string;
  /** How long a send interrupted by a crash waits for WhatsApp's status report before it is sent again. */
  interruptedSendGraceMs: number;
  sendTimeoutMs: number;
  databaseUrl: string | undefined;
  poolSize: number;
  metricsToken: string | undefined;
  jwtSecret: string | undefined;
  secretKey: string | undefined;
  /** Where the providers are reached (Graph API, SMS API) and where they call back (the SMS status callback). */
  providers: ProviderEndpoints;
  /**
   * The first channels, from WHATSAPP_* and TWILIO_*, stored for their organisation at start.
   * Null organisation: WHATSAPP_ORGANIZATION_ID / TWILIO_ORGANIZATION_ID not given, which only
   * the demo takes (its own organisation); the backend refuses to start so.
   */
  bootstrapChannels: Array<{ organizationId: string | null; channel: CreateChannelInput }>;
  /** Where organisations' webhooks may point (both off unless the environment says 1). */
  webhookTargets: WebhookTargetPolicy;
}

/** A channel from the environment, checked as a manager's would be, its variable named in the error. */
function channelFrom(input: Record<string, string>, names: Record<string, string>): CreateChannelInput {
  const parsed = CreateChannelSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(
    parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? String(i.path[0])} ${i.message}`).join('; '),
  );
}

export function backendConfig(env: NodeJS.ProcessEnv, dataFlag: string | undefined): BackendConfig {
  // An empty variable is one not set (DATABASE_URL= falls back to the SQLite file); a wrong one is named, in words.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('\n'));
  const e = parsed.data;
  const folder = dataFlag ?? e.AFTERSALES_BACKEND_DATA ?? join(process.cwd(), '.data', 'backend');
  const wa = [e.WHATSAPP_PHONE_NUMBER_ID, e.WHATSAPP_BUSINESS_ACCOUNT_ID, e.WHATSAPP_ACCESS_TOKEN, e.WHATSAPP_APP_SECRET, e.WHATSAPP_VERIFY_TOKEN];
  if ((wa.some(Boolean) || e.WHATSAPP_ORGANIZATION_ID) && !wa.every(Boolean)) {
    throw new Error(
      'WhatsApp needs all of WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_BUSINESS_ACCOUNT_ID, WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN (and WHATSAPP_ORGANIZATION_ID, whose number it is).',
    );
  }
  const sms = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if ((sms.some(Boolean) || e.TWILIO_ORGANIZATION_ID) && !sms.every(Boolean)) {
    throw new Error('SMS needs all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (and TWILIO_ORGANIZATION_ID, whose sender it is).');
  }
  const bootstrapChannels: BackendConfig['bootstrapChannels'] = [];
  if (wa.every(Boolean)) {
    bootstrapChannels.push({
      organizationId: e.WHATSAPP_ORGANIZATION_ID ?? null,
      channel: channelFrom(
        {
          kind: 'whatsapp',
          label: `WhatsApp ${e.WHATSAPP_PHONE_NUMBER_ID!}`,
          phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
          businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID!,
          accessToken: e.WHATSAPP_ACCESS_TOKEN!,
          appSecret: e.WHATSAPP_APP_SECRET!,
          verifyToken: e.WHATSAPP_VERIFY_TOKEN!,
        },
        {
          phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
          businessAccountId: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
          accessToken: 'WHATSAPP_ACCESS_TOKEN',
          appSecret: 'WHATSAPP_APP_SECRET',
          verifyToken: 'WHATSAPP_VERIFY_TOKEN',
        },
      ),
    });
  }
  if (sms.every(Boolean)) {
    bootstrapChannels.push({
      organizationId: e.TWILIO_ORGANIZATION_ID ?? null,
      channel: channelFrom(
        { kind: 'sms', label: `SMS ${e.TWILIO_FROM!}`, from: e.TWILIO_FROM!, accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN! },
        { from: 'TWILIO_FROM', accountSid: 'TWILIO_ACCOUNT_SID', authToken: 'TWILIO_AUTH_TOKEN' },
      ),
    });
  }
  return {
    dataFile: join(folder, 'backend.sqlite'),
    host: e.AFTERSALES_BACKEND_HOST,
    port: e.AFTERSALES_BACKEND_PORT,
    country: e.AFTERSALES_COUNTRY.toUpperCase(),
    interruptedSendGraceMs: e.AFTERSALES_INTERRUPTED_SEND_GRACE_MS,
    sendTimeoutMs: e.AFTERSALES_SEND_TIMEOUT_MS,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.AFTERSALES_DB_POOL_SIZE,
    metricsToken: e.AFTERSALES_METRICS_TOKEN,
    jwtSecret: e.AFTERSALES_JWT_SECRET,
    secretKey: e.AFTERSALES_SECRET_KEY,
    providers: {
      whatsapp: { baseUrl: e.WHATSAPP_BASE_URL.replace(/\/$/, ''), apiVersion: e.WHATSAPP_API_VERSION },
      sms: { baseUrl: e.TWILIO_BASE_URL.replace(/\/$/, '') },
      publicUrl: e.AFTERSALES_PUBLIC_URL?.replace(/\/$/, '') ?? null,
    },
    bootstrapChannels,
    webhookTargets: {
      allowHttpLoopback: e.AFTERSALES_WEBHOOK_ALLOW_HTTP_LOOPBACK === '1',
      allowPrivate: e.AFTERSALES_WEBHOOK_ALLOW_PRIVATE === '1',
    },
  };
}
