import type { Inbox } from '../api/appointment';
import { ApiFailure } from '../api/envelope';
import type { StandaloneExport, StandaloneWork } from '../api/first-run';
import { TOUCHPOINTS, type Touchpoint } from '../api/v2/message';
import type { Organization } from '../api/v2/organization';
import type { InstallRepo, StandaloneAppointment, UnsentMessage } from './cache/install-repo';
import type { CoreContext } from './handlers/context';
import { queueAppointments, queueForBackend } from './handlers/outbox-writes';
import { INBOX_FILTER } from './handlers/settings-handlers';
import type { Payload } from './relay/outbox-commands';
import { SAMPLE_SOURCE } from './sample-data';

/** What goes to the organisation when a standalone desktop joins it, in the order it is sent. */
export interface UploadPlan {
  /** Every appointment made here (its fields, and its customer), before anything that names it. */
  appointmentIds: string[];
  /** Where each card was put on the board, and its colour; cards left as they came need none. */
  board: Array<Payload<'board'>>;
  /** Comments and messages, each under the key it was written with (its Idempotency-Key). */
  messages: Array<{ key: string; payload: Payload<'message'> }>;
}

function isTouchpoint(value: string): value is Touchpoint {
  return (TOUCHPOINTS as readonly string[]).includes(value);
}

/**
 * The upload when a standalone desktop joins: all its own appointments, then their board
 * state, then the comments and messages written on them. The demo's cards, and what was
 * written on them, are never uploaded. A comment is stored locally as `internal` and goes to
 * the backend as a back-channel message of the conversation's channel, as addComment sends it.
 */
export function uploadPlan(appointments: StandaloneAppointment[], messages: UnsentMessage[], demoSource: string): UploadPlan {
  const own = appointments.filter((a) => a.source !== demoSource);
  const ids = new Set(own.map((a) => a.id));
  return {
    appointmentIds: own.map((a) => a.id),
    board: own.flatMap((a) => {
      const moved = a.column !== 'new';
      const coloured = a.colour !== 'none';
      if (!moved && !coloured) return [];
      return [{ appointmentId: a.id, ...(moved ? { column: a.column, position: a.position } : {}), ...(coloured ? { colour: a.colour } : {}) }];
    }),
    messages: messages
      .filter((m) => ids.has(m.appointmentId))
      .map((m) => {
        const base = { appointmentId: m.appointmentId, type: m.type, isBackchannel: m.isBackchannel };
        if (m.isBackchannel) return { key: m.key, payload: { ...base, touchpoint: 'whatsapp' as const, text: m.text } };
        // A form card goes as addFormCard sends it: a note the backend keeps internal, not a message to the customer.
        if (m.form) return { key: m.key, payload: { ...base, touchpoint: 'whatsapp' as const, text: m.text, form: m.form } };
        const touchpoint = isTouchpoint(m.touchpoint) ? m.touchpoint : 'whatsapp';
        return { key: m.key, payload: { ...base, touchpoint, ...(m.template ? { template: m.template } : { text: m.text }) } };
      }),
  };
}

/**
 * Where the cards of each standalone inbox go in the organisation: its first inbox of the same
 * kind (dealership, workshop), else its first inbox. Null when the organisation has no inbox.
 */
export function inboxesInto(local: Inbox[], organisation: Array<Pick<Inbox, 'id' | 'kind'>>): Map<string, string> | null {
  const first = organisation[0];
  if (!first) return null;
  const known = new Set(organisation.map((i) => i.id));
  return new Map(
    local.map((inbox) => [inbox.id, known.has(inbox.id) ? inbox.id : (organisation.find((o) => o.kind === inbox.kind) ?? first).id]),
  );
}

