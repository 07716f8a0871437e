import { Type } from '@sinclair/typebox';
import { ListQuery, Text, Uuid } from '../../lib/schemas.ts';

const Role = Type.Union([
  Type.Literal('region_admin'),
  Type.Literal('municipal_officer'),
  Type.Literal('curator'),
  Type.Literal('head'),
]);

export const UserView = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    fullName: Type.String(),
    role: Role,
    status: Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('disabled')]),
    municipalityId: Type.Union([Uuid, Type.Null()]),
    municipalityName: Type.Union([Type.String(), Type.Null()]),
    organisationId: Type.Union([Uuid, Type.Null()]),
    organisationName: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'UserView' },
);

export const UserQuery = Type.Composite(
  [
    ListQuery,
    Type.Object({
      role: Type.Optional(Role),
      status: Type.Optional(
        Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('disabled')]),
      ),
    }),
  ],
  { additionalProperties: false },
);

export const InviteBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    fullName: Text(200),
    role: Role,
    municipalityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    organisationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    fullName: Text(200),
    role: Role,
    municipalityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    organisationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('invited')]),
  },
  { additionalProperties: false },
);
