/*
 * Questionnaire answers as the form holds them (text in inputs, lists for multiple choice)
 * and as the API stores them (numbers for numbers and scales).
 */
import type { Answers, Question } from './types.ts';

export type FormValues = Record<string, string | string[]>;

export function toFormValues(
  questions: Question[],
  answers: Record<string, unknown> | undefined,
): FormValues {
  const out: FormValues = {};
  for (const q of questions) {
    const a = answers?.[q.key];
    if (q.type === 'multi') out[q.key] = Array.isArray(a) ? a.map(String) : [];
    else out[q.key] = a === undefined || a === null ? '' : String(a);
  }
  return out;
}

export function toAnswers(questions: Question[], values: FormValues): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v = values[q.key];
    if (Array.isArray(v)) {
      if (v.length) out[q.key] = v;
    } else if (v !== undefined && v.trim() !== '') {
      out[q.key] = q.type === 'number' || q.type === 'scale' ? Number(v.trim()) : v.trim();
    }
  }
  return out;
}

/** Client checks mirroring the API's (required answers, number ranges). */
export function answerProblems(questions: Question[], values: FormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const q of questions) {
    const v = values[q.key];
    const empty = v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
    if (empty) {
      if (q.required) problems[q.key] = 'Ответьте на этот вопрос';
      continue;
    }
    if ((q.type === 'number' || q.type === 'scale') && typeof v === 'string') {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || (q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))
        problems[q.key] = `Целое число от ${q.min ?? 0} до ${q.max ?? '…'}`;
    }
  }
  return problems;
}

/** An answer as text for reading (lists joined, numbers with their unit). */
export function answerText(q: Question, a: unknown): string {
  if (a === undefined || a === null || a === '') return '';
  if (Array.isArray(a)) return a.join(', ');
  if (q.type === 'scale') return `${a} из ${q.max ?? 10}`;
  if (q.type === 'number' && q.unit) return `${a} ${q.unit}`;
  return String(a);
}
