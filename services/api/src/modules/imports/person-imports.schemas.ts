import { Type, type TSchema } from '@sinclair/typebox';
import { ListQuery, Uuid } from '../../lib/schemas.ts';
import { ImportRowError } from './imports.schemas.ts';

/* Schemas of the person imports (mentor and mentee bases) and of the base export. */

const Base = Type.Union([Type.Literal('mentors'), Type.Literal('mentees')], {
  description: 'mentors — база наставников, mentees — база наставляемых',
});
const OnDuplicate = Type.Union([Type.Literal('merge'), Type.Literal('skip')], {
  description: 'merge — дополнить данные человека из файла, skip — оставить как есть',
});
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const BaseQuery = Type.Object({ base: Base }, { additionalProperties: false });

export const ApplyBody = Type.Object(
  { onDuplicate: Type.Optional(OnDuplicate) },
  { additionalProperties: false },
);

export const Accepted = Type.Object({ id: Uuid }, { $id: 'PersonImportAccepted' });

export const DuplicateRow = Type.Object({
  row: Type.Integer({ description: 'Строка файла' }),
  personId: Uuid,
  existingName: Type.String({ description: 'ФИО человека, который уже есть в базе' }),
  matchedBy: Type.Union([Type.Literal('name_birth_date'), Type.Literal('snils'), Type.Literal('name')]),
  changes: Type.Array(Type.Object({ column: Type.String(), from: Type.String(), to: Type.String() }), {
    description: 'Что изменится при объединении',
  }),
});

export const PersonImportReport = Type.Object(
  {
    base: Base,
    fileName: Type.String(),
    totalRows: Type.Integer(),
    validRows: Type.Integer(),
    errors: Type.Array(ImportRowError, { description: 'Не больше 1000 первых ошибок' }),
    errorCount: Type.Integer({ description: 'Сколько ошибок всего' }),
    ignoredColumns: Type.Array(Type.String(), { description: 'Столбцы файла, которые не импортируются' }),
    duplicates: Type.Array(DuplicateRow, { description: 'Не больше 1000 первых повторов' }),
    duplicateCount: Type.Integer({ description: 'Строк о людях, которые уже есть в базе и изменятся' }),
    created: Type.Integer({ description: 'Новых людей (при applied = false — будет создано)' }),
    updated: Type.Integer({ description: 'Обновлено объединением' }),
    unchanged: Type.Integer({ description: 'Уже в базе, без изменений' }),
    skipped: Type.Integer({ description: 'Повторы, оставленные как есть (onDuplicate = skip)' }),
    onDuplicate: Nullable(OnDuplicate),
    applied: Type.Boolean(),
  },
  { $id: 'PersonImportReport' },
);

const importFields = {
  id: Uuid,
  base: Base,
  mode: Type.Union([Type.Literal('dry_run'), Type.Literal('apply')], {
    description: 'dry_run — проверка (ничего не записывается), apply — импорт',
  }),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  phase: Nullable(Type.String({ description: 'reading, checking, applying, done' })),
  processedRows: Type.Integer(),
  totalRows: Nullable(Type.Integer()),
  error: Nullable(Type.String({ description: 'Почему не получилось, по-русски' })),
  fileName: Type.String(),
  fileAvailable: Type.Boolean({ description: 'Файл ещё хранится: проверку можно применить' }),
  onDuplicate: Nullable(OnDuplicate),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
};

export const PersonImport = Type.Object(
  { ...importFields, report: Nullable(PersonImportReport) },
  { $id: 'PersonImport' },
);

export const PersonImportSummary = Type.Object(
  {
    ...importFields,
    created: Nullable(Type.Integer()),
    updated: Nullable(Type.Integer()),
    unchanged: Nullable(Type.Integer()),
    errorCount: Nullable(Type.Integer()),
    duplicateCount: Nullable(Type.Integer()),
  },
  { $id: 'PersonImportSummary' },
);

export const PersonImportListQuery = Type.Composite([ListQuery, Type.Object({ base: Type.Optional(Base) })], {
  additionalProperties: false,
});
