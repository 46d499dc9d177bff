import { z } from 'zod';
import type { ColumnMapping } from '../../../api/import';
import type { SourceSettings } from '../../../api/sources';
import { keyloopTenant } from '../../../api/v2/keyloop';
import type { Clock } from '../../../ports/clock';
import { KeyloopToken } from './keyloop-token';
import type { PullApi } from './pull-api';
import { parsePage, stringAt } from './read-page';

type KeyloopSettings = Extract<SourceSettings, { kind: 'keyloop' }>;

/**
 * Keyloop's public shapes: the tenant in the path (`/{enterpriseId}/{storeId}/v3/...`), a
 * client-credential token, service appointments that carry the repair order opened for them
 * (`repairOrderId`), so the card keeps the appointment's id and shows the repair order's.
 * Paging and changed-since are not public; this connector asks `changedSince`, `page`,
 * `pageSize` and reads `page.totalPages`, which the simulator serves.
 */
const PageSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  page: z.object({ number: z.number().int(), totalPages: z.number().int() }),
});

const RecordSchema = z.looseObject({ appointmentId: z.string() });
/** A repair order opened without an appointment (a walk-in at the counter) has none. */
const RepairOrderSchema = z.looseObject({ repairOrderId: z.string(), appointmentId: z.string().nullish() });

export const KEYLOOP_MAPPING: ColumnMapping = {
  sourceId: 'appointmentId',
  branch: '@branch',
  date: 'dueInDateTime|date',
  time: 'dueInDateTime|time',
  customerName: 'customer.name',
  phone: 'customer.contact.mobilePhone',
  email: 'customer.contact.email',
  plate: 'vehicle.registrationNumber',
  make: 'vehicle.make',
  model: 'vehicle.model',
  work: 'jobs.description',
  workOrder: 'repairOrderId',
  owner: 'serviceAdvisor.name',
  cancelled: 'status=CANCELLED/NO_SHOW',
};

export function keyloopApi(clock: Clock): PullApi<KeyloopSettings> {
  const path = (s: KeyloopSettings) => `/${encodeURIComponent(s.enterpriseId)}/${encodeURIComponent(s.storeId)}/v3/service-appointments`;
  return {
    system: 'Keyloop',
    defaultMapping: KEYLOOP_MAPPING,
    auth: (settings, secret, timeoutMs, _retry, httpsAgent) =>
      new KeyloopToken({ baseUrl: settings.baseUrl, clientId: settings.clientId, clientSecret: secret, timeoutMs, httpsAgent }, clock),
    changedSince: (settings, since) => [
      { label: since ? `changes since ${since}` : 'all appointments', branch: settings.storeId, path: path(settings), params: since ? { changedSince: since } : ({} as Record<string, string>) },
    ],
    day: (settings, day) => [{ label: `${day} in full`, branch: settings.storeId, path: path(settings), params: { dueInDate: day } }],
    firstPage: (pageSize) => ({ page: '1', pageSize: String(pageSize) }),
    readPage(body, params) {
      const page = parsePage('Keyloop', PageSchema, body);
      return { items: page.items, next: page.page.number < page.page.totalPages ? { ...params, page: String(page.page.number + 1) } : null };
    },
    changedAt: (item) => stringAt(item, 'lastModifiedDateTime'),
    // The backend relays Keyloop's events by store: the source that pulls that store takes them.
    takes: (settings, notification) => notification.system === 'keyloop' && notification.tenant === keyloopTenant(settings.enterpriseId, settings.storeId),
    // Keyloop notifies mostly of repair orders: the card is its appointment's, which carries the order.
    async record(settings, ref, get) {
      let appointmentId = ref.id;
      if (ref.kind === 'repair-order') {
        const orderPath = `/${encodeURIComponent(settings.enterpriseId)}/${encodeURIComponent(settings.storeId)}/v3/repair-orders/${encodeURIComponent(ref.id)}`;
        const order = parsePage('Keyloop', RepairOrderSchema, await get({ label: `repair order ${ref.id} (notified)`, branch: settings.storeId, path: orderPath, params: {} }));
        if (!order.appointmentId) return null;
        appointmentId = order.appointmentId;
      }
      const query = { label: `appointment ${appointmentId} (notified)`, branch: settings.storeId, path: `${path(settings)}/${encodeURIComponent(appointmentId)}`, params: {} };
      return { query, item: parsePage('Keyloop', RecordSchema, await get(query)) };
    },
  };
}
