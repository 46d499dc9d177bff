import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { BackendAppointmentSchema, BatchAnswerSchema, type UpsertAppointmentInput } from '../../api/v2/appointment';
import { ErrorBodySchema } from '../../api/v2/common';
import type { ProfileInput } from '../../api/v2/contact';
import { ConversationSchema, type Conversation } from '../../api/v2/conversation';
import { MessageSchema, type Message, type SendMessageInput } from '../../api/v2/message';
import { LeaseSchema, type Lease } from '../../api/v2/lease';
import type { SourceStatus } from '../../api/v2/source-status';
import { OrganizationSchema, type Organization } from '../../api/v2/organization';
import { WaTemplateSchema, type WaTemplate } from '../../api/v2/template';

/** Where the organisation's backend is, and this desktop's token for it. */
export interface BackendEndpoint {
  url: string;
  token: string;
}

/** The backend said no to this request, for good: sending it again changes nothing. */
export class BackendRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status it came with: 413 means the request was too large, not the rows wrong. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'BackendRefusal';
  }
}

/** The backend could not be reached or could not answer now; the request may be tried again. */
export class BackendUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailable';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** The backend's REST API (Web1on1's v2 style) as the desktop uses it; every answer is parsed. */
export class BackendClient {
  private readonly http: AxiosInstance;

  constructor(endpoint: BackendEndpoint) {
    this.http = axios.create({
      baseURL: `${endpoint.url.replace(/\/$/, '')}/v2`,
      timeout: REQUEST_TIMEOUT_MS,
      headers: { authorization: `Bearer ${endpoint.token}` },
      // Proxies from the environment are not for a dealership's own server on its LAN.
      proxy: false,
    });
  }

  organization(): Promise<Organization> {
    return this.request(OrganizationSchema, { method: 'GET', url: '/organization' });
  }

  templates(): Promise<WaTemplate[]> {
    return this.request(z.array(WaTemplateSchema), { method: 'GET', url: '/watemplates' });
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

  /** A request whose answer has no body to read (204, 202). */
  private async send(config: Parameters<AxiosInstance['request']>[0]): Promise<void> {
    try {
      await this.http.request(config);
    } catch (error) {
      throw classify(error);
    }
  }

  private async request<T extends z.ZodType>(schema: T, config: Parameters<AxiosInstance['request']>[0]): Promise<z.infer<T>> {
    let data: unknown;
    try {
      data = (await this.http.request(config)).data;
    } catch (error) {
      throw classify(error);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new BackendUnavailable(`The backend answered ${config.url} in a shape this desktop does not know.`);
    return parsed.data;
  }
}

/** 4xx is the backend's "no" (except 408, 429 and a refused token); anything else may pass later. */
function classify(error: unknown): Error {
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
  const response = error.response;
  if (!response) return new BackendUnavailable(`The backend cannot be reached (${error.code ?? error.message}).`);
  const body = ErrorBodySchema.safeParse(response.data);
  const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    return new BackendUnavailable(`The backend refused this desktop's token: ${message}`);
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    return new BackendRefusal(body.success ? body.data.error.code : `HTTP_${response.status}`, message, response.status);
  }
  return new BackendUnavailable(`The backend could not answer now (${message}).`);
}
