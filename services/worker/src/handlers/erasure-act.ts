import { sql, type Kysely } from 'kysely';
import { withScope, type Database, type ErasureReason, type Tx, type UserRole } from '@nastavnik/db';
import type { ErasureActData } from '@nastavnik/reports';

/*
 * The contents of the erasure act (акт об уничтожении персональных данных): what the
 * Roskomnadzor requirements for such acts ask for — the operator, the subject, who destroyed
 * the data and in what position, the categories destroyed, the information system, the method
 * and the reason, and the date.
 */

export type RenderErasureAct = (data: ErasureActData) => Promise<Buffer>;

/** Destroyed on erasure (persons-erase.job.ts clears exactly these). */
export const DESTROYED_CATEGORIES = [
  'фамилия, имя, отчество',
  'дата рождения (сохранён только год рождения)',
  'контактные данные: адрес электронной почты, телефон',
  'СНИЛС',
  'сведения об обучении (класс, группа)',
  'место работы, должность',
  'компетенции, жизненный опыт, интересы, предпочтения по возрасту наставляемых, ресурс времени',
  'запрос наставляемого',
  'ответы анкет наставника и наставляемого',
  'ответы на вопросы опросов удовлетворённости (кроме общей оценки)',
  'ФИО законного представителя и степень родства',
  'сканы согласий на обработку персональных данных',
];

/** Kept on the row: identifies nobody, and the indicators of past years need it. */
export const KEPT_FOR_STATISTICS = [
  'псевдонимизированный ключ (необратимый хеш, имя по нему не восстановить)',
  'год рождения',
  'категория участника',
  'год начала педагогической деятельности',
  'предприятие-партнёр (для наставников от предприятий)',
  'даты и роли участия в программах наставничества',
  'общая оценка в опросах удовлетворённости',
  'даты дачи и отзыва согласия',
];

export const ERASURE_METHOD =
  'Стирание значений в базе данных информационной системы «Наставник» (замена пустыми значениями), ' +
  'удаление записей анкет и файлов сканов без возможности восстановления';

/** Appended to the renderer's own wording of the reason (ERASURE_REASONS), in brackets. */
const REASON_DETAILS: Record<ErasureReason, (retentionYears: number) => string | null> = {
  withdrawal: () => 'ч. 5 ст. 21 Федерального закона № 152-ФЗ',
  retention: (years) =>
    `срок хранения — ${years} ${yearsWord(years)} после окончания участия; ч. 4 ст. 21 Федерального закона № 152-ФЗ`,
  request: () => null,
};

const POSITIONS: Record<UserRole, string> = {
  curator: 'куратор',
  head: 'руководитель организации',
  region_admin: 'региональный оператор',
  municipal_officer: 'специалист муниципального органа управления образованием',
};

/** No person performs a retention erasure: the act then names the information system. */
export const AUTOMATIC_PERFORMER: ErasureActData['performedBy'] = { fullName: null, position: null };

function yearsWord(n: number): string {
  const plural = new Intl.PluralRules('ru-RU').select(n);
  return plural === 'one' ? 'год' : plural === 'few' ? 'года' : 'лет';
}

/**
 * The requesting user's name and position, read before the erasure in the user's own scope:
 * the users policy admits one's own row, and a 'system' scope sees no user at all.
 */
export async function performerOf(
  db: Kysely<Database>,
  regionId: string,
  userId: string | null,
): Promise<ErasureActData['performedBy']> {
  if (!userId) return AUTOMATIC_PERFORMER;
  const user = await withScope(db, { regionId, userId }, (tx) =>
    tx.selectFrom('users').select(['full_name', 'role']).where('id', '=', userId).executeTakeFirst(),
  );
  return user
    ? { fullName: user.full_name, position: POSITIONS[user.role] }
    : { fullName: null, position: null };
}

export interface ActContext {
  organisation: ErasureActData['organisation'];
  /** Today in the region's time zone, 'YYYY-MM-DD'. */
  today: string;
  /** The transaction's now(), ISO: the instant written to persons.erased_at too. */
  erasedAt: string;
  retentionYears: number;
  actNumber: string;
}

/**
 * The organisation header and the next act number, 'У-<year>-<n>' with n counting the
 * organisation's acts. The caller holds the organisation's erasure lock, so two erasures
 * running at once cannot take the same number.
 */
export async function actContext(tx: Tx, organisationId: string): Promise<ActContext> {
  const org = await tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .innerJoin('regions as r', 'r.id', 'o.region_id')
    .select([
      'o.name',
      'o.short_name',
      'o.address',
      'o.inn',
      'm.name as municipality',
      'r.name as region',
      'r.retention_years',
      sql<string>`(now() AT TIME ZONE r.timezone)::date::text`.as('today'),
      sql<Date>`now()`.as('now'),
    ])
    .where('o.id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const { count } = await tx
    .selectFrom('stored_files')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('purpose', '=', 'erasure_act')
    .executeTakeFirstOrThrow();
  return {
    organisation: {
      fullName: org.name,
      shortName: org.short_name,
      address: org.address,
      inn: org.inn,
      municipality: org.municipality,
      region: org.region,
    },
    today: org.today,
    erasedAt: new Date(org.now).toISOString(),
    retentionYears: org.retention_years,
    actNumber: `У-${org.today.slice(0, 4)}-${Number(count) + 1}`,
  };
}

export function reasonDetails(reason: ErasureReason, retentionYears: number): string | null {
  return REASON_DETAILS[reason](retentionYears);
}
