import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { hashSecret } from '@nastavnik/db';
import { errorResponses, IdParams } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { dispatchMail } from '../mail/mail.service.ts';
import {
  AnswersBody,
  Definitions,
  IssuedLink,
  LinkBody,
  PersonKindParams,
  PublicQuestionnaire,
  Received,
  StoredQuestionnaire,
  TokenParams,
} from './questionnaires.schemas.ts';
import { definitions } from './answers.ts';
import * as questionnaires from './questionnaires.service.ts';
import * as publicForm from './public-form.service.ts';

const READ = { roles: ['curator' as const, 'head' as const] };
const WRITE = { roles: ['curator' as const] };

/**
 * Mentor and mentee questionnaires: the curator fills them or sends the person a one-time
 * link; the head of the organisation reads them. The public form behind a link needs no
 * account and is rate-limited per address.
 */
export default async function questionnaireRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['questionnaires'];
  const { config } = app.deps;

  app.get(
    '/api/questionnaires/definitions',
    {
      config: READ,
      schema: {
        operationId: 'getQuestionnaireDefinitions',
        tags,
        response: { 200: Definitions, ...errorResponses },
      },
    },
    async () => definitions(),
  );

  app.get(
    '/api/persons/:id/questionnaires/:kind',
    {
      config: READ,
      schema: {
        operationId: 'getPersonQuestionnaire',
        tags,
        params: PersonKindParams,
        response: { 200: StoredQuestionnaire, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const { id, kind } = request.params;
        const q = await questionnaires.getQuestionnaire(tx, request.principal!, id, kind);
        // Answers are personal data: every read is logged.
        await audit(tx, request, {
          action: 'questionnaires.read',
          entity: 'questionnaire',
          entityId: q.id,
          details: { personId: id, kind },
        });
        return q;
      }),
  );

  app.put(
    '/api/persons/:id/questionnaires/:kind',
    {
      config: WRITE,
      schema: {
        operationId: 'fillPersonQuestionnaire',
        tags,
        params: PersonKindParams,
        body: AnswersBody,
        response: { 200: StoredQuestionnaire, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const { id, kind } = request.params;
        const q = await questionnaires.fillQuestionnaire(
          tx,
          request.principal!,
          id,
          kind,
          request.body.answers,
        );
        await audit(tx, request, {
          action: 'questionnaires.fill',
          entity: 'questionnaire',
          entityId: q.id,
          details: { personId: id, kind },
        });
        return q;
      }),
  );

  app.post(
    '/api/persons/:id/questionnaire-links',
    {
      config: WRITE,
      schema: {
        operationId: 'createQuestionnaireLink',
        tags,
        params: IdParams,
        body: LinkBody,
        response: { 201: IssuedLink, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = request.principal!;
      const { issued, mailId } = await request.scoped(async (tx) => {
        const r = await questionnaires.createLink(tx, p, request.params.id, request.body, config.publicUrl);
        await audit(tx, request, {
          action: 'questionnaires.link',
          entity: 'questionnaire_link',
          entityId: r.linkId,
          details: {
            personId: request.params.id,
            kind: request.body.kind,
            expiresAt: r.issued.expiresAt,
            mailed: r.mailId !== null,
          },
        });
        return r;
      });
      if (mailId) await dispatchMail(app, p.regionId, [mailId]);
      return reply.status(201).send(issued);
    },
  );

  // ---- the public form (no account: the token is the credential) ----
  // Test set-ups raise the login limit to send many requests; the same setting lifts this one.
  const publicLimit = { max: Math.max(30, config.loginRateLimitPerMinute), timeWindow: '1 minute' };

  app.get(
    '/api/public/questionnaires/:token',
    {
      config: { public: true, rateLimit: publicLimit },
      schema: {
        operationId: 'getPublicQuestionnaire',
        tags,
        params: TokenParams,
        response: { 200: PublicQuestionnaire, ...errorResponses },
      },
    },
    (request) =>
      request.withScope({ authTokenHash: hashSecret(request.params.token) }, (tx) =>
        publicForm.describeForm(tx, request.params.token),
      ),
  );

  app.post(
    '/api/public/questionnaires/:token',
    {
      config: { public: true, rateLimit: publicLimit },
      schema: {
        operationId: 'submitPublicQuestionnaire',
        tags,
        params: TokenParams,
        body: AnswersBody,
        response: { 201: Received, ...errorResponses },
      },
    },
    async (request, reply) => {
      const received = await request.withScope({ authTokenHash: hashSecret(request.params.token) }, (tx) =>
        publicForm.submitForm(tx, request.params.token, request.body.answers, request.ip),
      );
      return reply.status(201).send(received);
    },
  );
}
