/*
 * The mentor and mentee questionnaires (seed 003: «анкета для наставников», «анкета для
 * наставляемых»). One definition drives the curator's form, the public one-time-link form,
 * the API's validation and the documents, so a question cannot drift between them.
 */

export type QuestionnaireKind = 'mentor' | 'mentee';

export type Question =
  | { key: string; label: string; type: 'text' | 'textarea'; required?: boolean; max?: number; hint?: string }
  | { key: string; label: string; type: 'choice'; options: readonly string[]; required?: boolean }
  | { key: string; label: string; type: 'multi'; options: readonly string[]; required?: boolean }
  | {
      key: string;
      label: string;
      type: 'number';
      min: number;
      max: number;
      required?: boolean;
      unit?: string;
    }
  | { key: string; label: string; type: 'scale'; min: 1; max: 10; required?: boolean };

export const MEETING_FREQUENCIES = ['раз в неделю', 'два раза в месяц', 'раз в месяц', 'по запросу'] as const;
export const MEETING_FORMATS = ['очно', 'онлайн', 'смешанный'] as const;
export const AGE_GROUPS = [
  'дошкольники',
  '1–4 классы',
  '5–9 классы',
  '10–11 классы',
  'студенты',
  'молодые педагоги',
] as const;

export const QUESTIONNAIRES: Record<
  QuestionnaireKind,
  { title: string; intro: string; questions: Question[] }
> = {
  mentor: {
    title: 'Анкета наставника',
    intro: 'Ответы помогут подобрать вам наставляемого по интересам и запросу. Заполнение займёт 5–10 минут.',
    questions: [
      {
        key: 'experience',
        label: 'Опыт работы, образование, достижения',
        type: 'textarea',
        required: true,
        max: 2000,
      },
      {
        key: 'strengths',
        label: 'Сильные стороны, личные качества',
        type: 'textarea',
        required: true,
        max: 2000,
      },
      { key: 'interests', label: 'Интересы, хобби, увлечения', type: 'textarea', max: 2000 },
      {
        key: 'expectations',
        label: 'Чего вы ожидаете от участия в программе наставничества?',
        type: 'textarea',
        max: 2000,
      },
      {
        key: 'motivation',
        label: 'Почему вы хотите стать наставником?',
        type: 'textarea',
        required: true,
        max: 2000,
      },
      {
        key: 'readiness',
        label: 'Насколько вы готовы уделять время наставляемому?',
        type: 'scale',
        min: 1,
        max: 10,
        required: true,
      },
      {
        key: 'preferredAge',
        label: 'Предпочтительный возраст наставляемого',
        type: 'multi',
        options: AGE_GROUPS,
      },
      {
        key: 'meetingFrequency',
        label: 'Как часто вы готовы встречаться?',
        type: 'choice',
        options: MEETING_FREQUENCIES,
        required: true,
      },
      { key: 'meetingFormat', label: 'Удобный формат встреч', type: 'choice', options: MEETING_FORMATS },
      {
        key: 'hoursPerMonth',
        label: 'Сколько часов в месяц вы готовы уделять?',
        type: 'number',
        min: 1,
        max: 80,
        unit: 'ч',
      },
    ],
  },
  mentee: {
    title: 'Анкета наставляемого',
    intro: 'Ответы помогут подобрать вам наставника. Заполнение займёт 5 минут.',
    questions: [
      {
        key: 'request',
        label: 'С чем вам нужна помощь наставника? (ваш запрос)',
        type: 'textarea',
        required: true,
        max: 2000,
      },
      { key: 'interests', label: 'Ваши интересы и увлечения', type: 'textarea', max: 2000 },
      {
        key: 'preferences',
        label: 'Каким вы видите своего наставника? Пожелания',
        type: 'textarea',
        max: 2000,
      },
      { key: 'meetingFormat', label: 'Удобный формат встреч', type: 'choice', options: MEETING_FORMATS },
      {
        key: 'meetingFrequency',
        label: 'Как часто вы хотели бы встречаться?',
        type: 'choice',
        options: MEETING_FREQUENCIES,
      },
    ],
  },
};

export type QuestionnaireAnswers = Record<string, string | number | string[]>;

/**
 * Validates answers against the definition. Returns the clean answers (unknown keys
 * dropped, text trimmed) and field → Russian message problems.
 */
export function checkAnswers(
  kind: QuestionnaireKind,
  answers: Record<string, unknown>,
): { clean: QuestionnaireAnswers; problems: Record<string, string> } {
  const clean: QuestionnaireAnswers = {};
  const problems: Record<string, string> = {};
  for (const q of QUESTIONNAIRES[kind].questions) {
    const raw = answers[q.key];
    const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (q.required) problems[q.key] = 'Ответьте на этот вопрос';
      continue;
    }
    switch (q.type) {
      case 'text':
      case 'textarea': {
        if (typeof raw !== 'string') problems[q.key] = 'Ожидается текст';
        else if (raw.trim().length > (q.max ?? 500)) problems[q.key] = `Не длиннее ${q.max ?? 500} символов`;
        else if (raw.trim() === '') {
          if (q.required) problems[q.key] = 'Ответьте на этот вопрос';
        } else clean[q.key] = raw.trim();
        break;
      }
      case 'choice':
        if (typeof raw !== 'string' || !q.options.includes(raw))
          problems[q.key] = 'Выберите один из вариантов';
        else clean[q.key] = raw;
        break;
      case 'multi':
        if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || !q.options.includes(v))) {
          problems[q.key] = 'Выберите варианты из списка';
        } else clean[q.key] = [...new Set(raw as string[])];
        break;
      case 'number':
      case 'scale': {
        const n = typeof raw === 'number' ? raw : Number.NaN;
        if (!Number.isInteger(n) || n < q.min || n > q.max)
          problems[q.key] = `Целое число от ${q.min} до ${q.max}`;
        else clean[q.key] = n;
        break;
      }
    }
  }
  return { clean, problems };
}