/** How much would go to the organisation, for the join dialog. */
export function standaloneWork(ctx: CoreContext, install: InstallRepo): StandaloneWork {
  if (ctx.sync.connected) return { appointments: 0, comments: 0, messages: 0 };
  const plan = uploadPlan(install.appointments(), install.unsentMessages(), SAMPLE_SOURCE);
  const comments = plan.messages.filter((m) => m.payload.isBackchannel).length;
  return { appointments: plan.appointmentIds.length, comments, messages: plan.messages.length - comments };
}

/**
 * Where the standalone inboxes go in `organisation`: none to move, a map, or the reason in
 * words why this desktop cannot join it (its cards would have no inbox there).
 */
function inboxMove(ctx: CoreContext, install: InstallRepo, organisation: Organization): Map<string, string> {
  const theirs = new Set(organisation.inboxes.map((i) => i.id));
  const standalone = ctx.inboxes.all().filter((i) => !theirs.has(i.id));
  const into = inboxesInto(standalone, organisation.inboxes);
  if (into) return into;
  if (!install.hasAppointments()) return new Map();
  throw new ApiFailure(
    'NO_INBOX_TO_JOIN',
    `${organisation.name} has no inbox yet for the appointments of this desktop: ask its manager to add one, then join again.`,
  );
}

/** Throws, before anything is stored, when this desktop could not join `organisation` with its work. */
export function checkJoin(ctx: CoreContext, install: InstallRepo, organisation: Organization): void {
  inboxMove(ctx, install, organisation);
}

/**
 * Joining: the standalone inboxes make way for the organisation's (stored just before), and
 * everything made here is queued for the organisation. Run inside the relay's transaction that
 * records which organisation this cache now belongs to, so that it happens once. Nothing is
 * deleted; a row the backend refuses says "Not saved" on its card, as any refused change does.
 */
export function adoptStandaloneWork(ctx: CoreContext, install: InstallRepo, organisation: Organization): void {
  ctx.transaction(() => {
    install.moveInboxes(inboxMove(ctx, install, organisation), INBOX_FILTER);
    const plan = uploadPlan(install.appointments(), install.unsentMessages(), SAMPLE_SOURCE);
    queueAppointments(ctx, plan.appointmentIds);
    for (const patch of plan.board) queueForBackend(ctx, 'board', patch.appointmentId, patch);
    for (const { key, payload } of plan.messages) queueForBackend(ctx, 'message', payload.appointmentId, payload, key);
  });
}

/** A copy of the standalone work for the user to keep, as it would be uploaded. */
export function exportStandaloneWork(ctx: CoreContext, install: InstallRepo): StandaloneExport {
  const inboxNames = new Map(ctx.inboxes.all().map((i) => [i.id, i.name]));
  const plan = uploadPlan(install.appointments(), install.unsentMessages(), SAMPLE_SOURCE);
  const written = new Map<string, UnsentMessage[]>();
  for (const m of install.unsentMessages()) written.set(m.appointmentId, [...(written.get(m.appointmentId) ?? []), m]);
  return {
    exportedAt: new Date(ctx.clock.now()).toISOString(),
    appointments: plan.appointmentIds.flatMap((id) => {
      const a = ctx.appointments.get(id);
      if (!a) return [];
      return [
        {
          id,
          inbox: inboxNames.get(a.inboxId) ?? a.inboxId,
          source: a.source,
          branch: a.branch,
          sourceId: a.sourceId,
          date: a.localDate,
          time: a.localTime,
          zone: a.zone,
          customer: a.contact && { name: a.contact.name, phone: a.contact.phone, email: a.contact.email },
          plate: a.plate,
          make: a.make,
          model: a.model,
          work: a.work,
          workOrder: a.workOrder,
          owner: a.owner,
          column: a.column,
          colour: a.colour,
          cancelled: a.cancelled,
          messages: (written.get(id) ?? []).map((m) => ({ isBackchannel: m.isBackchannel, touchpoint: m.touchpoint, text: m.text, createdAt: new Date(m.createdAt).toISOString() })),
        },
      ];
    }),
  };
}
