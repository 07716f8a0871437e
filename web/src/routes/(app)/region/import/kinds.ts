/* What each import kind expects, as the help column on the import page shows it. */
import type { ImportKind } from '$lib/api/types.ts';

interface KindSpec {
  title: string;
  description: string;
  columns: { name: string; required: boolean; note: string }[];
  footnote: string;
}

export const IMPORT_KINDS: Record<ImportKind, KindSpec> = {
  organisations: {
    title: 'Организации',
    description: 'Школы, детские сады, колледжи и организации дополнительного образования.',
    columns: [
      { name: 'Муниципалитет', required: true, note: 'Название, как в справочнике муниципалитетов' },
      { name: 'Полное наименование', required: true, note: 'Как в уставе организации' },
      { name: 'Краткое наименование', required: false, note: 'Например, «СОШ № 1»' },
      { name: 'Тип', required: true, note: 'СОШ, ДОУ, СПО или ДО' },
      { name: 'ИНН', required: true, note: '10 цифр; по ИНН находятся уже внесённые организации' },
      { name: 'Адрес', required: false, note: 'Необязательно' },
    ],
    footnote: 'Организация с уже известным ИНН обновляется, новая — создаётся.',
  },
  curators: {
    title: 'Кураторы и руководители',
    description: 'Учётные записи сотрудников организаций; каждому новому придёт приглашение.',
    columns: [
      { name: 'ФИО', required: true, note: 'Фамилия, имя, отчество' },
      { name: 'E-mail', required: true, note: 'На этот адрес придёт приглашение' },
      { name: 'Роль', required: true, note: 'Куратор или Руководитель' },
      { name: 'ИНН организации', required: true, note: 'Организация должна быть в справочнике' },
    ],
    footnote: 'Новые пользователи получают письмо со ссылкой для установки пароля.',
  },
};
