import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BODY_LIMIT_BYTES } from '../../services/api/src/app.ts';
import { bearer, createTestApp, type CollectedRoute, type TestApp } from '../support/harness.ts';
import {
  isMultipart,
  isString,
  maxLengthOf,
  sample,
  wrongValues,
  type JsonSchema,
} from '../support/schema-samples.ts';

/*
 * Bad input on every route that takes a body, derived from the routes' own schemas (via
 * onRoute), so a new body route is covered without new test code: malformed JSON, wrong
 * types, unknown fields, strings over their limit, bodies over 1 MiB, empty bodies, NUL
 * bytes. Always a clean 4xx JSON error naming the field; never a 500.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const bodySchemaOf = (r: CollectedRoute) => r.schema?.body as JsonSchema | undefined;
const consumesOf = (r: CollectedRoute) => (r.schema as { consumes?: string[] } | undefined)?.consumes;

/** Routes whose body is a JSON object described by a schema. */
const jsonBodyRoutes = () =>
  t.routes.filter((r) => bodySchemaOf(r) && !isMultipart(bodySchemaOf(r), consumesOf(r)));
/** Every route that accepts a request body at all (JSON, multipart or none declared). */
const writeRoutes = () => t.routes.filter((r) => WRITE_METHODS.has(r.method));
const label = (r: CollectedRoute) => `${r.method} ${r.url}`;

/** A concrete URL: path parameters filled from the params schema (validation passes them). */
function urlOf(r: CollectedRoute): string {
  const params = (r.schema?.params ?? {}) as JsonSchema;
  return r.url.replace(/:(\w+)/g, (_m, name: string) =>
    String(sample(params.properties?.[name] ?? { type: 'string' })),
  );
}

/** A token of a role the route admits (the role gate answers before the body is read). */
function tokenFor(r: CollectedRoute): string | null {
  if (r.config.public) return null;
  return t.tokenFor(r.config.roles?.[0] ?? 'region_admin');
}

function send(r: CollectedRoute, payload: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: r.method as 'POST',
    url: urlOf(r),
    headers: { ...bearer(tokenFor(r)), ...headers },
    payload: payload as string,
  });
}

interface ErrorReply {
  code: string;
  message: string;
  fields: { field: string; message: string }[];
}
function errorOf(res: LightMyRequestResponse): ErrorReply | undefined {
  try {
    return (res.json() as { error?: ErrorReply }).error;
  } catch {
    return undefined;
  }
}

