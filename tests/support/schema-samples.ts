/*
 * Values built from a route's JSON schema (TypeBox schemas are plain JSON Schema): a
 * minimal valid value, a value of the wrong type, and what a property's length limit is.
 * The bad-input suite uses them so that a new body route is tested without new code.
 */

export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  content?: Record<string, unknown>;
}

const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-00000000abcd',
  email: 'probe@fixture.test',
  'date-time': '2025-01-10T10:00:00.000Z',
  date: '2025-01-10',
};

const branches = (s: JsonSchema) => s.anyOf ?? s.oneOf ?? [];

/** A minimal value the schema accepts: required properties only, null where allowed. */
export function sample(s: JsonSchema): unknown {
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  const alternatives = branches(s);
  if (alternatives.length > 0) {
    return alternatives.some((b) => b.type === 'null') ? null : sample(alternatives[0]!);
  }
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => sample(part)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {});
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => 'x');
    case 'string': {
      if (s.format && FORMAT_SAMPLES[s.format]) return FORMAT_SAMPLES[s.format];
      return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
    }
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'x';
  }
}

function typesOf(s: JsonSchema): string[] {
  if ('const' in s) return [s.const === null ? 'null' : typeof s.const];
  const alternatives = branches(s);
  if (alternatives.length > 0) return alternatives.flatMap(typesOf);
  return s.type ? [s.type].flat() : [];
}

/**
 * Values of the wrong type: the API validates JSON bodies without coercion, so a number
 * where a string is expected is as wrong as an object where a scalar is expected.
 */
export function wrongValues(s: JsonSchema): unknown[] {
  const types = typesOf(s);
  if (types.includes('object') || types.includes('array')) return ['not-a-structure', 42];
  if (types.includes('string')) return [{ wrong: 'type' }, 123, true, ['x']];
  return [{ wrong: 'type' }, 'not-a-number'];
}

/** The maxLength of a string property, also when it is optional or nullable. */
export function maxLengthOf(s: JsonSchema): number | undefined {
  if (s.maxLength !== undefined) return s.maxLength;
  const limits = branches(s)
    .map(maxLengthOf)
    .filter((n): n is number => n !== undefined);
  return limits.length > 0 ? Math.max(...limits) : undefined;
}

export const isString = (s: JsonSchema) => typesOf(s).includes('string');

/** A body schema that describes multipart/form-data (file uploads) rather than JSON. */
export function isMultipart(body: JsonSchema | undefined, consumes?: string[]): boolean {
  if (consumes?.some((c) => c.startsWith('multipart/'))) return true;
  return Object.keys(body?.content ?? {}).some((c) => c.startsWith('multipart/'));
}
