import { Type } from '@sinclair/typebox';
import { Uuid } from '../../lib/schemas.ts';

export const Me = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    fullName: Type.String(),
    role: Type.Union([
      Type.Literal('region_admin'),
      Type.Literal('municipal_officer'),
      Type.Literal('curator'),
      Type.Literal('head'),
    ]),
    regionId: Uuid,
    regionName: Type.String(),
    municipalityId: Type.Union([Uuid, Type.Null()]),
    municipalityName: Type.Union([Type.String(), Type.Null()]),
    organisationId: Type.Union([Uuid, Type.Null()]),
    organisationName: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Me' },
);

export const Session = Type.Object({ accessToken: Type.String(), expiresIn: Type.Integer(), user: Me });

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const ForgotBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);
export const LinkParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }) },
  { additionalProperties: false },
);
export const LinkInfo = Type.Object({
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('password_reset')]),
  email: Type.String(),
  fullName: Type.String(),
});
export const SetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
