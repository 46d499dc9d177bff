import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { BackendAppointmentSchema, BatchAnswerSchema, type UpsertAppointmentInput } from '../../api/v2/appointment';
import type { ApiErrorParams } from '../../api/envelope';
import { ErrorBodySchema } from '../../api/v2/common';
import type { ProfileInput } from '../../api/v2/contact';
import { ConversationSchema, type Conversation } from '../../api/v2/conversation';
import { MessageSchema, type Message, type SendMessageInput } from '../../api/v2/message';
import { LeaseSchema, type Lease } from '../../api/v2/lease';
import type { SourceStatus } from '../../api/v2/source-status';
import { OrganizationSchema, type Organization } from '../../api/v2/organization';
import { InboxViewSchema, type InboxSettings, type UpdateInboxInput } from '../../api/v2/organization';
import { ChannelCheckSchema, ChannelListSchema, ChannelSchema, type CreateChannelInput, type UpdateChannelInput } from '../../api/v2/channels';
import { TemplateSyncResultSchema, WaTemplateSchema, type TemplateChange, type TemplateDraft, type WaTemplate } from '../../api/v2/template';
import { OidcPublicSettingsSchema, OidcSettingsSchema, TokenAnswerSchema, type OidcSettings, type TokenAnswer, type TokenRequest } from '../../api/v2/auth';
import {
  InvitationSchema,
  MeSchema,
  UserPageSchema,
  UserSchema,
  UserSettingsSchema,
  type CreateUserInput,
  type Me,
  type UpdateUserInput,
  type UserSettings,
} from '../../api/v2/users';
import { IssuedTokenSchema, SessionPageSchema, type CreateIntegrationInput, type RegisterDeviceInput } from '../../api/v2/devices';
import { AuditPageSchema } from '../../api/v2/audit';
import { InboxReminderSettingsSchema, ReminderPreviewSchema, ReminderStateSchema, type ReminderSettings } from '../../api/v2/reminders';

/** Where the organisation's backend is, and this desktop's stored token for it (a device's or a person's own). */
export interface BackendEndpoint {
  url: string;
  token: string;
}

/**
 * The Bearer a request goes with: a fixed token, one asked for at each request (a person's
 * access token, renewed before it ends), or none (a sign-in).
 */
export type BearerSource = string | (() => Promise<string>) | null;

/** The backend said no to this request, for good: sending it again changes nothing. */
export class BackendRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status it came with: 413 means the request was too large, not the rows wrong. */
    readonly status: number,
    /** The numbers and names in the backend's words, for the renderer's own. */
    readonly params?: ApiErrorParams,
  ) {
    super(message);
    this.name = 'BackendRefusal';
  }
}

/** The backend could not be reached or could not answer now; the request may be tried again. */
export class BackendUnavailable extends Error {
  constructor(
    message: string,
    /** The backend's code when it said "not now" itself (TOO_MANY_ATTEMPTS). */
    readonly code: string = 'BACKEND_UNAVAILABLE',
    /** What its words say in numbers: how many seconds until it may be asked again. */
    readonly params?: ApiErrorParams,
  ) {
    super(message);
    this.name = 'BackendUnavailable';
  }
}

/**
 * 401: the token this request went with is not (or no longer) valid — unknown, revoked or past
 * its end. Trying again with it changes nothing: the session it belongs to is over here.
 */
export class BackendAuthRefused extends Error {
  /** The token that was refused, in a private field: an error that is logged never carries it. */
  readonly #token: string | null;

  constructor(
    /** UNAUTHORIZED or SESSION_ENDED. */
    readonly code: string,
    message: string,
    token: string | null,
  ) {
    super(message);
    this.name = 'BackendAuthRefused';
    this.#token = token;
  }

  /** Whether `token` is the one refused: the caller drops that one, not a newer one. */
  refused(token: string): boolean {
    return this.#token === token;
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** The backend's REST API (Web1on1's v2 style) as the desktop uses it; every answer is parsed. */
export class BackendClient {
  private readonly http: AxiosInstance;
  private readonly bearer: BearerSource;

