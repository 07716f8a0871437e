import { Type } from '@sinclair/typebox';
import { DATA_CATEGORY_CODES } from '@nastavnik/domain';
import { Text, Uuid } from '../../lib/schemas.ts';

/* Region-wide reference data: mentee requests, consent text versions, data categories, settings. */

export const MenteeRequest = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    sort: Type.Integer(),
    archived: Type.Boolean(),
    /** A national row (the same in every region): read-only for the region. */
    national: Type.Boolean(),
  },
  { $id: 'MenteeRequest' },
);
const Sort = Type.Integer({ minimum: 0, maximum: 10_000 });
export const MenteeRequestBody = Type.Object(
  { name: Text(200), sort: Type.Optional(Sort) },
  { additionalProperties: false },
);
export const MenteeRequestPatch = Type.Object(
  { name: Type.Optional(Text(200)), sort: Type.Optional(Sort), archived: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const CategoryCode = Type.Union(DATA_CATEGORY_CODES.map((c) => Type.Literal(c)));
export const DataCategoryItem = Type.Object(
  { code: Type.String(), label: Type.String() },
  { $id: 'DataCategoryItem' },
);

export const ConsentTextVersion = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    title: Type.String(),
    body: Type.String(),
    categories: Type.Array(DataCategoryItem),
    validFrom: Type.String({ format: 'date' }),
    archived: Type.Boolean(),
    national: Type.Boolean(),
  },
  { $id: 'ConsentTextVersion' },
);
export const ConsentVersionBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    title: Text(300),
    body: Text(20_000),
    // Non-empty and including 'identity' is checked by the service, with a Russian message.
    categories: Type.Array(CategoryCode, { maxItems: DATA_CATEGORY_CODES.length, uniqueItems: true }),
    validFrom: Type.String({ format: 'date', maxLength: 10 }),
  },
  { additionalProperties: false },
);
/** A text people signed never changes: a version can only be archived (or brought back). */
export const ConsentVersionPatch = Type.Object({ archived: Type.Boolean() }, { additionalProperties: false });

export const RegionSettings = Type.Object(
  {
    retentionYears: Type.Integer(),
    satisfactionThreshold: Type.Integer(),
    timezone: Type.String(),
    /** The zones the region may choose from: Russia's, west to east. */
    timezoneOptions: Type.Array(
      Type.Object({ id: Type.String(), label: Type.String(), utcOffset: Type.Number() }),
    ),
  },
  { $id: 'RegionSettings' },
);
/** Only the settings given change. */
export const RegionSettingsPatch = Type.Object(
  {
    retentionYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 75 })),
    satisfactionThreshold: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10, description: 'Оценка от 1 до 10, с которой участник доволен' }),
    ),
    timezone: Type.Optional(
      Type.String({ maxLength: 64, description: 'Часовой пояс IANA, например Europe/Moscow' }),
    ),
  },
  { additionalProperties: false },
);
