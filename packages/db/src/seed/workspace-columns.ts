import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { CURRENT_SCHOOL_YEAR } from './plan.ts';

/*
 * The curator workspace's columns for generated people, set in SQL after the rows are in
 * (the large scale streams persons with COPY). Choices hang on hashtext(id), so the same
 * seed gives the same region.
 */

const COMPETENCES = [
  'математика, подготовка к ОГЭ и ЕГЭ',
  'русский язык и литература',
  'информатика и программирование',
  'проектная и исследовательская деятельность',
  'профориентация, рабочие профессии',
  'методика преподавания, классное руководство',
  'физическая культура, подготовка к сдаче ГТО',
  'английский язык',
  'физика и техническое творчество',
  'химия и биология',
];
const INTERESTS = [
  'шахматы',
  'туризм и краеведение',
  'робототехника',
  'волонтёрство',
  'театр',
  'чтение',
  'футбол',
  'рисование',
  'музыка',
  'фотография',
];

const pick = (list: string[], salt: string) =>
  sql`(${sql.val(list)}::text[])[1 + abs(hashtext(id::text || ${salt})) % ${list.length}]`;

export async function fillWorkspaceColumns(owner: Kysely<Database>): Promise<void> {
  // Bases by the roles people had in pairs; people never paired go by category.
  await sql`
    UPDATE persons p SET
      in_mentor_base = EXISTS (SELECT 1 FROM pair_members m WHERE m.person_id = p.id AND m.role = 'mentor'),
      in_mentee_base = EXISTS (SELECT 1 FROM pair_members m WHERE m.person_id = p.id AND m.role = 'mentee')
  `.execute(owner);
  await sql`
    UPDATE persons SET in_mentee_base = (category = 'student'), in_mentor_base = (category <> 'student')
      WHERE NOT in_mentor_base AND NOT in_mentee_base
  `.execute(owner);

  // School pupils get a class («7 «Б»») by their age in the current school year.
  await sql`
    UPDATE persons p SET class_name =
      least(11, greatest(1, ${CURRENT_SCHOOL_YEAR} - p.birth_year - 6))::text || ' «' ||
      (ARRAY['А', 'Б', 'В'])[1 + abs(hashtext(p.id::text)) % 3] || '»'
    FROM organisations o
    WHERE o.id = p.organisation_id AND o.kind IN ('school', 'additional') AND p.category = 'student'
      AND p.birth_year IS NOT NULL
  `.execute(owner);

  // Mentees carry a request from the national catalogue: teachers the young specialist's.
  await sql`
    WITH requests AS (
      SELECT array_agg(id ORDER BY sort) FILTER (WHERE name NOT ILIKE '%педагог%' AND name NOT ILIKE 'Молодой%') AS pupil,
             array_agg(id ORDER BY sort) FILTER (WHERE name ILIKE '%педагог%' OR name ILIKE 'Молодой%') AS teacher
        FROM mentee_requests WHERE region_id IS NULL
    )
    UPDATE persons p SET request_id = CASE
        WHEN p.category = 'teacher' THEN r.teacher[1 + abs(hashtext(p.id::text)) % cardinality(r.teacher)]
        ELSE r.pupil[1 + abs(hashtext(p.id::text)) % cardinality(r.pupil)]
      END
    FROM requests r
    WHERE p.in_mentee_base
  `.execute(owner);

  // Mentors: competences, interests and hours a month, as the mentor base of seed 003 has.
  await sql`
    UPDATE persons SET
      competences = ${pick(COMPETENCES, 'c')},
      interests = ${pick(INTERESTS, 'i')} || ', ' || ${pick(INTERESTS, 'j')},
      time_resource_hours = 4 + abs(hashtext(id::text || 'h')) % 9
    WHERE in_mentor_base
  `.execute(owner);
  await sql`UPDATE persons SET interests = ${pick(INTERESTS, 'i')} WHERE in_mentee_base AND NOT in_mentor_base`.execute(
    owner,
  );
}
