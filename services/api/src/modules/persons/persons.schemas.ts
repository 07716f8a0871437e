import { Type, type TSchema } from '@sinclair/typebox';
import { PERSON_CATEGORIES, DATA_CATEGORY_CODES, type PersonCategoryCode } from '@nastavnik/domain';
import { ListQuery, Text, Uuid } from '../../lib/schemas.ts';

/* Schemas of the mentor and mentee bases: person fields in camelCase (person-fields.ts). */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
/** A union of string literals whose static type is the union of the values. */
const literals = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      options,
    ),
  );

export const IsoDate = Type.String({ format: 'date', maxLength: 10, description: 'ГГГГ-ММ-ДД' });

export const PersonCategory = literals(Object.keys(PERSON_CATEGORIES) as PersonCategoryCode[], {
  description: 'Категория участника',
});
const GivenBy = Type.Union([Type.Literal('self'), Type.Literal('representative')]);
const ConsentStatus = Type.Union([Type.Literal('active'), Type.Literal('withdrawn'), Type.Literal('none')]);
const Role = Type.Union([Type.Literal('mentor'), Type.Literal('mentee')]);

/** The optional person fields, shared by the create and the edit body. */
const optionalFields = {
  middleName: Opt(Type.String({ maxLength: 100 })),
  birthDate: Opt(IsoDate),
  email: Opt(Type.String({ maxLength: 254 })),
  phone: Opt(Type.String({ maxLength: 30 })),
  snils: Opt(Type.String({ maxLength: 20 })),
  className: Opt(Type.String({ maxLength: 30 })),
  enterpriseId: Opt(Uuid),
  workplace: Opt(Type.String({ maxLength: 300 })),
  position: Opt(Type.String({ maxLength: 200 })),
  careerStartYear: Opt(Type.Integer({ minimum: 1940, maximum: 2100 })),
  competences: Opt(Type.String({ maxLength: 2000 })),
  lifeExperience: Opt(Type.String({ maxLength: 2000 })),
  interests: Opt(Type.String({ maxLength: 2000 })),
  preferredAgeMin: Opt(Type.Integer({ minimum: 0, maximum: 100 })),
  preferredAgeMax: Opt(Type.Integer({ minimum: 0, maximum: 100 })),
  timeResourceHours: Opt(Type.Integer({ minimum: 0, maximum: 200 })),
  requestId: Opt(Uuid),
  requestDetails: Opt(Type.String({ maxLength: 2000 })),
};

export const ConsentBody = Type.Object(
  {
    givenBy: GivenBy,
    representativeName: Opt(Type.String({ maxLength: 200 })),
    representativeRelation: Opt(Type.String({ maxLength: 100 })),
    givenAt: IsoDate,
    versionId: Uuid,
  },
  { additionalProperties: false },
);

export const CreatePersonBody = Type.Object(
  {
    inMentorBase: Type.Boolean(),
    inMenteeBase: Type.Boolean(),
    lastName: Text(100),
    firstName: Text(100),
    category: PersonCategory,
    ...optionalFields,
    consent: ConsentBody,
  },
  { additionalProperties: false },
);

export const UpdatePersonBody = Type.Object(
  {
    inMentorBase: Type.Optional(Type.Boolean()),
    inMenteeBase: Type.Optional(Type.Boolean()),
    lastName: Type.Optional(Text(100)),
    firstName: Type.Optional(Text(100)),
    category: Type.Optional(PersonCategory),
    ...optionalFields,
  },
  { additionalProperties: false },
);

export const PersonListQuery = Type.Composite(
  [
    ListQuery,
    Type.Object({
      base: Type.Union([Type.Literal('mentors'), Type.Literal('mentees')]),
      category: Type.Optional(PersonCategory),
      consent: Type.Optional(ConsentStatus),
      requestId: Type.Optional(Uuid),
      enterpriseId: Type.Optional(Uuid),
      erased: Type.Optional(Type.Boolean({ default: false, description: 'true — только удалённые' })),
      sort: Type.Optional(
        literals(['name', '-name', 'birthDate', '-birthDate', 'created', '-created'] as const),
      ),
    }),
  ],
  { additionalProperties: false },
);

