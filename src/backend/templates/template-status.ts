import { z } from 'zod';
import { TEMPLATE_STATUSES, type TemplateStatus } from '../../api/v2/template';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { BackendStore } from '../store/backend-store';

/**
 * The value of Meta's `message_template_status_update` webhook change. Meta names more events
 * than a template has states (FLAGGED, PENDING_DELETION, REINSTATED …); each is read as the
 * state it leaves the template in (see STATE_OF).
 */
const StatusUpdateSchema = z.object({
  event: z.string().min(1),
  message_template_id: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]).transform(String),
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
  reason: z.string().nullish(),
  other_info: z.object({ title: z.string().optional(), description: z.string().optional() }).partial().nullish(),
});

/** The state a template is in after each event Meta reports; an event not here is not applied. */
export const STATE_OF: Record<string, TemplateStatus> = {
  ...Object.fromEntries(TEMPLATE_STATUSES.map((s) => [s, s])),
  IN_APPEAL: 'PENDING',
  PENDING_DELETION: 'DISABLED',
  REINSTATED: 'APPROVED',
  FLAGGED: 'APPROVED',
  LIMIT_EXCEEDED: 'REJECTED',
};

/** Meta writes "NONE" for "no reason"; a rejection or pause without one still says that it has none. */
function reasonOf(status: TemplateStatus, reason: string | null | undefined, info: string | undefined): string | null {
  const given = reason && reason !== 'NONE' ? reason : null;
  const said = [given, info].filter(Boolean).join(': ') || null;
  if (status === 'REJECTED' || status === 'PAUSED' || status === 'DISABLED') return said ?? 'Meta gave no reason';
  return null;
}

/**
 * Applies Meta's review of a template (the WhatsApp webhook, after its signature was verified)
 * to the template of that organisation and business account with that provider id; desktops
 * hear of it as template.upsert. Another organisation's template with the same id is never touched.
 */
export class TemplateStatusReports {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** null when applied; otherwise why not (unknown template, a value of the wrong shape, an event that is no state). */
  async apply(account: { organizationId: string; businessAccountId: string }, value: unknown): Promise<string | null> {
    const parsed = StatusUpdateSchema.safeParse(value);
    if (!parsed.success) return `the template status update is not in Meta's format: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`;
    const update = parsed.data;
    const status = STATE_OF[update.event];
    if (!status) return `the template status event ${update.event} is not one a template can be in`;
    const template = await this.store.templates.byProviderId(account.organizationId, account.businessAccountId, update.message_template_id);
    if (!template) {
      return `no template ${update.message_template_id} (${update.message_template_name}, ${update.message_template_language}) in business account ${account.businessAccountId} of this organisation`;
    }
    const now = this.clock.now();
    const reason = reasonOf(status, update.reason, update.other_info?.description ?? update.other_info?.title);
    if (template.status === status && template.rejectionReason === reason) return null;
    await this.store.write(account.organizationId, now, async (emit) => {
      const changed = await this.store.templates.setStatus(account.organizationId, template.id, status, reason, now);
      emit('template.upsert', { template: changed });
    });
    this.logger.info({ organizationId: account.organizationId, template: template.id, status, event: update.event }, 'template review status');
    return null;
  }
}
