import { z } from 'zod';
import type { SourceSettings } from '../../../api/sources';
import { apiKeyAuth } from './api-key-auth';
import type { PullApi } from './pull-api';
import { parsePage, stringAt } from './read-page';

type OneISettings = Extract<SourceSettings, { kind: 'one-i' }>;

/**
 * 1i Automotive publishes no API; this is the shape this connector and its simulator agree on,
 * in one place. GET /v1/sites/{siteId}/bookings with `modifiedSince` (ISO time) or `date`,
 * cursor paging (`limit`, `cursor` → `nextCursor`); the key as `Authorization: ApiKey …`.
 * A booking's `start` is the workshop's wall-clock time without an offset.
 */
const PageSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
});

export const oneIApi: PullApi<OneISettings> = {
  system: '1i Automotive',
  defaultMapping: {
    sourceId: 'bookingId',
    branch: '@branch',
    date: 'start|date',
    time: 'start|time',
    customerName: 'customer.name',
    phone: 'customer.mobile',
    email: 'customer.email',
    plate: 'vehicle.registration',
    make: 'vehicle.make',
    model: 'vehicle.model',
    work: 'jobs.description',
    workOrder: 'jobCardNumber',
    owner: 'advisor',
    cancelled: 'state=CANCELLED',
  },
  auth: (_settings, secret) => apiKeyAuth('Authorization', `ApiKey ${secret}`),
  changedSince: (settings, since) => [
    {
      label: since ? `changes since ${since}` : 'all bookings',
      branch: settings.siteId,
      path: `/v1/sites/${encodeURIComponent(settings.siteId)}/bookings`,
      params: since ? { modifiedSince: since } : ({} as Record<string, string>),
    },
  ],
  day: (settings, day) => [
    {
      label: `${day} in full`,
      branch: settings.siteId,
      path: `/v1/sites/${encodeURIComponent(settings.siteId)}/bookings`,
      params: { date: day },
    },
  ],
  firstPage: (pageSize) => ({ limit: String(pageSize) }),
  readPage(body, params) {
    const page = parsePage('1i Automotive', PageSchema, body);
    return { items: page.data, next: page.nextCursor ? { ...params, cursor: page.nextCursor } : null };
  },
  changedAt: (item) => stringAt(item, 'lastModified'),
};
