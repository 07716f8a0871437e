import type { PersonCategoryCode } from './categories.ts';

/**
 * The national catalogue of forms of mentoring and their role models (DOMAIN.md). It is
 * seeded into the database as reference data; a region adds its own rows there.
 */
export interface FormDefinition {
  code: string;
  name: string;
  mentorCategories: PersonCategoryCode[];
  menteeCategories: PersonCategoryCode[];
  roleModels: string[];
}

export const NATIONAL_FORMS: FormDefinition[] = [
  {
    code: 'student_student',
    name: 'Ученик – ученик',
    mentorCategories: ['student'],
    menteeCategories: ['student'],
    roleModels: [
      'Успевающий – неуспевающий',
      'Лидер – пассивный',
      'Равный – равному',
      'Адаптированный – неадаптированный',
    ],
  },
  {
    code: 'teacher_teacher',
    name: 'Учитель – учитель',
    mentorCategories: ['teacher'],
    menteeCategories: ['teacher'],
    roleModels: [
      'Опытный педагог – молодой специалист',
      'Опытный классный руководитель – молодой специалист',
      'Лидер – пассивный',
      'Педагог-новатор – консервативный педагог',
    ],
  },
  {
    code: 'college_student_pupil',
    name: 'Студент – ученик',
    mentorCategories: ['student'],
    menteeCategories: ['student'],
    roleModels: ['Успевающий – неуспевающий', 'Лидер – пассивный', 'Равный – равному'],
  },
  {
    code: 'college_student_student',
    name: 'Студент – студент',
    mentorCategories: ['student', 'graduate'],
    menteeCategories: ['student'],
    roleModels: [
      'Успевающий – неуспевающий',
      'Лидер – пассивный',
      'Равный – равному',
      'Адаптированный – неадаптированный',
    ],
  },
  {
    code: 'employer_pupil',
    name: 'Работодатель – ученик',
    mentorCategories: ['enterprise_employee', 'graduate', 'other'],
    menteeCategories: ['student'],
    roleModels: [
      'Активный профессионал – равнодушный потребитель',
      'Коллега – молодой коллега',
      'Работодатель – будущий сотрудник',
    ],
  },
  {
    code: 'employer_student',
    name: 'Работодатель – студент',
    mentorCategories: ['enterprise_employee', 'graduate', 'other'],
    menteeCategories: ['student'],
    roleModels: [
      'Активный профессионал – равнодушный потребитель',
      'Работодатель – будущий сотрудник',
      'Коллега – молодой коллега',
    ],
  },
];
