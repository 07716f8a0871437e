import { emailError, phoneError, snilsError, type PersonField } from '@nastavnik/domain';
import type { FieldError } from '../../lib/errors.ts';
import type { PersonValues } from './person-fields.ts';

/*
 * The rules of a person's fields, without the database: formats of what was sent, and the
 * rules that join fields (a student needs a birth date for the KPIs, only a teacher has a
 * career start year). Checks against reference tables and consents live in the services.
 */

export interface PersonState extends PersonValues {
  inMentorBase: boolean;
  inMenteeBase: boolean;
}

const REQUIRED = 'Обязательное поле';

/** Formats of the fields that were sent (a stored value nobody touched is not re-judged). */
function formatProblems(sent: Partial<PersonValues>, today: string): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: PersonField, message: string | null) => message && problems.push({ field, message });
  if (sent.lastName === null) add('lastName', REQUIRED);
  if (sent.firstName === null) add('firstName', REQUIRED);
  if (sent.birthDate) {
    if (sent.birthDate > today) add('birthDate', 'Дата рождения не может быть в будущем');
    else if (sent.birthDate < '1900-01-01') add('birthDate', 'Проверьте год рождения');
  }
  if (sent.email) add('email', emailError(sent.email));
  if (sent.phone) add('phone', phoneError(sent.phone));
  if (sent.snils) add('snils', snilsError(sent.snils));
  if (sent.careerStartYear != null && sent.careerStartYear > Number(today.slice(0, 4)))
    add('careerStartYear', 'Год начала деятельности не может быть в будущем');
  return problems;
}

/** Rules between fields, on the person as it will be stored. */
function stateProblems(state: PersonState, sentFields: Set<string>): FieldError[] {
  const problems: FieldError[] = [];
  if (!state.inMentorBase && !state.inMenteeBase) {
    problems.push({
      field: 'inMentorBase',
      message: 'Участник должен быть в базе наставников или наставляемых',
    });
  }
  if (state.category === 'student' && !state.birthDate) {
    problems.push({
      field: 'birthDate',
      message: 'Для обучающегося дата рождения обязательна: по ней считаются показатели охвата',
    });
  }
  if (state.careerStartYear != null) {
    if (state.category !== 'teacher') {
      problems.push({
        field: 'careerStartYear',
        message: 'Год начала педагогической деятельности указывается только для педагогов',
      });
    } else if (state.birthDate && state.careerStartYear < Number(state.birthDate.slice(0, 4)) + 14) {
      problems.push({ field: 'careerStartYear', message: 'Год начала деятельности раньше 14 лет участника' });
    }
  }
  if (
    state.preferredAgeMin != null &&
    state.preferredAgeMax != null &&
    state.preferredAgeMin > state.preferredAgeMax &&
    (sentFields.has('preferredAgeMin') || sentFields.has('preferredAgeMax'))
  ) {
    problems.push({
      field: sentFields.has('preferredAgeMin') ? 'preferredAgeMin' : 'preferredAgeMax',
      message: 'Возраст «от» не может быть больше возраста «до»',
    });
  }
  return problems;
}

/**
 * Every problem of a create or an edit: `sent` are the fields of the request, `state` the
 * person with them applied. One problem per field, the first found.
 */
export function personProblems(sent: Partial<PersonState>, state: PersonState, today: string): FieldError[] {
  const all = [...formatProblems(sent, today), ...stateProblems(state, new Set(Object.keys(sent)))];
  const seen = new Set<string>();
  return all.filter((p) => !seen.has(p.field) && seen.add(p.field));
}
