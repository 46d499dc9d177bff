import { z } from 'zod';
import type { SourceSettings } from '../../../api/sources';
import { apiKeyAuth } from './api-key-auth';
import type { PullApi } from './pull-api';
import { parsePage, stringAt } from './read-page';

type PlanItSettings = Extract<SourceSettings, { kind: 'planit' }>;

/**
 * PlanIT publishes no API; this is the shape this connector and its simulator agree on, in one
 * place. Per branch (vestiging): GET /api/v1/vestigingen/{branch}/afspraken with
 * `gewijzigdSinds` (ISO time) or `datum` (yyyy-mm-dd), pages by `pagina`/`aantal`; the key in
 * `X-Api-Key`. Work-order numbers repeat across branches, so the branch is part of every key.
 */
const PageSchema = z.object({
  afspraken: z.array(z.record(z.string(), z.unknown())),
  pagina: z.number().int(),
  aantalPaginas: z.number().int(),
});

export const planItApi: PullApi<PlanItSettings> = {
  system: 'PlanIT',
  defaultMapping: {
    sourceId: 'afspraakId',
    branch: '@branch',
    date: 'datum',
    time: 'tijd',
    customerName: 'klant.naam',
    phone: 'klant.mobiel',
    email: 'klant.email',
    plate: 'voertuig.kenteken',
    make: 'voertuig.merk',
    model: 'voertuig.model',
    work: 'werkzaamheden',
    workOrder: 'werkorder',
    owner: 'adviseur',
    cancelled: 'status=geannuleerd',
  },
  auth: (_settings, secret) => apiKeyAuth('X-Api-Key', secret),
  changedSince: (settings, since) =>
    settings.branches.map((branch) => ({
      label: since ? `${branch}: changes since ${since}` : `${branch}: all appointments`,
      branch,
      path: `/api/v1/vestigingen/${encodeURIComponent(branch)}/afspraken`,
      params: since ? { gewijzigdSinds: since } : ({} as Record<string, string>),
    })),
  day: (settings, day) =>
    settings.branches.map((branch) => ({
      label: `${branch}: ${day} in full`,
      branch,
      path: `/api/v1/vestigingen/${encodeURIComponent(branch)}/afspraken`,
      params: { datum: day },
    })),
  firstPage: (pageSize) => ({ pagina: '1', aantal: String(pageSize) }),
  readPage(body, params) {
    const page = parsePage('PlanIT', PageSchema, body);
    return { items: page.afspraken, next: page.pagina < page.aantalPaginas ? { ...params, pagina: String(page.pagina + 1) } : null };
  },
  changedAt: (item) => stringAt(item, 'gewijzigdOp'),
};
