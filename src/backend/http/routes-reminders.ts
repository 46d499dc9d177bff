import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import { IdParamSchema } from '../../api/v2/common';
import {
  ReminderPreviewQuerySchema,
  ReminderSettingsSchema,
  type InboxReminderSettings,
  type ReminderPreview,
  type ReminderState,
} from '../../api/v2/reminders';
import type { PeopleService } from '../access/people-service';
import { ReminderBot } from '../reminders/reminder-bot';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/**
 * The reminder bot of each inbox (a manager sets it), what its next run does, and each
 * appointment's reminder (an advisor reads it and can send it now).
 */
export function reminderRoutes(app: FastifyInstance, deps: ServerDeps, auth: Auth, people: PeopleService): void {
  // The bot holds no state of its own: this one answers the requests, the backend's own runs.
  const bot = new ReminderBot(deps.store, deps.conversations, deps.clock);
  const inboxOf = async (organizationId: string, id: string) => {
    const inbox = await deps.store.organizations.inbox(organizationId, id);
    if (!inbox) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    return inbox;
  };

  app.get('/inboxes/:id/reminders', async (request): Promise<InboxReminderSettings> => {
    const { organizationId } = await auth(request, 'conversations.read');
    const inbox = await inboxOf(organizationId, IdParamSchema.parse(request.params).id);
    return { inbox: inbox.id, settings: await deps.store.reminders.settings(inbox.id) };
  });

  app.put('/inboxes/:id/reminders', async (request): Promise<InboxReminderSettings> => {
    const principal = await auth(request, 'organization.manage');
    const inbox = await inboxOf(principal.organizationId, IdParamSchema.parse(request.params).id);
    const settings = ReminderSettingsSchema.parse(request.body);
    // Refused now rather than at reminder time, with the reason the bot would skip for.
    if (settings.template) {
      const template = await bot.template(principal.organizationId, settings.template);
      if (!template.ok) throw new ApiFailure('REMINDER_TEMPLATE', `The reminder cannot use this template: ${template.detail}.`, { reason: template.reason });
    }
    const before = await deps.store.reminders.settings(inbox.id);
    await deps.store.reminders.saveSettings(inbox.id, settings, deps.clock.now());
    const fields = (['enabled', 'template', 'when'] as const).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(settings[f]));
    await people.audit(principal, 'reminders.changed', request.ip, `${inbox.name}: ${settings.template?.name ?? '-'}`, {
      fields,
      ...(settings.template ? { language: settings.template.language } : {}),
    });
    return { inbox: inbox.id, settings };
  });

  app.get('/inboxes/:id/reminders/preview', async (request): Promise<ReminderPreview> => {
    const { organizationId } = await auth(request, 'conversations.read');
    const { id } = IdParamSchema.parse(request.params);
    return bot.preview(organizationId, id, ReminderPreviewQuerySchema.parse(request.query).date);
  });

  app.get('/appointments/:id/reminder', async (request): Promise<ReminderState> => {
    const { organizationId } = await auth(request, 'conversations.read');
    return bot.state(organizationId, IdParamSchema.parse(request.params).id);
  });

  app.post('/appointments/:id/reminder', async (request): Promise<ReminderState> => {
    const principal = await auth(request, 'conversations.write');
    return bot.sendNow(principal, IdParamSchema.parse(request.params).id);
  });
}