  constructor(endpoint: { url: string; token: BearerSource }) {
    this.bearer = endpoint.token;
    this.http = axios.create({
      baseURL: `${endpoint.url.replace(/\/$/, '')}/v2`,
      timeout: REQUEST_TIMEOUT_MS,
      // Proxies from the environment are not for a dealership's own server on its LAN.
      proxy: false,
    });
  }

  /** The Bearer for the next request: asked for now, so a person's renewed token is the one that goes. */
  private async bearerNow(): Promise<string | null> {
    return typeof this.bearer === 'function' ? this.bearer() : this.bearer;
  }

  /** POST /v2/auth/token: a sign-in or a renewal; a wrong password is a BackendAuthRefused like any 401. */
  token(request: TokenRequest): Promise<TokenAnswer> {
    return this.request(TokenAnswerSchema, { method: 'POST', url: '/auth/token', data: request });
  }

  me(): Promise<Me> {
    return this.request(MeSchema, { method: 'GET', url: '/auth/me' });
  }

  signOut(): Promise<void> {
    return this.send({ method: 'POST', url: '/auth/signout', data: {} });
  }

  oidc() {
    return this.request(OidcPublicSettingsSchema, { method: 'GET', url: '/auth/oidc' });
  }

  /**
   * A manager's view of the OpenID settings: all of them, or a refusal — never the public part
   * filled up with defaults, which a save would then write over the real domains and role.
   */
  oidcSettings() {
    return this.request(OidcSettingsSchema.nullable(), { method: 'GET', url: '/auth/oidc/settings' });
  }

  /** Whether the provider of these settings answers as one; a refusal says why. */
  testOidcSettings(settings: OidcSettings): Promise<void> {
    return this.send({ method: 'POST', url: '/auth/oidc/test', data: settings });
  }

  /** Null: back to passwords only. */
  async saveOidcSettings(settings: OidcSettings | null): Promise<OidcSettings | null> {
    if (settings) return this.request(OidcSettingsSchema, { method: 'PUT', url: '/auth/oidc', data: settings });
    await this.send({ method: 'DELETE', url: '/auth/oidc' });
    return null;
  }

  userSettings(): Promise<UserSettings> {
    return this.request(UserSettingsSchema, { method: 'GET', url: '/users/me/settings' });
  }

  putUserSettings(settings: UserSettings): Promise<UserSettings> {
    return this.request(UserSettingsSchema, { method: 'PUT', url: '/users/me/settings', data: settings });
  }

  listUsers(after?: string) {
    return this.request(UserPageSchema, { method: 'GET', url: '/users', params: after === undefined ? {} : { after } });
  }

  createUser(input: CreateUserInput) {
    return this.request(InvitationSchema, { method: 'POST', url: '/users', data: input });
  }

  updateUser(id: string, patch: UpdateUserInput) {
    return this.request(UserSchema, { method: 'PATCH', url: `/users/${encodeURIComponent(id)}`, data: patch });
  }

  removeUser(id: string): Promise<void> {
    return this.send({ method: 'DELETE', url: `/users/${encodeURIComponent(id)}` });
  }

  inviteUser(id: string) {
    return this.request(InvitationSchema, { method: 'POST', url: `/users/${encodeURIComponent(id)}/invitation`, data: {} });
  }

  listSessions(after: string | undefined, revoked: boolean) {
    return this.request(SessionPageSchema, { method: 'GET', url: '/sessions', params: { ...(after === undefined ? {} : { after }), revoked: String(revoked) } });
  }

  revokeSession(id: string): Promise<void> {
    return this.send({ method: 'DELETE', url: `/sessions/${encodeURIComponent(id)}` });
  }

  registerDevice(input: RegisterDeviceInput) {
    return this.request(IssuedTokenSchema, { method: 'POST', url: '/devices', data: input });
  }

  rotateDevice(id: string) {
    return this.request(IssuedTokenSchema, { method: 'POST', url: `/devices/${encodeURIComponent(id)}/rotate`, data: {} });
  }

  createIntegration(input: CreateIntegrationInput) {
    return this.request(IssuedTokenSchema, { method: 'POST', url: '/integrations', data: input });
  }

