import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ContactQuerySchema, type ContactPage } from '../../api/v2/contact';
import { encodeCursor } from '../../api/v2/paging';
import { IdempotencyKeySchema, IdParamSchema } from '../../api/v2/common';
import { UpsertConversationSchema } from '../../api/v2/conversation';
import { MessagesQuerySchema, SendMessageSchema } from '../../api/v2/message';
import { WaTemplateInputSchema } from '../../api/v2/template';
import { normalisePhone } from '../../domain/phone';
import type { Principal } from '../store/organizations-repo';
import type { ServerDeps } from './server';

/** Contacts, conversations, messages and templates, each request checked against src/api/v2. */
export function conversationRoutes(app: FastifyInstance, deps: ServerDeps, auth: (r: FastifyRequest) => Principal): void {
  const { store, conversations } = deps;

  app.get('/contacts', async (request) => {
    const principal = auth(request);
    const q = ContactQuerySchema.parse(request.query);
    const telephone = q['profile.telephone'];
    const phone = telephone ? normalisePhone(telephone, deps.country) : null;
    const { contacts, next } = store.contacts.search(principal.organizationId, {
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
    const principal = auth(request);
    const body = UpsertConversationSchema.parse(request.body);
    const { conversation, created } = conversations.upsert(principal, body.contact.profile, body.inbox);
    return reply.code(created ? 201 : 200).send(conversation);
  });

  app.get('/conversations/:id', async (request) => {
    const principal = auth(request);
    return conversations.conversation(principal, IdParamSchema.parse(request.params).id);
  });

  app.get('/conversations/:id/messages', async (request) => {
    const principal = auth(request);
    const { before, limit } = MessagesQuerySchema.parse(request.query);
    return conversations.messages(principal, IdParamSchema.parse(request.params).id, before, limit);
  });

  app.post('/conversations/:id/messages', async (request, reply) => {
    const principal = auth(request);
    const { id } = IdParamSchema.parse(request.params);
    const key = IdempotencyKeySchema.parse(request.headers['idempotency-key']) ?? null;
    const { message, repeated } = conversations.send(principal, id, SendMessageSchema.parse(request.body), key);
    return reply.code(repeated ? 200 : message.status === 'internal' ? 201 : 202).send(message);
  });

  app.post('/conversations/:id/read', async (request) => {
    const principal = auth(request);
    return conversations.read(principal, IdParamSchema.parse(request.params).id);
  });

  // A token per desktop, so that one lost laptop can be shut out on its own.
  app.post('/tokens', async (request, reply) => {
    const principal = auth(request);
    const { label } = z.object({ label: z.string().trim().min(1).max(100) }).parse(request.body);
    return reply.code(201).send({ token: store.organizations.issueToken(principal, label, deps.clock.now()), label });
  });

  app.get('/watemplates', async (request) => store.templates.list(auth(request).organizationId));

  app.post('/watemplates', async (request, reply) => {
    const principal = auth(request);
    return reply.code(201).send(store.templates.upsert(principal.organizationId, WaTemplateInputSchema.parse(request.body)));
  });
}
