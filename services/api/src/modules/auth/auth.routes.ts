import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { unauthorized } from '../../lib/errors.ts';
import { dispatchMail } from '../mail/mail.service.ts';
import {
  ChangePasswordBody,
  ForgotBody,
  LinkInfo,
  LinkParams,
  LoginBody,
  Me,
  Session,
  SetPasswordBody,
} from './auth.schemas.ts';
import * as auth from './auth.service.ts';

export const REFRESH_COOKIE = 'nastavnik_refresh';

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app.deps;
  const ttlDays = config.refreshTokenTtlDays;

  // The refresh token lives only in an httpOnly cookie scoped to the auth routes, so page
  // scripts never see it; the short-lived access token is kept in memory by the web app.
  function startSession(reply: FastifyReply, s: auth.IssuedSession) {
    reply.setCookie(REFRESH_COOKIE, s.refreshToken, {
      path: '/api/auth',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.publicUrl.startsWith('https://'),
      maxAge: ttlDays * 86_400,
    });
    return {
      accessToken: app.signAccessToken(s.principal),
      expiresIn: config.accessTokenTtlSeconds,
      user: s.me,
    };
  }
  const endSession = (reply: FastifyReply) => reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  const loginLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      const s = await request.withScope({}, (tx) =>
        auth.login(tx, request.body.email, request.body.password, ttlDays),
      );
      return startSession(reply, s);
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        operationId: 'refreshSession',
        tags: ['auth'],
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (!token) throw unauthorized();
      const outcome = await request.withScope({}, (tx) => auth.refresh(tx, token, ttlDays));
      if (outcome.kind === 'rejected') {
        endSession(reply);
        throw unauthorized('Сеанс завершён, войдите снова');
      }
      return startSession(reply, outcome.session);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true },
      schema: { operationId: 'logout', tags: ['auth'], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (token) await request.withScope({}, (tx) => auth.logout(tx, token));
      endSession(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { operationId: 'getMe', tags: ['auth'], response: { 200: Me, ...errorResponses } } },
    async (request) => request.scoped((tx) => auth.loadMe(tx, request.principal!.userId)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { rateLimit: loginLimit },
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        body: ChangePasswordBody,
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = request.principal!;
      const { currentPassword, newPassword } = request.body;
      const s = await request.scoped(async (tx) => {
        const refreshToken = await auth.changePassword(tx, p, currentPassword, newPassword, ttlDays);
        return { principal: p, refreshToken, me: await auth.loadMe(tx, p.userId) };
      });
      return startSession(reply, s);
    },
  );

  app.post(
    '/api/auth/forgot',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        operationId: 'requestPasswordReset',
        tags: ['auth'],
        body: ForgotBody,
        response: { 202: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const sent = await request.withScope({}, (tx) =>
        auth.requestPasswordReset(tx, request.body.email, config.publicUrl),
      );
      if (sent) await dispatchMail(app, sent.regionId, [sent.mailId]);
      // Same answer whether or not the address exists: no way to probe for accounts.
      return reply.status(202).send(null);
    },
  );

  app.get(
    '/api/auth/link/:token',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        operationId: 'describeLink',
        tags: ['auth'],
        params: LinkParams,
        response: { 200: LinkInfo, ...errorResponses },
      },
    },
    async (request) => request.withScope({}, (tx) => auth.describeLink(tx, request.params.token)),
  );

  app.post(
    '/api/auth/link/:token',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        operationId: 'useLink',
        tags: ['auth'],
        params: LinkParams,
        body: SetPasswordBody,
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      const s = await request.withScope({}, (tx) =>
        auth.useLink(tx, request.params.token, request.body.password, ttlDays),
      );
      return startSession(reply, s);
    },
  );
}