  // A manager's set-up: channels, the organisation's name, its inboxes.
  listChannels() {
    return this.request(ChannelListSchema, { method: 'GET', url: '/channels' });
  }

  createChannel(input: CreateChannelInput) {
    return this.request(ChannelSchema, { method: 'POST', url: '/channels', data: input });
  }

  updateChannel(id: string, patch: UpdateChannelInput) {
    return this.request(ChannelSchema, { method: 'PATCH', url: `/channels/${encodeURIComponent(id)}`, data: patch });
  }

  removeChannel(id: string): Promise<void> {
    return this.send({ method: 'DELETE', url: `/channels/${encodeURIComponent(id)}` });
  }

  testChannel(id: string) {
    return this.request(ChannelCheckSchema, { method: 'POST', url: `/channels/${encodeURIComponent(id)}/test`, data: {} });
  }

  updateOrganization(name: string) {
    return this.request(OrganizationSchema, { method: 'PATCH', url: '/organization', data: { name } });
  }

  createInbox(settings: InboxSettings) {
    return this.request(InboxViewSchema, { method: 'POST', url: '/inboxes', data: settings });
  }

  updateInbox(id: string, patch: UpdateInboxInput) {
    return this.request(InboxViewSchema, { method: 'PATCH', url: `/inboxes/${encodeURIComponent(id)}`, data: patch });
  }

  listAudit(before?: string) {
    return this.request(AuditPageSchema, { method: 'GET', url: '/audit', params: before === undefined ? {} : { before } });
  }

  organization(): Promise<Organization> {
    return this.request(OrganizationSchema, { method: 'GET', url: '/organization' });
  }

  templates(): Promise<WaTemplate[]> {
    return this.request(z.array(WaTemplateSchema), { method: 'GET', url: '/watemplates' });
  }

  // The Content Library (a manager's): submitted to Meta by the backend.
  createTemplate(draft: TemplateDraft) {
    return this.request(WaTemplateSchema, { method: 'POST', url: '/watemplates', data: draft });
  }

  updateTemplate(id: string, change: TemplateChange) {
    return this.request(WaTemplateSchema, { method: 'PATCH', url: `/watemplates/${encodeURIComponent(id)}`, data: change });
  }

  deleteTemplate(id: string): Promise<void> {
    return this.send({ method: 'DELETE', url: `/watemplates/${encodeURIComponent(id)}` });
  }

  syncTemplates() {
    return this.request(TemplateSyncResultSchema, { method: 'POST', url: '/watemplates/sync', data: {} });
  }

  patchAppointment(id: string, patch: Record<string, unknown>, key: string) {
    return this.request(BackendAppointmentSchema, {
      method: 'PATCH',
      url: `/appointments/${encodeURIComponent(id)}`,
      data: patch,
      headers: { 'idempotency-key': key },
    });
  }

  /** A batch: the answer is row by row, in the order sent. */
  upsertAppointments(appointments: UpsertAppointmentInput[]) {
    return this.request(BatchAnswerSchema, {
      method: 'POST',
      url: '/appointments/batch',
      data: { appointments },
    });
  }

  upsertConversation(profile: ProfileInput, inbox: string | undefined): Promise<Conversation> {
    return this.request(ConversationSchema, { method: 'POST', url: '/conversations', data: { contact: { profile }, inbox } });
  }

  sendMessage(conversationId: string, body: Partial<SendMessageInput>, key: string): Promise<Message> {
    return this.request(MessageSchema, {
      method: 'POST',
      url: `/conversations/${encodeURIComponent(conversationId)}/messages`,
      data: body,
      headers: { 'idempotency-key': key },
    });
  }

  read(conversationId: string): Promise<Conversation> {
    return this.request(ConversationSchema, { method: 'POST', url: `/conversations/${encodeURIComponent(conversationId)}/read`, data: {} });
  }

