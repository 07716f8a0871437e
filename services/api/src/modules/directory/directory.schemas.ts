import { Type } from '@sinclair/typebox';
import { ListQuery, OptionalText, Text, Uuid } from '../../lib/schemas.ts';

const OrgKind = Type.Union([
  Type.Literal('school'),
  Type.Literal('kindergarten'),
  Type.Literal('college'),
  Type.Literal('additional'),
]);

export const Municipality = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    oktmo: Type.Union([Type.String(), Type.Null()]),
    organisationCount: Type.Integer(),
  },
  { $id: 'Municipality' },
);
export const MunicipalityBody = Type.Object(
  {
    name: Text(200),
    oktmo: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{8}([0-9]{3})?$' }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const Organisation = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    shortName: Type.Union([Type.String(), Type.Null()]),
    kind: OrgKind,
    inn: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    municipalityId: Uuid,
    municipalityName: Type.String(),
  },
  { $id: 'Organisation' },
);
export const OrganisationBody = Type.Object(
  {
    name: Text(300),
    shortName: OptionalText(120),
    kind: OrgKind,
    inn: Type.String({ minLength: 10, maxLength: 10 }),
    address: OptionalText(300),
    municipalityId: Uuid,
  },
  { additionalProperties: false },
);
export const OrganisationQuery = Type.Composite(
  [ListQuery, Type.Object({ municipalityId: Type.Optional(Uuid), kind: Type.Optional(OrgKind) })],
  { additionalProperties: false },
);

export const Enterprise = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    inn: Type.String(),
    municipalityId: Type.Union([Uuid, Type.Null()]),
    municipalityName: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Enterprise' },
);
export const EnterpriseBody = Type.Object(
  {
    name: Text(300),
    inn: Type.String({ minLength: 10, maxLength: 12 }),
    municipalityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
