import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '@nastavnik/db';
import { bearer, createTestApp, REFRESH_COOKIE, refreshCookieOf, type TestApp } from '../support/harness.ts';
import { craftJwt, decodeJwt, hmac, rsaSigner, unsigned } from '../support/jwt.ts';

/*
 * Authentication end to end through the HTTP API: login, access-token forgery, refresh
 * rotation with reuse detection, logout, password change, reset and invitation links, and
 * the login rate limit.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
const refresh = (cookie: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { [REFRESH_COOKIE]: cookie } });
const errorOf = (res: { json(): unknown }) =>
  (res.json() as { error: { code: string; message: string; fields: { field: string }[] } }).error;

async function lettersTo(email: string) {
  await t.jobs.drain();
  return t.db.owner
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('created_at')
    .execute();
}
const linkIn = (text: string) => /\/link\/([A-Za-z0-9_-]{20,100})/.exec(text)?.[1];

describe('login', () => {
  it('issues a short-lived access token and an httpOnly refresh cookie scoped to /api/auth', async () => {
    const res = await login(t.fixtures.users.aCurator.email.toUpperCase(), t.fixtures.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: t.fixtures.users.aCurator.id, role: 'curator' });
    const cookie = res.cookies.find((c) => c.name === REFRESH_COOKIE);
    expect(cookie).toMatchObject({ path: '/api/auth', httpOnly: true, sameSite: 'Strict' });
    const { header, payload } = decodeJwt(body.accessToken);
    expect(header.alg).toBe('HS256');
    const lifetime = Number(payload.exp) - Number(payload.iat);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);
    expect(lifetime).toBe(t.config.accessTokenTtlSeconds);
    expect((await me(body.accessToken)).statusCode).toBe(200);
  });

  it('answers wrong password, unknown e-mail, disabled and not-yet-activated users alike', async () => {
    const u = t.fixtures.users;
    const attempts = [
      login(u.aCurator.email, 'Wrong-Password-1'),
      login('nobody-at-all@fixture.test', t.fixtures.password),
      login(u.aDisabled.email, t.fixtures.password),
      login(u.aInvited.email, t.fixtures.password),
    ];
    const answers = await Promise.all(attempts);
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(errorOf(res)).toEqual(errorOf(answers[0]!));
      expect(errorOf(res).code).toBe('invalid_credentials');
      expect(res.cookies.find((c) => c.name === REFRESH_COOKIE)).toBeUndefined();
    }
  });

  it('treats quotes, backslashes and NUL bytes in the e-mail as data, never as a 500', async () => {
    for (const email of [
      "o'hara@fixture.test",
      'back\\slash@fixture.test',
      "x'); DROP TABLE users; --",
      'nul\u0000@fixture.test',
    ]) {
      const res = await login(email, 'whatever-123');
      expect(res.statusCode, `login with ${JSON.stringify(email)}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `login with ${JSON.stringify(email)}: ${res.body}`).toBeLessThan(500);
      const forgot = await t.app.inject({ method: 'POST', url: '/api/auth/forgot', payload: { email } });
      expect(forgot.statusCode, `forgot with ${JSON.stringify(email)}: ${forgot.body}`).toBeLessThan(500);
    }
  });
});

describe('access tokens', () => {
  const claims = () => {
    const u = t.fixtures.users.aRegionAdmin;
    const now = Math.floor(Date.now() / 1000);
    return { sub: u.id, rid: u.regionId, mid: null, oid: null, role: u.role, iat: now, exp: now + 300 };
  };

  it('accepts a well-formed HS256 token signed with the secret (control)', async () => {
    const token = craftJwt({ alg: 'HS256', typ: 'JWT' }, claims(), hmac('sha256', 'test-secret'));
    expect((await me(token)).statusCode).toBe(200);
  });

  it.each([
    [
      'expired',
      () =>
        craftJwt(
          { alg: 'HS256', typ: 'JWT' },
          { ...claims(), iat: 1, exp: Math.floor(Date.now() / 1000) - 10 },
          hmac('sha256', 'test-secret'),
        ),
    ],
    ['expired (signed by the app itself)', () => t.app.jwt.sign(claims(), { expiresIn: -10 } as never)],
    [
      'HS512 with the same secret',
      () => craftJwt({ alg: 'HS512', typ: 'JWT' }, claims(), hmac('sha512', 'test-secret')),
    ],
    ['RS256 with a private key', () => craftJwt({ alg: 'RS256', typ: 'JWT' }, claims(), rsaSigner())],
    [
      'RS256 header, HMAC with the secret',
      () => craftJwt({ alg: 'RS256', typ: 'JWT' }, claims(), hmac('sha256', 'test-secret')),
    ],
    ['alg none', () => craftJwt({ alg: 'none', typ: 'JWT' }, claims(), unsigned)],
    ['alg None', () => craftJwt({ alg: 'None', typ: 'JWT' }, claims(), unsigned)],
    [
      'a wrong secret',
      () => craftJwt({ alg: 'HS256', typ: 'JWT' }, claims(), hmac('sha256', 'not-the-secret')),
    ],
    [
      'a tampered payload',
      () => {
        const real = t.tokenFor('curator');
        const [h, , s] = real.split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...decodeJwt(real).payload, role: 'region_admin' }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('rejects a token: %s', async (_name, make) => {
    const res = await me(make());
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthorized');
  });

  it('rejects a missing or non-Bearer Authorization header', async () => {
    const token = t.tokenFor('region_admin');
    for (const headers of [
      {},
      { authorization: token },
      { authorization: `Basic ${token}` },
      { authorization: 'Bearer ' },
    ]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    }
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; a reused one revokes the whole family', async () => {
    const first = await t.loginAs(t.fixtures.users.aHead.email);
    const r1 = await refresh(first.refreshToken);
    expect(r1.statusCode).toBe(200);
    const second = refreshCookieOf(r1)!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.refreshToken);
    expect((await me(r1.json().accessToken)).statusCode).toBe(200);

    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    // The reply also clears the cookie.
    expect(replay.cookies.find((c) => c.name === REFRESH_COOKIE)?.value).toBe('');
    // The newest token of the family was revoked by the replay.
    expect((await refresh(second)).statusCode).toBe(401);
    const row = await t.db.owner
      .selectFrom('refresh_tokens')
      .select('revoked_at')
      .where('token_hash', '=', hashSecret(second))
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it('are refused when missing or made up', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh' })).statusCode).toBe(401);
    expect((await refresh('made-up-refresh-token-made-up-refresh-token')).statusCode).toBe(401);
  });

  it('end with logout', async () => {
    const s = await t.loginAs(t.fixtures.users.aHead.email);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { [REFRESH_COOKIE]: s.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
  });
});

describe('password change', () => {
  it('checks the current password and the strength of the new one, then ends other sessions', async () => {
    const user = t.fixtures.users.bHead;
    const s = await t.loginAs(user.email);
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(s.accessToken),
        payload: { currentPassword, newPassword },
      });

    const wrong = await change('Not-The-Password-1', 'Novyi-Parol-2026');
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields.map((f) => f.field)).toEqual(['currentPassword']);
    for (const weak of ['short1', 'onlyletterslonger', t.fixtures.password]) {
      const res = await change(t.fixtures.password, weak);
      expect(res.statusCode, weak).toBe(400);
      expect(
        errorOf(res).fields.map((f) => f.field),
        weak,
      ).toEqual(['newPassword']);
    }

    const ok = await change(t.fixtures.password, 'Novyi-Parol-2026');
    expect(ok.statusCode).toBe(200);
    expect(refreshCookieOf(ok)).toBeTruthy();
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
    expect((await login(user.email, t.fixtures.password)).statusCode).toBe(401);
    expect((await login(user.email, 'Novyi-Parol-2026')).statusCode).toBe(200);
  });
});

describe('password reset', () => {
  it('answers 202 for known and unknown addresses, and writes a letter only for the known one', async () => {
    const known = t.fixtures.users.aMunicipalOfficer.email;
    const unknown = 'stranger@fixture.test';
    const session = await t.loginAs(known);
    const answers = [];
    for (const email of [known, unknown]) {
      answers.push(await t.app.inject({ method: 'POST', url: '/api/auth/forgot', payload: { email } }));
    }
    // Nothing in the answer tells a known address from an unknown one.
    expect(answers.map((a) => [a.statusCode, a.body])).toEqual([
      [202, answers[1]!.body],
      [202, answers[0]!.body],
    ]);
    expect(await lettersTo(unknown)).toHaveLength(0);
    const letters = await lettersTo(known);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.status).toBe('kept');
    const token = linkIn(letters[0]!.body_text)!;
    expect(token).toBeTruthy();

    const described = await t.app.inject({ method: 'GET', url: `/api/auth/link/${token}` });
    expect(described.statusCode).toBe(200);
    expect(described.json()).toMatchObject({ purpose: 'password_reset', email: known });

    const use = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/auth/link/${token}`,
        payload: { password: 'Sbros-Parolya-2026' },
      });
    const first = await use();
    expect(first.statusCode).toBe(200);
    expect(first.json().user.email).toBe(known);
    const second = await use();
    expect(second.statusCode).toBe(404);
    expect(errorOf(second).code).toBe('link_invalid');
    expect((await t.app.inject({ method: 'GET', url: `/api/auth/link/${token}` })).statusCode).toBe(404);
    // The reset ended the sessions opened with the old password.
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    expect((await login(known, 'Sbros-Parolya-2026')).statusCode).toBe(200);
  });

  it('refuses expired links and links of disabled users', async () => {
    const { newSecret } = await import('@nastavnik/db');
    const expired = newSecret();
    const disabled = newSecret();
    await t.db.owner
      .insertInto('one_time_tokens')
      .values([
        {
          user_id: t.fixtures.users.aHead.id,
          purpose: 'password_reset',
          token_hash: hashSecret(expired),
          expires_at: new Date(Date.now() - 1000),
        },
        {
          user_id: t.fixtures.users.aDisabled.id,
          purpose: 'password_reset',
          token_hash: hashSecret(disabled),
          expires_at: new Date(Date.now() + 3_600_000),
        },
      ])
      .execute();
    for (const token of [expired, disabled]) {
      const get = await t.app.inject({ method: 'GET', url: `/api/auth/link/${token}` });
      const post = await t.app.inject({
        method: 'POST',
        url: `/api/auth/link/${token}`,
        payload: { password: 'Novyi-Parol-2026' },
      });
      for (const res of [get, post]) {
        expect(res.statusCode).toBe(404);
        expect(errorOf(res).code).toBe('link_invalid');
      }
    }
  });
});

describe('invitation', () => {
  it('goes from the region admin to a letter, a link, a password and a login', async () => {
    const email = 'new-curator@fixture.test';
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(t.tokenFor('region_admin')),
      payload: {
        email,
        fullName: 'Новикова Анна',
        role: 'curator',
        organisationId: t.fixtures.organisations.A1kindergarten.id,
      },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    expect(invite.json()).toMatchObject({
      email,
      status: 'invited',
      organisationId: t.fixtures.organisations.A1kindergarten.id,
    });
    expect((await login(email, 'anything-123')).statusCode).toBe(401);

    const letters = await lettersTo(email);
    expect(letters).toHaveLength(1);
    const token = linkIn(letters[0]!.body_text)!;
    const described = await t.app.inject({ method: 'GET', url: `/api/auth/link/${token}` });
    expect(described.json()).toMatchObject({ purpose: 'invite', email, fullName: 'Новикова Анна' });

    const weak = await t.app.inject({
      method: 'POST',
      url: `/api/auth/link/${token}`,
      payload: { password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(errorOf(weak).fields.map((f) => f.field)).toEqual(['password']);
    const set = await t.app.inject({
      method: 'POST',
      url: `/api/auth/link/${token}`,
      payload: { password: 'Moi-Parol-2026' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().user).toMatchObject({ email, role: 'curator' });
    expect((await login(email, 'Moi-Parol-2026')).statusCode).toBe(200);
  });

  it('a made-up link is not found', async () => {
    const fake = 'made-up-link-token-made-up-link-token-0000';
    expect((await t.app.inject({ method: 'GET', url: `/api/auth/link/${fake}` })).statusCode).toBe(404);
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/auth/link/${fake}`,
      payload: { password: 'Moi-Parol-2026' },
    });
    expect(post.statusCode).toBe(404);
  });
});

describe('login rate limit (the product default)', () => {
  it('answers the 11th attempt within a minute with 429 and a Russian message', async () => {
    // An empty value means "not set": the product's default limit applies.
    const limited = await t.buildApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '' });
    expect(limited.deps.config.loginRateLimitPerMinute).toBe(10);
    const attempt = (password: string) =>
      limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.fixtures.users.aCurator.email, password },
      });
    for (let i = 1; i <= 10; i++)
      expect((await attempt(`Wrong-Password-${i}`)).statusCode, `attempt ${i}`).toBe(401);
    const eleventh = await attempt(t.fixtures.password);
    expect(eleventh.statusCode).toBe(429);
    expect(errorOf(eleventh)).toMatchObject({
      code: 'rate_limited',
      message: 'Слишком много попыток, попробуйте позже',
    });
  });
});