export const PersonListItem = Type.Object(
  {
    id: Uuid,
    fullName: Type.String(),
    lastName: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    middleName: Nullable(Type.String()),
    category: PersonCategory,
    birthDate: Nullable(Type.String()),
    age: Nullable(Type.Integer()),
    className: Nullable(Type.String()),
    workplace: Nullable(Type.String()),
    position: Nullable(Type.String()),
    requestName: Nullable(Type.String()),
    consentStatus: ConsentStatus,
    inMentorBase: Type.Boolean(),
    inMenteeBase: Type.Boolean(),
    erased: Type.Boolean(),
  },
  { $id: 'PersonListItem' },
);

const ConsentView = Type.Object({
  id: Uuid,
  givenBy: GivenBy,
  representativeName: Nullable(Type.String()),
  representativeRelation: Nullable(Type.String()),
  givenAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  inForce: Type.Boolean({ description: 'Действующее согласие (последнее неотозванное)' }),
  version: Type.Object({
    id: Uuid,
    code: Type.String(),
    title: Type.String(),
    categories: Type.Array(literals(DATA_CATEGORY_CODES)),
  }),
  hasScan: Type.Boolean(),
  scanFileName: Nullable(Type.String()),
});

const Participation = Type.Object({
  pairId: Uuid,
  programmeTitle: Type.String(),
  schoolYear: Type.Integer(),
  role: Role,
  formName: Type.String(),
  pairStatus: Type.String(),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  partners: Type.Array(Type.Object({ personId: Uuid, fullName: Type.String(), role: Role })),
});

const nullableText = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [n, Nullable(Type.String())])) as Record<string, TSchema>;

export const PersonCard = Type.Object(
  {
    id: Uuid,
    fullName: Type.String(),
    ...nullableText(
      'lastName',
      'firstName',
      'middleName',
      'birthDate',
      'email',
      'phone',
      'snils',
      'className',
      'enterpriseId',
      'enterpriseName',
      'workplace',
      'position',
      'competences',
      'lifeExperience',
      'interests',
      'requestId',
      'requestName',
      'requestDetails',
    ),
    category: PersonCategory,
    birthYear: Nullable(Type.Integer()),
    age: Nullable(Type.Integer()),
    careerStartYear: Nullable(Type.Integer()),
    preferredAgeMin: Nullable(Type.Integer()),
    preferredAgeMax: Nullable(Type.Integer()),
    timeResourceHours: Nullable(Type.Integer()),
    inMentorBase: Type.Boolean(),
    inMenteeBase: Type.Boolean(),
    consentStatus: ConsentStatus,
    coveredCategories: Type.Array(Type.String(), {
      description: 'Категории данных, на которые распространяется действующее согласие',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    consents: Type.Array(ConsentView),
    questionnaires: Type.Array(
      Type.Object({
        id: Uuid,
        kind: Role,
        filledBy: Type.Union([Type.Literal('curator'), Type.Literal('person')]),
        submittedAt: Type.String({ format: 'date-time' }),
        answers: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    participations: Type.Array(Participation),
    surveys: Type.Array(
      Type.Object({
        id: Uuid,
        submittedAt: Type.String({ format: 'date-time' }),
        role: Role,
        overallScore: Type.Integer(),
      }),
    ),
    erased: Type.Boolean(),
    erasure: Nullable(
      Type.Object({
        erasedAt: Type.String({ format: 'date-time' }),
        reason: Nullable(Type.String()),
        actAvailable: Type.Boolean(),
      }),
    ),
  },
  { $id: 'PersonCard' },
);

export const PersonParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ConsentParams = Type.Object({ id: Uuid, consentId: Uuid }, { additionalProperties: false });

export const WithdrawBody = Type.Object(
  {
    date: IsoDate,
    reason: Type.Union([Type.Literal('withdrawal'), Type.Literal('request')], {
      description: 'withdrawal — отзыв согласия; request — требование субъекта об удалении',
    }),
  },
  { additionalProperties: false },
);
export const WithdrawReply = Type.Object({ status: Type.Literal('erasure_queued') });

export const DocumentFormat = Type.Union([Type.Literal('docx'), Type.Literal('pdf')]);
export const ConsentFormQuery = Type.Object(
  {
    format: Type.Optional(DocumentFormat),
    versionId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

/** A file answer, for the OpenAPI document. */
export const fileReply = (description: string, ...mimes: string[]) => ({
  description,
  content: Object.fromEntries(
    mimes.map((m) => [m, { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }]),
  ),
});

/** The multipart form of a scan upload (the handler reads the file as a stream). */
export const ScanFileBody = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'PDF, JPEG или PNG до 10 МБ' } },
});
