import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import {
  CreatePersonBody,
  PersonCard,
  PersonListItem,
  PersonListQuery,
  PersonParams,
  UpdatePersonBody,
  WithdrawBody,
  WithdrawReply,
} from './persons.schemas.ts';
import { listPersons, type PersonListArgs } from './persons.list.ts';
import { personCard } from './persons.card.ts';
import {
  createPerson,
  updatePerson,
  type CreatePersonInput,
  type UpdatePersonInput,
} from './persons.write.ts';
import { withdrawConsent } from './persons.withdraw.ts';
import { READ, tags, WRITE } from './persons.access.ts';
import consentsRoutes from './consents.routes.ts';
import documentsRoutes from './documents.routes.ts';

/*
 * The curator's mentor base and mentee base. Personal data never leaves the organisation:
 * only its curator (read and write) and its head (read) reach these routes, every query
 * runs under RLS in the organisation's scope, and every read that shows a name is audited.
 */
export default async function personsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const secret = app.deps.config.personKeySecret;

  app.get(
    '/api/persons',
    {
      config: READ,
      schema: {
        operationId: 'listPersons',
        summary: 'База наставников или наставляемых: поиск, фильтры, сортировка, страницы',
        tags,
        querystring: PersonListQuery,
        response: { 200: Page(PersonListItem), ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const result = await listPersons(tx, request.principal!, request.query as PersonListArgs);
        const { page: _page, pageSize: _pageSize, ...filter } = request.query;
        await audit(tx, request, {
          action: 'persons.list',
          details: { base: request.query.base, filter, count: result.total },
        });
        return result;
      }),
  );

  app.post(
    '/api/persons',
    {
      config: WRITE,
      schema: {
        operationId: 'createPerson',
        summary: 'Добавить участника в базу вместе с его согласием на обработку персональных данных',
        tags,
        body: CreatePersonBody,
        response: { 201: PersonCard, ...errorResponses },
      },
    },
    async (request, reply) => {
      const card = await request.scoped(async (tx) => {
        const body = request.body as CreatePersonInput;
        const id = await createPerson(tx, request.principal!, body, secret);
        await audit(tx, request, {
          action: 'persons.create',
          entity: 'person',
          entityId: id,
          details: {
            inMentorBase: body.inMentorBase,
            inMenteeBase: body.inMenteeBase,
            versionId: body.consent.versionId,
          },
        });
        return personCard(tx, request.principal!, id);
      });
      return reply.status(201).send(card);
    },
  );

  app.get(
    '/api/persons/:id',
    {
      config: READ,
      schema: {
        operationId: 'getPerson',
        summary: 'Карточка участника: сведения, согласия, анкеты, история участия',
        tags,
        params: PersonParams,
        response: { 200: PersonCard, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const card = await personCard(tx, request.principal!, request.params.id);
        await audit(tx, request, { action: 'persons.read', entity: 'person', entityId: card.id });
        return card;
      }),
  );

  app.patch(
    '/api/persons/:id',
    {
      config: WRITE,
      schema: {
        operationId: 'updatePerson',
        summary: 'Изменить сведения участника (только в пределах его согласия)',
        tags,
        params: PersonParams,
        body: UpdatePersonBody,
        response: { 200: PersonCard, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const { id } = request.params;
        const fields = await updatePerson(
          tx,
          request.principal!,
          id,
          request.body as UpdatePersonInput,
          secret,
        );
        // The names of the changed fields, never their values: the log is not a second copy of the data.
        await audit(tx, request, {
          action: 'persons.update',
          entity: 'person',
          entityId: id,
          details: { fields },
        });
        return personCard(tx, request.principal!, id);
      }),
  );

  app.post(
    '/api/persons/:id/withdraw',
    {
      config: WRITE,
      schema: {
        operationId: 'withdrawPersonConsent',
        summary:
          'Отзыв согласия или требование удалить данные: согласия прекращаются, данные удаляются заданием',
        tags,
        params: PersonParams,
        body: WithdrawBody,
        response: { 202: WithdrawReply, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await request.scoped(async (tx) => {
        const r = await withdrawConsent(tx, request.principal!, id, request.body);
        await audit(tx, request, {
          action: 'persons.withdraw',
          entity: 'person',
          entityId: id,
          details: {
            reason: request.body.reason,
            date: request.body.date,
            withdrawnConsents: r.withdrawnConsents,
            alreadyErased: r.alreadyErased,
          },
        });
        return r;
      });
      // After the commit, so the job sees the withdrawal. The job is idempotent and keyed by
      // the person: a repeated call (or a retry after a failed enqueue) is safe.
      await app.deps.jobs.enqueue('persons.erase', result.job);
      return reply.status(202).send({ status: 'erasure_queued' as const });
    },
  );

  await app.register(consentsRoutes);
  await app.register(documentsRoutes);
}
