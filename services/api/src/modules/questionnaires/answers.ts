import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import {
  checkAnswers,
  QUESTIONNAIRES,
  type Question,
  type QuestionnaireAnswers,
  type QuestionnaireKind,
} from '@nastavnik/domain';
import { AppError } from '../../lib/errors.ts';

/* The definitions as the API shows them, answer validation, and the one stored row per person and kind. */

function questionView(q: Question) {
  return {
    key: q.key,
    label: q.label,
    type: q.type,
    required: q.required ?? false,
    options: 'options' in q ? [...q.options] : undefined,
    min: 'min' in q ? q.min : undefined,
    max: 'max' in q ? q.max : undefined,
    unit: 'unit' in q ? q.unit : undefined,
    hint: 'hint' in q ? q.hint : undefined,
  };
}

export function definitionOf(kind: QuestionnaireKind) {
  const d = QUESTIONNAIRES[kind];
  return { kind, title: d.title, intro: d.intro, questions: d.questions.map(questionView) };
}

export const definitions = () => ({ mentor: definitionOf('mentor'), mentee: definitionOf('mentee') });

/**
 * Clean answers, or a 400 naming every question that is wrong (by its key, in Russian). A
 * key the questionnaire does not ask is refused rather than silently dropped.
 */
export function validAnswers(
  kind: QuestionnaireKind,
  answers: Record<string, unknown>,
): QuestionnaireAnswers {
  const { clean, problems } = checkAnswers(kind, answers);
  const known = new Set(QUESTIONNAIRES[kind].questions.map((q) => q.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems[key] = 'Такого вопроса нет в анкете';
  }
  const fields = Object.entries(problems).map(([field, message]) => ({ field, message }));
  if (fields.length > 0) throw new AppError(400, 'validation_failed', 'Проверьте ответы анкеты', fields);
  return clean;
}

interface StoredRow {
  id: string;
  person_id: string;
  kind: QuestionnaireKind;
  answers: Record<string, unknown>;
  filled_by: 'curator' | 'person';
  // Generated<Timestamp> reads back as the driver's Date; typed loosely because Kysely
  // does not unwrap a ColumnType nested in Generated.
  submitted_at: unknown;
}

export const storedView = (r: StoredRow) => ({
  id: r.id,
  personId: r.person_id,
  kind: r.kind,
  answers: r.answers as QuestionnaireAnswers,
  filledBy: r.filled_by,
  submittedAt: new Date(r.submitted_at as Date).toISOString(),
});

const storedColumns = ['id', 'person_id', 'kind', 'answers', 'filled_by', 'submitted_at'] as const;

export async function findStored(tx: Tx, personId: string, kind: QuestionnaireKind) {
  const row = await tx
    .selectFrom('questionnaires')
    .select(storedColumns)
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row ? storedView(row) : null;
}

/** One questionnaire per person and kind: a new filling replaces the previous answers. */
export async function storeAnswers(
  tx: Tx,
  subject: { id: string; organisationId: string },
  kind: QuestionnaireKind,
  answers: QuestionnaireAnswers,
  by: { filledBy: 'curator' | 'person'; userId: string | null },
) {
  const json = JSON.stringify(answers);
  const row = await tx
    .insertInto('questionnaires')
    .values({
      organisation_id: subject.organisationId,
      person_id: subject.id,
      kind,
      answers: json,
      filled_by: by.filledBy,
      updated_by: by.userId,
    })
    .onConflict((oc) =>
      oc.columns(['person_id', 'kind']).doUpdateSet({
        answers: json,
        filled_by: by.filledBy,
        updated_by: by.userId,
        submitted_at: sql`now()`,
      }),
    )
    .returning(storedColumns)
    .executeTakeFirstOrThrow();
  return storedView(row);
}
