import type { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import type { TemplateChange, TemplateDraft, TemplateSkipReason, TemplateSyncResult, WaTemplate } from '../../api/v2/template';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import type { ProviderEndpoints } from '../channels/provider-endpoints';
import type { BackendStore } from '../store/backend-store';
import { accountTemplateOf, metaComponents, MetaErrorSchema, MetaTemplatePageSchema, type MetaTemplate } from './meta-templates';
import { STATE_OF } from './template-status';

/** How long one request to Meta's template management may take before the manager is told. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Templates asked per page of a sync (Meta's list is paged with cursors). */
const PAGE_LIMIT = 100;
/** Pages of one account a sync reads at most: 5,000 templates, far above Meta's limit per account (250 for most). */
export const MAX_PAGES = 50;
/** The whole sync, every account and page, ends by then: a manager waits for its answer. */
export const SYNC_DEADLINE_MS = 30_000;

/** A business account of the organisation and the token of a WhatsApp channel that reaches it. */
interface Account {
  businessAccountId: string;
  accessToken: string;
  /** The labels of the organisation's numbers in it, to name the account to a manager. */
  channels: string[];
}

/**
 * The Content Library against Meta's template management: a manager's template is submitted to
 * the business account of one of the organisation's WhatsApp channels (POST
 * /{waba-id}/message_templates), edited (POST /{template-id}), deleted (DELETE
 * /{waba-id}/message_templates?name=…&hsm_id=…), and synced (GET …/message_templates, paged).
 * Meta decides; a refusal is the manager's to read, in Meta's words. Every change is a
 * template.upsert or template.remove event, so desktops follow it.
 */
export class TemplateManagement {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly providers: ProviderEndpoints,
    private readonly timers: Timers,
  ) {}

  list(organizationId: string): Promise<WaTemplate[]> {
    return this.store.templates.list(organizationId);
  }

  async create(organizationId: string, draft: TemplateDraft): Promise<WaTemplate> {
    const { channel, ...template } = draft;
    if (await this.store.templates.find(organizationId, template.name, template.language)) {
      throw new ApiFailure('TEMPLATE_EXISTS', `There is already a template "${template.name}" in language ${template.language}; edit that one or choose another name.`, {
        name: template.name,
        language: template.language,
      });
    }
    const account = await this.accountFor(organizationId, channel);
    const answer = await this.meta(account, 'POST', `/${account.businessAccountId}/message_templates`, {
      name: template.name,
      language: template.language,
      category: template.category,
      components: metaComponents(template),
    });
    const id = typeof answer.id === 'string' ? answer.id : null;
    if (!id) throw new ApiFailure('TEMPLATE_PROVIDER_UNAVAILABLE', 'Meta took the template but its answer did not say its id: sync the Content Library to see it.');
    const status = (typeof answer.status === 'string' && STATE_OF[answer.status]) || 'PENDING';
    const now = this.clock.now();
    return this.store.write(organizationId, now, async (emit) => {
      const created = await this.store.templates.create(organizationId, template, { businessAccountId: account.businessAccountId, providerId: id, status }, now);
      emit('template.upsert', { template: created });
      return created;
    });
  }

  /**
   * An edit: what Meta reviews (category, texts, examples, buttons) is submitted again and the
   * template is PENDING until Meta decides; a new title, label or source alone stays here.
   */
  async update(organizationId: string, id: string, change: TemplateChange): Promise<WaTemplate> {
    const template = await this.template(organizationId, id);
    const resubmit = JSON.stringify(metaComponents(template)) !== JSON.stringify(metaComponents(change)) || template.category !== change.category;
    let status = template.status;
    if (resubmit) {
      if (!template.providerId || !template.businessAccountId) {
        throw new ApiFailure(
          'TEMPLATE_NOT_IN_ACCOUNT',
          `Template "${template.name}" was not made in the Content Library, so its text cannot be changed here; change its title and labels, or make a new template.`,
          { name: template.name },
        );
      }
      const account = await this.account(organizationId, template.businessAccountId);
      await this.meta(account, 'POST', `/${template.providerId}`, { category: change.category, components: metaComponents(change) });
      status = 'PENDING';
    }
    const now = this.clock.now();
    return this.store.write(organizationId, now, async (emit) => {
      const changed = await this.store.templates.change(organizationId, id, change, status, now);
      emit('template.upsert', { template: changed });
      return changed;
    });
  }

  /** Deleted at Meta (by name and id, this language only) and here; one Meta no longer has is deleted here all the same. */
  async remove(organizationId: string, id: string): Promise<void> {
    const template = await this.template(organizationId, id);
    if (template.providerId && template.businessAccountId && template.missingSince === null) {
      const account = await this.account(organizationId, template.businessAccountId);
      const query = new URLSearchParams({ name: template.name, hsm_id: template.providerId });
      await this.meta(account, 'DELETE', `/${account.businessAccountId}/message_templates?${query}`);
    }
    await this.store.write(organizationId, this.clock.now(), async (emit) => {
      await this.store.templates.remove(organizationId, id);
      emit('template.remove', { template: id });
    });
  }

  /**
   * Reads every template of each business account of the organisation: new ones are added,
   * known ones take Meta's content and status (keeping their titles and labels). One the account
   * no longer has is kept and marked missing (`missingSince`), not deleted: messages name it and
   * a manager sees it and deletes it. One the app could not send as Meta holds it, or one whose
   * name and language the organisation has from another account, is not taken in and is named
   * in `skipped` with why. The whole sync has one deadline, and each account's list a page cap
   * and a check against a cursor given twice: a broken or hostile answer cannot keep it going.
   */
  async sync(organizationId: string): Promise<TemplateSyncResult> {
    const result: TemplateSyncResult = { added: 0, updated: 0, missing: 0, failed: [], skipped: [] };
    const accounts = await this.accounts(organizationId);
    if (!accounts.length) throw this.noAccount();
    const deadline = new AbortController();
    const cancel = this.timers.after(SYNC_DEADLINE_MS, () => deadline.abort());
    try {
      for (const account of accounts) {
        let listed: MetaTemplate[];
        // One account that cannot be read (a channel's token revoked) keeps no other from syncing: it is named with why.
        try {
          listed = await this.listAccount(account, deadline.signal);
        } catch (error) {
          if (!(error instanceof ApiFailure)) throw error;
          // Meta's own words where it refused, else the backend's.
          const reason = typeof error.params?.['reason'] === 'string' ? error.params['reason'] : error.message;
          result.failed.push({ businessAccountId: account.businessAccountId, channels: account.channels, code: error.code, reason });
          continue;
        }
        await this.take(organizationId, account, listed, result);
      }
    } finally {
      cancel();
    }
    this.logger.info(
      { organizationId, added: result.added, updated: result.updated, missing: result.missing, failed: result.failed.length, skipped: result.skipped.length },
      'templates synced',
    );
    return result;
  }

  /** Every template the account lists, page by page as Meta pages them (a `next` while more follow). */
  private async listAccount(account: Account, deadline: AbortSignal): Promise<MetaTemplate[]> {
    const listed: MetaTemplate[] = [];
    const cursors = new Set<string>();
    let after: string | undefined;
    for (let pages = 0; ; pages++) {
      if (pages === MAX_PAGES) {
        throw new ApiFailure('TEMPLATE_LIST_TOO_LONG', `The account lists more than ${MAX_PAGES} pages of templates; nothing of it was changed.`, { pages: MAX_PAGES });
      }
      const query = new URLSearchParams({ limit: String(PAGE_LIMIT), ...(after ? { after } : {}) });
      const page = MetaTemplatePageSchema.safeParse(await this.meta(account, 'GET', `/${account.businessAccountId}/message_templates?${query}`, undefined, deadline));
      if (!page.success) throw new ApiFailure('TEMPLATE_PROVIDER_UNAVAILABLE', 'Meta answered the list of templates in a form that could not be read; nothing was changed.');
      listed.push(...page.data.data);
      if (!page.data.paging?.next) return listed;
      after = page.data.paging.cursors?.after;
      if (!after) throw new ApiFailure('TEMPLATE_PROVIDER_UNAVAILABLE', 'Meta said more templates follow but not where; nothing was changed.');
      if (cursors.has(after)) throw new ApiFailure('TEMPLATE_LIST_REPEATS', 'Meta gave the same page of templates twice; nothing of this account was changed.');
      cursors.add(after);
    }
  }

  /** One account's listed templates into the library, in one write: added, updated, marked missing, or skipped with why. */
  private async take(organizationId: string, account: Account, listed: MetaTemplate[], result: TemplateSyncResult): Promise<void> {
    const found = new Set<string>();
    const now = this.clock.now();
    const skip = (t: MetaTemplate, reason: TemplateSkipReason, kind: string | null) =>
      result.skipped.push({ name: t.name, language: t.language, reason, kind, businessAccountId: account.businessAccountId, channels: account.channels });
    await this.store.write(organizationId, now, async (emit) => {
      for (const t of listed) {
        const ours = accountTemplateOf(t);
        if ('gone' in ours) continue;
        // Not found, so one taken in before (with its call button dropped) is marked missing and is no longer sent.
        if ('skipped' in ours) {
          skip(t, ours.skipped.reason, ours.skipped.kind);
          continue;
        }
        const { template, change } = await this.store.templates.fromAccount(organizationId, account.businessAccountId, ours.taken, now);
        if (change === 'other_account') {
          skip(t, 'other_account', null);
          continue;
        }
        found.add(ours.taken.providerId);
        if (change === 'same') continue;
        result[change]++;
        emit('template.upsert', { template });
      }
      for (const template of await this.store.templates.markMissing(organizationId, account.businessAccountId, found, now)) {
        result.missing++;
        emit('template.upsert', { template });
      }
    });
  }

  private async template(organizationId: string, id: string): Promise<WaTemplate> {
    const template = await this.store.templates.get(organizationId, id);
    if (!template) throw new ApiFailure('NOT_FOUND', 'There is no such template.');
    return template;
  }

  /** One account per business account id: the first working channel's token reaches it. */
  private async accounts(organizationId: string): Promise<Account[]> {
    const accounts = new Map<string, Account>();
    for (const view of await this.store.channels.list(organizationId)) {
      if (view.kind !== 'whatsapp' || !view.businessAccountId) continue;
      const known = accounts.get(view.businessAccountId);
      if (known) {
        known.channels.push(view.label);
        continue;
      }
      const record = await this.store.channels.record(view.id);
      if (record?.kind === 'whatsapp') accounts.set(view.businessAccountId, { businessAccountId: view.businessAccountId, accessToken: record.secrets.accessToken, channels: [view.label] });
    }
    return [...accounts.values()];
  }

  private async account(organizationId: string, businessAccountId: string): Promise<Account> {
    const account = (await this.accounts(organizationId)).find((a) => a.businessAccountId === businessAccountId);
    if (!account) {
      throw new ApiFailure('NO_WHATSAPP_ACCOUNT', `No WhatsApp channel of this organisation reaches business account ${businessAccountId} any more: add one in Settings → Channels.`, {
        account: businessAccountId,
      });
    }
    return account;
  }

  /** The account a new template goes to: the channel's the manager chose, or the organisation's only one. */
  private async accountFor(organizationId: string, channelId: string | undefined): Promise<Account> {
    const accounts = await this.accounts(organizationId);
    if (channelId !== undefined) {
      const view = await this.store.channels.view(organizationId, channelId);
      if (!view || view.kind !== 'whatsapp' || !view.businessAccountId) {
        throw new ApiFailure('NO_WHATSAPP_ACCOUNT', 'The chosen channel is not a WhatsApp number of this organisation with a business account.');
      }
      return this.account(organizationId, view.businessAccountId);
    }
    if (!accounts.length) throw this.noAccount();
    if (accounts.length > 1) {
      throw new ApiFailure('CHOOSE_ACCOUNT', `This organisation has ${accounts.length} WhatsApp business accounts: choose the channel whose account gets the template.`, {
        count: accounts.length,
      });
    }
    return accounts[0]!;
  }

  private noAccount(): ApiFailure {
    return new ApiFailure('NO_WHATSAPP_ACCOUNT', 'This organisation has no WhatsApp number with a business account: add one in Settings → Channels first.');
  }

  /**
   * One request to the Graph API; Meta's refusal becomes the manager's (422, Meta's words), an
   * outage a 502. It has its own timeout and ends, too, when the operation's deadline passes.
   */
  private async meta(account: Account, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, deadline?: AbortSignal): Promise<Record<string, unknown>> {
    const { baseUrl, apiVersion } = this.providers.whatsapp;
    const timeout = new AbortController();
    const cancel = this.timers.after(REQUEST_TIMEOUT_MS, () => timeout.abort());
    const signal = deadline ? AbortSignal.any([timeout.signal, deadline]) : timeout.signal;
    const late = () =>
      new ApiFailure('TEMPLATE_SYNC_TIMEOUT', `The sync took more than ${SYNC_DEADLINE_MS / 1000} seconds and was stopped; nothing of this account was changed.`, {
        seconds: SYNC_DEADLINE_MS / 1000,
      });
    try {
      if (deadline?.aborted) throw late();
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/${apiVersion}${path}`, {
          method,
          headers: { authorization: `Bearer ${account.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (deadline?.aborted) throw late();
        this.logger.warn({ businessAccountId: account.businessAccountId, method, err: (error as Error).message }, 'template management unreachable');
        throw new ApiFailure('TEMPLATE_PROVIDER_UNAVAILABLE', 'WhatsApp could not be reached to manage templates; nothing was changed. Try again in a moment.');
      }
      const answer: unknown = await response.json().catch(() => null);
      if (deadline?.aborted) throw late();
      return this.answerOf(response, answer);
    } finally {
      cancel();
    }
  }

  /** Meta's answer: what it took, or its refusal in its own words. */
  private answerOf(response: Response, answer: unknown): Record<string, unknown> {
    if (response.ok) return (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>;
    const refusal = MetaErrorSchema.safeParse(answer);
    if (response.status >= 500 || !refusal.success) {
      throw new ApiFailure('TEMPLATE_PROVIDER_UNAVAILABLE', `WhatsApp did not take the request (HTTP ${response.status}); nothing was changed. Try again in a moment.`);
    }
    throw new ApiFailure('TEMPLATE_REFUSED', `WhatsApp refused: ${wordsOf(refusal.data)}`, { reason: wordsOf(refusal.data) });
  }
}

/** Meta's words for a person where it gave them, else its message. */
function wordsOf(refusal: z.infer<typeof MetaErrorSchema>): string {
  const { error_user_title: title, error_user_msg: text, message } = refusal.error;
  return text ? (title ? `${title}: ${text}` : text) : message;
}
