import type { Tx } from '@nastavnik/db';
import {
  DATA_CATEGORIES,
  QUESTIONNAIRE_CATEGORY,
  QUESTIONNAIRES,
  type QuestionnaireKind,
} from '@nastavnik/domain';
import { AppError, notFound } from '../../lib/errors.ts';

/*
 * Who a questionnaire is about, and whether it may be stored: the person exists in the
 * caller's organisation, is not erased, is in the base the questionnaire belongs to, and
 * has a consent in force that covers questionnaire answers (152-ФЗ).
 */

export interface Subject {
  id: string;
  organisationId: string;
  firstName: string | null;
}

export async function loadPerson(tx: Tx, organisationId: string, personId: string) {
  // RLS hides other organisations' persons; the explicit filter says the same in the query.
  const person = await tx
    .selectFrom('persons')
    .select(['id', 'organisation_id', 'first_name', 'in_mentor_base', 'in_mentee_base', 'erased_at'])
    .where('id', '=', personId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!person) throw notFound('Участник');
  return person;
}

type Person = Awaited<ReturnType<typeof loadPerson>>;

/** The categories of the person's consent in force (the latest not withdrawn), or null. */
export async function consentCategories(tx: Tx, personId: string): Promise<string[] | null> {
  const consent = await tx
    .selectFrom('consents as c')
    .innerJoin('consent_text_versions as v', 'v.id', 'c.version_id')
    .select('v.data_categories')
    .where('c.person_id', '=', personId)
    .where('c.withdrawn_at', 'is', null)
    .orderBy('c.given_at', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return consent?.data_categories ?? null;
}

const BASE_NAMES: Record<QuestionnaireKind, string> = {
  mentor: 'базе наставников',
  mentee: 'базе наставляемых',
};

/** Throws the reason a questionnaire of this kind cannot be stored for the person. */
export async function assertCanHoldQuestionnaire(
  tx: Tx,
  person: Person,
  kind: QuestionnaireKind,
): Promise<Subject> {
  if (person.erased_at) {
    throw new AppError(409, 'person_erased', 'Данные участника уничтожены: анкету заполнить нельзя');
  }
  const inBase = kind === 'mentor' ? person.in_mentor_base : person.in_mentee_base;
  if (!inBase) {
    throw new AppError(
      409,
      'not_in_base',
      `Участник не состоит в ${BASE_NAMES[kind]}: «${QUESTIONNAIRES[kind].title}» заполняется только для неё`,
      [{ field: 'kind', message: `Участник не состоит в ${BASE_NAMES[kind]}` }],
    );
  }
  const categories = await consentCategories(tx, person.id);
  if (!categories?.includes(QUESTIONNAIRE_CATEGORY)) {
    const message = categories
      ? `Согласие участника на обработку персональных данных не распространяется на ответы анкет («${DATA_CATEGORIES[QUESTIONNAIRE_CATEGORY]}»). Оформите согласие в новой редакции.`
      : 'У участника нет действующего согласия на обработку персональных данных';
    throw new AppError(400, 'consent_not_covering', message, [{ field: 'answers', message }]);
  }
  return { id: person.id, organisationId: person.organisation_id, firstName: person.first_name };
}
