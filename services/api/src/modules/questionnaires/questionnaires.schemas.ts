import { Type } from '@sinclair/typebox';
import { Uuid } from '../../lib/schemas.ts';

/* Questionnaires: definitions, stored answers, one-time links and the public form. */

export const Kind = Type.Union([Type.Literal('mentor'), Type.Literal('mentee')]);

export const PersonKindParams = Type.Object({ id: Uuid, kind: Kind }, { additionalProperties: false });
export const TokenParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }) },
  { additionalProperties: false },
);

/** One question, flattened: which optional parts are present depends on `type`. */
export const Question = Type.Object(
  {
    key: Type.String(),
    label: Type.String(),
    type: Type.Union([
      Type.Literal('text'),
      Type.Literal('textarea'),
      Type.Literal('choice'),
      Type.Literal('multi'),
      Type.Literal('number'),
      Type.Literal('scale'),
    ]),
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String())),
    min: Type.Optional(Type.Integer()),
    max: Type.Optional(Type.Integer()),
    unit: Type.Optional(Type.String()),
    hint: Type.Optional(Type.String()),
  },
  // No $id: a reply holding two definitions would carry it twice.
);
export const Definition = Type.Object({
  kind: Kind,
  title: Type.String(),
  intro: Type.String(),
  questions: Type.Array(Question),
});
export const Definitions = Type.Object(
  { mentor: Definition, mentee: Definition },
  { $id: 'QuestionnaireDefinitions' },
);

const AnswerValue = Type.Union([
  Type.String({ maxLength: 5000 }),
  Type.Number(),
  Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
  Type.Null(),
]);
/**
 * Answers by question key. Only the shape is checked here; which keys exist, which are
 * required and what each may hold is checked against the definition (checkAnswers), so
 * errors name the question.
 */
export const Answers = Type.Object({}, { additionalProperties: AnswerValue, maxProperties: 60 });
export const AnswersBody = Type.Object({ answers: Answers }, { additionalProperties: false });

export const StoredQuestionnaire = Type.Object(
  {
    id: Uuid,
    personId: Uuid,
    kind: Kind,
    answers: Answers,
    filledBy: Type.Union([Type.Literal('curator'), Type.Literal('person')]),
    submittedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'StoredQuestionnaire' },
);

export const LinkBody = Type.Object(
  {
    kind: Kind,
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    sendTo: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export const IssuedLink = Type.Object({
  /** The only time the link is shown: the database keeps its hash alone. */
  url: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  sentTo: Type.Union([Type.String(), Type.Null()]),
});

export const PublicQuestionnaire = Type.Object(
  {
    kind: Kind,
    title: Type.String(),
    intro: Type.String(),
    questions: Type.Array(Question),
    organisationName: Type.String(),
    /** Only the first name, to greet the person: nothing else personal leaves by a link. */
    firstName: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'PublicQuestionnaire' },
);
export const Received = Type.Object({ status: Type.Literal('received') });