/** Collects every way an answer falls short, so one run names all offending routes. */
function expectClean4xx(
  problems: string[],
  what: string,
  res: LightMyRequestResponse,
  status?: number,
  code?: string,
) {
  const error = errorOf(res);
  if (res.statusCode >= 500) problems.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  else if (status !== undefined ? res.statusCode !== status : res.statusCode < 400) {
    problems.push(`${what}: expected ${status ?? '4xx'}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
  } else if (!error?.code || !error.message)
    problems.push(`${what}: not a JSON error body: ${res.body.slice(0, 200)}`);
  else if (code && error.code !== code) problems.push(`${what}: code ${error.code}, expected ${code}`);
  return error;
}

function expectFieldNamed(
  problems: string[],
  what: string,
  res: LightMyRequestResponse,
  field: string,
  only = true,
) {
  const error = expectClean4xx(problems, what, res, 400, 'validation_failed');
  if (!error) return;
  const named = error.fields.map((f) => f.field);
  if (!named.includes(field)) problems.push(`${what}: fields ${JSON.stringify(named)} do not name ${field}`);
  else if (only && named.some((f) => f !== field && !f.startsWith(`${field}.`))) {
    problems.push(`${what}: fields ${JSON.stringify(named)} name more than ${field}`);
  }
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

/** A valid body for the route; fails loudly when the schema needs a smarter sample. */
function validBody(r: CollectedRoute): Record<string, unknown> {
  const schema = bodySchemaOf(r)!;
  const body = sample(schema) as Record<string, unknown>;
  const validate = ajv.compile(schema);
  if (!validate(body)) {
    throw new Error(`cannot build a valid sample body for ${label(r)}: ${ajv.errorsText(validate.errors)}`);
  }
  return body;
}

describe('the route list', () => {
  it('has the known body routes, so the checks below are not vacuous', () => {
    const json = jsonBodyRoutes().map(label);
    expect(json).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/users', 'PUT /api/organisations/:id']),
    );
    for (const r of jsonBodyRoutes())
      expect(Object.keys(bodySchemaOf(r)!.properties ?? {}), label(r)).not.toHaveLength(0);
  });
});

describe('every JSON body route', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    const problems: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const res = await send(r, '{"name": "не закрыто', { 'content-type': 'application/json' });
      expectClean4xx(problems, label(r), res, 400, 'malformed_json');
    }
    expect(problems).toEqual([]);
  });

  it('answers a wrong type in any property with 400 naming that property', async () => {
    const problems: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const base = validBody(r);
      for (const [prop, schema] of Object.entries(bodySchemaOf(r)!.properties ?? {})) {
        for (const wrong of wrongValues(schema)) {
          const res = await send(r, { ...base, [prop]: wrong });
          expectFieldNamed(problems, `${label(r)} ${prop}=${JSON.stringify(wrong)}`, res, prop);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers an unknown field with 400 naming it', async () => {
    const problems: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const res = await send(r, { ...validBody(r), organisation_id: '00000000-0000-4000-8000-000000000001' });
      expectFieldNamed(problems, label(r), res, 'organisation_id');
    }
    expect(problems).toEqual([]);
  });

  it('answers a string over its maxLength with 400 naming the field', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const r of jsonBodyRoutes()) {
      const base = validBody(r);
      for (const [prop, schema] of Object.entries(bodySchemaOf(r)!.properties ?? {})) {
        const max = maxLengthOf(schema);
        if (max === undefined) continue;
        checked++;
        const res = await send(r, { ...base, [prop]: 'я'.repeat(max + 1) });
        expectFieldNamed(problems, `${label(r)} ${prop} (${max + 1} chars)`, res, prop);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('answers a missing, empty or non-object body with 400, another media type with 415', async () => {
    const problems: string[] = [];
    for (const r of jsonBodyRoutes()) {
      expectClean4xx(problems, `${label(r)} no body`, await send(r, undefined), 400);
      expectClean4xx(
        problems,
        `${label(r)} empty JSON`,
        await send(r, '', { 'content-type': 'application/json' }),
        400,
      );
      expectClean4xx(
        problems,
        `${label(r)} JSON null`,
        await send(r, 'null', { 'content-type': 'application/json' }),
        400,
      );
      expectClean4xx(
        problems,
        `${label(r)} JSON list`,
        await send(r, '[]', { 'content-type': 'application/json' }),
        400,
      );
      const xml = await send(r, '<body/>', { 'content-type': 'application/xml' });
      expectClean4xx(problems, `${label(r)} XML`, xml, 415, 'unsupported_media_type');
    }
    expect(problems).toEqual([]);
  });

  it('never answers a NUL byte in a string with a 5xx', async () => {
    const problems: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const base = validBody(r);
      for (const [prop, schema] of Object.entries(bodySchemaOf(r)!.properties ?? {})) {
        if (!isString(schema)) continue;
        const res = await send(r, { ...base, [prop]: 'Имя\u0000с нулём' });
        // Refused (4xx) or, like a reset request for an unknown address, quietly accepted.
        if (res.statusCode >= 400 || res.statusCode < 200)
          expectClean4xx(problems, `${label(r)} ${prop} with NUL`, res);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('every route that accepts a body (JSON, multipart or none declared)', () => {
  it('answers a body over 1 MiB with 413 payload_too_large', async () => {
    const problems: string[] = [];
    const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 1024) });
    for (const r of writeRoutes()) {
      expectClean4xx(
        problems,
        label(r),
        await send(r, huge, { 'content-type': 'application/json' }),
        413,
        'payload_too_large',
      );
    }
    expect(problems).toEqual([]);
  });

  it('answers JSON it does not expect, or broken JSON, with a clean 4xx (multipart and body-less routes)', async () => {
    const problems: string[] = [];
    const others = writeRoutes().filter((r) => !jsonBodyRoutes().includes(r));
    expect(others.map(label)).toEqual(
      expect.arrayContaining(['POST /api/auth/refresh', 'POST /api/users/:id/invitation']),
    );
    for (const r of others) {
      const json = await send(r, { file: 'not a file', extra: 1 });
      if (json.statusCode >= 500)
        problems.push(`${label(r)} JSON body: ${json.statusCode} ${json.body.slice(0, 200)}`);
      if (isMultipart(bodySchemaOf(r), consumesOf(r)))
        expectClean4xx(problems, `${label(r)} JSON instead of a file`, json);
      const broken = await send(r, '{"file": ', { 'content-type': 'application/json' });
      expectClean4xx(problems, `${label(r)} broken JSON`, broken, 400, 'malformed_json');
      const text = await send(r, 'просто текст', { 'content-type': 'text/plain' });
      if (text.statusCode >= 500)
        problems.push(`${label(r)} text body: ${text.statusCode} ${text.body.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  });
});