  /** Takes or renews a lease; a lease held by another desktop is answered with 409 and read the same way. */
  acquireLease(name: string, holder: string, ttlSeconds: number): Promise<Lease> {
    return this.request(LeaseSchema, {
      method: 'PUT',
      url: `/leases/${encodeURIComponent(name)}`,
      data: { holder, ttlSeconds },
      validateStatus: (status) => status === 200 || status === 409,
    });
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.send({ method: 'DELETE', url: `/leases/${encodeURIComponent(name)}`, params: { holder } });
  }

  /** A source's status for the other desktops; null: the source is gone. */
  putSourceStatus(key: string, status: SourceStatus | null): Promise<void> {
    const url = `/source-status/${encodeURIComponent(key)}`;
    return this.send(status ? { method: 'PUT', url, data: status } : { method: 'DELETE', url });
  }

  requestSourceSync(key: string): Promise<void> {
    return this.send({ method: 'POST', url: `/source-status/${encodeURIComponent(key)}/sync`, data: {} });
  }

  reminderSettings(inboxId: string) {
    return this.request(InboxReminderSettingsSchema, { method: 'GET', url: `/inboxes/${encodeURIComponent(inboxId)}/reminders` });
  }

  saveReminderSettings(inboxId: string, settings: ReminderSettings) {
    return this.request(InboxReminderSettingsSchema, { method: 'PUT', url: `/inboxes/${encodeURIComponent(inboxId)}/reminders`, data: settings });
  }

  previewReminders(inboxId: string, date?: string) {
    return this.request(ReminderPreviewSchema, { method: 'GET', url: `/inboxes/${encodeURIComponent(inboxId)}/reminders/preview`, params: date ? { date } : {} });
  }

  reminderState(appointmentId: string) {
    return this.request(ReminderStateSchema, { method: 'GET', url: `/appointments/${encodeURIComponent(appointmentId)}/reminder` });
  }

  sendReminderNow(appointmentId: string) {
    return this.request(ReminderStateSchema, { method: 'POST', url: `/appointments/${encodeURIComponent(appointmentId)}/reminder`, data: {} });
  }

  /** A request whose answer has no body to read (204, 202). */
  private async send(config: RequestConfig): Promise<void> {
    const token = await this.bearerNow();
    try {
      await this.http.request(withBearer(config, token));
    } catch (error) {
      throw classify(error, token);
    }
  }

  private async request<T extends z.ZodType>(schema: T, config: RequestConfig): Promise<z.infer<T>> {
    const token = await this.bearerNow();
    let data: unknown;
    try {
      data = (await this.http.request(withBearer(config, token))).data;
    } catch (error) {
      throw classify(error, token);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new BackendUnavailable(`The backend answered ${config.url} in a shape this desktop does not know.`);
    return parsed.data;
  }
}

type RequestConfig = Parameters<AxiosInstance['request']>[0];

function withBearer(config: RequestConfig, token: string | null): RequestConfig {
  return token === null ? config : { ...config, headers: { ...config.headers, authorization: `Bearer ${token}` } };
}

/**
 * 401 ends the token's session here; 429 is "not now"; any other 4xx (403 included: the
 * token's role may not do this) is the backend's "no"; anything else may pass later.
 */
function classify(error: unknown, token: string | null): Error {
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
  const response = error.response;
  if (!response) return new BackendUnavailable(`The backend cannot be reached (${error.code ?? error.message}).`);
  const body = ErrorBodySchema.safeParse(response.data);
  const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
  const code = body.success ? body.data.error.code : `HTTP_${response.status}`;
  const params = body.success ? body.data.error.params : undefined;
  if (response.status === 401) return new BackendAuthRefused(code, message, token);
  if (response.status === 429) return new BackendUnavailable(message, 'TOO_MANY_ATTEMPTS', params);
  if (response.status >= 400 && response.status < 500 && response.status !== 408) {
    return new BackendRefusal(code, message, response.status, params);
  }
  return new BackendUnavailable(`The backend could not answer now (${message}).`);
}

/**
 * What a wall screen may not read (templates, the organisation's people: 403 for its role) it
 * goes on without: null. Any other failure is the caller's, as before.
 */
export async function unlessForbidden<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BackendRefusal && error.status === 403) return null;
    throw error;
  }
}
