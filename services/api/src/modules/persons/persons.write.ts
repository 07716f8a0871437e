import { sql } from 'kysely';
import type { PersonCategory, Tx } from '@nastavnik/db';
import { isMinorAt, uncoveredFields, type PersonField } from '@nastavnik/domain';
import type { FieldError } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import {
  filledFields,
  fromPersonRow,
  normalisePersonValues,
  PERSON_FIELDS,
  toPersonColumns,
  type PersonValues,
} from './person-fields.ts';
import {
  consentInForce,
  consentWithdrawn,
  findPerson,
  hasAnyConsent,
  personErased,
  todayIn,
} from './persons.common.ts';
import {
  consentFieldProblems,
  duplicateFromDatabase,
  findDuplicate,
  keyOf,
  normaliseConsent,
  notCovering,
  referenceProblems,
  validationFailed,
  type ConsentBodyValues,
} from './persons.rules.ts';
import { personProblems, type PersonState } from './persons.validation.ts';

/* Creating and editing a person of the mentor or mentee base, with the consent rules. */

export type PersonFieldsInput = Partial<Omit<PersonValues, 'category'>> & { category?: string };

export interface CreatePersonInput extends PersonFieldsInput {
  inMentorBase: boolean;
  inMenteeBase: boolean;
  lastName: string;
  firstName: string;
  category: string;
  consent: ConsentBodyValues;
}

export interface UpdatePersonInput extends PersonFieldsInput {
  inMentorBase?: boolean;
  inMenteeBase?: boolean;
}

const EMPTY: PersonValues = Object.fromEntries(
  PERSON_FIELDS.map((f) => [f, null]),
) as unknown as PersonValues;

const birthYearOf = (birthDate: string | null) => (birthDate ? Number(birthDate.slice(0, 4)) : null);

async function insertOrDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw duplicateFromDatabase(err) ?? err;
  }
}

export async function createPerson(
  tx: Tx,
  p: Principal,
  body: CreatePersonInput,
  secret: string,
): Promise<string> {
  const today = await todayIn(tx);
  const { consent: rawConsent, inMentorBase, inMenteeBase, ...fields } = body;
  const values = normalisePersonValues(fields) as Partial<PersonValues>;
  const consent = normaliseConsent(rawConsent);
  const state: PersonState = { ...EMPTY, ...values, inMentorBase, inMenteeBase };
  const checked = await consentFieldProblems(tx, consent, state.birthDate, today, 'consent.');
  const problems: FieldError[] = [
    ...personProblems({ ...values, inMentorBase, inMenteeBase }, state, today),
    ...checked.problems,
    ...(await referenceProblems(tx, values)),
  ];
  if (problems.length > 0 || !checked.version) throw validationFailed(problems);

  const uncovered = uncoveredFields(filledFields(values), checked.version.categories);
  if (uncovered.length > 0) throw notCovering(uncovered);

  const key = keyOf(secret, state);
  const duplicate = await findDuplicate(tx, p.organisationId!, key, state.snils);
  if (duplicate) throw duplicate;

  const person = await insertOrDuplicate(() =>
    tx
      .insertInto('persons')
      .values({
        ...toPersonColumns(state),
        category: state.category,
        organisation_id: p.organisationId!,
        birth_year: birthYearOf(state.birthDate),
        person_key: key,
        in_mentor_base: inMentorBase,
        in_mentee_base: inMenteeBase,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  await tx
    .insertInto('consents')
    .values({
      organisation_id: p.organisationId!,
      person_id: person.id,
      given_by: consent.givenBy,
      representative_name: consent.representativeName ?? null,
      representative_relation: consent.representativeRelation ?? null,
      given_at: consent.givenAt,
      version_id: consent.versionId,
      created_by: p.userId,
    })
    .execute();
  return person.id;
}

/** Applies an edit; returns the names of the fields that changed (for the audit log). */
export async function updatePerson(
  tx: Tx,
  p: Principal,
  id: string,
  body: UpdatePersonInput,
  secret: string,
): Promise<string[]> {
  const row = await findPerson(tx, p, id);
  if (row.erased_at) throw personErased();
  const today = await todayIn(tx);
  const current = fromPersonRow(row);
  const { inMentorBase, inMenteeBase, ...fields } = body;
  const sent = normalisePersonValues(fields) as Partial<PersonValues>;
  const changed = PERSON_FIELDS.filter((f) => sent[f] !== undefined && sent[f] !== current[f]);
  const flags = {
    inMentorBase: inMentorBase ?? row.in_mentor_base,
    inMenteeBase: inMenteeBase ?? row.in_mentee_base,
  };
  const changedFlags = (['inMentorBase', 'inMenteeBase'] as const).filter(
    (f) =>
      body[f] !== undefined && body[f] !== (f === 'inMentorBase' ? row.in_mentor_base : row.in_mentee_base),
  );
  if (changed.length === 0 && changedFlags.length === 0) return [];

  const changedValues: Partial<PersonValues> = Object.fromEntries(changed.map((f) => [f, sent[f]]));
  const state: PersonState = { ...current, ...changedValues, ...flags };
  const sentState: Partial<PersonState> = { ...changedValues };
  for (const f of changedFlags) sentState[f] = flags[f];
  const problems = [
    ...personProblems(sentState, state, today),
    ...(await referenceProblems(tx, changedValues)),
  ];

  const consent = await consentInForce(tx, id);
  if (!consent && (await hasAnyConsent(tx, id))) throw consentWithdrawn();
  if (consent && changed.includes('birthDate') && state.birthDate && consent.given_by === 'self') {
    if (isMinorAt(state.birthDate, consent.given_at) && !problems.some((x) => x.field === 'birthDate')) {
      problems.push({
        field: 'birthDate',
        message:
          'С этой датой рождения участник был несовершеннолетним на дату согласия: нужно согласие законного представителя',
      });
    }
  }
  if (problems.length > 0) throw validationFailed(problems);

  // A person with no consent record at all may not receive any new personal data.
  const uncovered = uncoveredFields(filledFields(changedValues), consent?.categories ?? []);
  if (uncovered.length > 0) throw notCovering(uncovered);

  const identityChanged = changed.some((f) =>
    (['lastName', 'firstName', 'middleName', 'birthDate'] as PersonField[]).includes(f),
  );
  const key = identityChanged ? keyOf(secret, state) : row.person_key;
  if (identityChanged || changed.includes('snils')) {
    const duplicate = await findDuplicate(
      tx,
      p.organisationId!,
      identityChanged ? key : null,
      changed.includes('snils') ? state.snils : null,
      id,
    );
    if (duplicate) throw duplicate;
  }

  await insertOrDuplicate(() =>
    tx
      .updateTable('persons')
      .set({
        ...toPersonColumns(changedValues),
        ...(changed.includes('category') ? { category: state.category as PersonCategory } : {}),
        ...(changed.includes('birthDate') ? { birth_year: birthYearOf(state.birthDate) } : {}),
        ...(identityChanged ? { person_key: key } : {}),
        in_mentor_base: flags.inMentorBase,
        in_mentee_base: flags.inMenteeBase,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute(),
  );
  return [...changed, ...changedFlags];
}
