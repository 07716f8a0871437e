/*
 * Questionnaire answers on the client: the form's values as the inputs hold them, the
 * payload the API takes, and the same checks the server makes (checkAnswers from
 * @nastavnik/domain, the one definition both sides share).
 */
import { checkAnswers, type QuestionnaireKind } from '@nastavnik/domain';
import type { operations } from '../api/schema.d.ts';

export type PublicQuestionnaire =
  operations['getPublicQuestionnaire']['responses'][200]['content']['application/json'];
export type Question = PublicQuestionnaire['questions'][number];
export type AnswerPayload =
  operations['submitPublicQuestionnaire']['requestBody']['content']['application/json']['answers'];

/** What an input holds: text (also numbers being typed), a choice, choices, or a scale point. */
export type FormValue = string | string[] | number | null;
export type FormValues = Record<string, FormValue>;

export function emptyValues(questions: Question[]): FormValues {
  return Object.fromEntries(
    questions.map((q) => [q.key, q.type === 'multi' ? [] : q.type === 'scale' ? null : '']),
  );
}

/** Only answered questions are sent; a number typed with a comma is still a number. */
export function toPayload(questions: Question[], values: FormValues): AnswerPayload {
  const out: AnswerPayload = {};
  for (const q of questions) {
    const v = values[q.key];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) out[q.key] = v;
    } else if (typeof v === 'number') {
      out[q.key] = v;
    } else if (v.trim() !== '') {
      if (q.type === 'number') {
        const n = Number(v.trim().replace(',', '.'));
        // Not a number: sent as typed, so the check names the question.
        out[q.key] = Number.isFinite(n) ? n : v;
      } else out[q.key] = v;
    }
  }
  return out;
}

/** Question key → Russian message, exactly as the server would answer. */
export function problemsOf(kind: QuestionnaireKind, payload: AnswerPayload): Record<string, string> {
  return checkAnswers(kind, payload).problems;
}

/** Server field names are question keys (schema errors may say "answers.key"). */
export function fieldErrors(fields: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.field.replace(/^answers\./, '')] ??= f.message;
  return out;
}
