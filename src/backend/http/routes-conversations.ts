import type { FastifyInstance } from 'fastify';
import { ContactQuerySchema, type ContactPage } from '../../api/v2/contact';
import { encodeCursor } from '../../api/v2/paging';
import { IdempotencyKeySchema, IdParamSchema } from '../../api/v2/common';
import { UpsertConversationSchema } from '../../api/v2/conversation';
import { MessagesQuerySchema, SendMessageSchema } from '../../api/v2/message';
import { normalisePhone } from '../../domain/phone';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/** Contacts, conversations and messages, each request checked against src/api/v2. */
export function conversationRoutes(app: FastifyInstance, deps: ServerDeps, auth: Auth): void {
  const { store, conversations } = deps;

  app.get('/contacts', async (request) => {
    const principal = await auth(request, 'conversations.read');
    const q = ContactQuerySchema.parse(request.query);
    const telephone = q['profile.telephone'];
    const phone = telephone ? normalisePhone(telephone, deps.country) : null;
    const { contacts, next } = await store.contacts.search(principal.organizationId, {
      name: q['profile.name'],
      phone: phone ? (phone.ok ? phone.e164 : telephone) : undefined,
      email: q['profile.email'],
      text: q.q,
      after: q.after,
      limit: q.limit,
    });
    return { data: contacts, next: next && encodeCursor(next) } satisfies ContactPage;
  });

  app.post('/conversations', async (request, reply) => {
    const principal = await auth(request, 'conversations.write');
    const body = UpsertConversationSchema.parse(request.body);
    const { conversation, created } = await conversations.upsert(principal, body.contact.profile, body.inbox);
    return reply.code(created ? 201 : 200).send(conversation);
  });

  app.get('/conversations/:id', async (request) => {
    const principal = await auth(request, 'conversations.read');
    return conversations.conversation(principal, IdParamSchema.parse(request.params).id);
  });

  app.get('/conversations/:id/messages', async (request) => {
    const principal = await auth(request, 'conversations.read');
    const { before, limit } = MessagesQuerySchema.parse(request.query);
    return conversations.messages(principal, IdParamSchema.parse(request.params).id, before, limit);
  });

  app.post('/conversations/:id/messages', async (request, reply) => {
    // An internal comment takes comments.write (a desktop uploads those made standalone); a
    // message to the customer takes a person. Asked before the body is checked, so that a
    // caller without the right learns that first.
    const comment = (request.body as { isBackchannel?: unknown } | null)?.isBackchannel === true;
    const principal = await auth(request, comment ? 'comments.write' : 'conversations.write');
    const { id } = IdParamSchema.parse(request.params);
    const key = IdempotencyKeySchema.parse(request.headers['idempotency-key']) ?? null;
    const { message, repeated } = await conversations.send(principal, id, SendMessageSchema.parse(request.body), key);
    return reply.code(repeated ? 200 : message.status === 'internal' ? 201 : 202).send(message);
  });

  app.post('/conversations/:id/read', async (request) => {
    const principal = await auth(request, 'conversations.write');
    return conversations.read(principal, IdParamSchema.parse(request.params).id);
  });
}
