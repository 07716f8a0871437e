import { Type } from '@sinclair/typebox';
import { Uuid } from '../../lib/schemas.ts';

const IsoDate = Type.String({ format: 'date', maxLength: 10, description: 'ГГГГ-ММ-ДД' });

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({ maxLength: 100, description: 'Начало названия действия, например «persons»' }),
    ),
    userId: Type.Optional(Uuid),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    userId: Type.Union([Uuid, Type.Null()]),
    userName: Type.Union([Type.String(), Type.Null()], {
      description: 'ФИО сотрудника организации; null, если запись сделал не сотрудник организации',
    }),
    action: Type.String(),
    entity: Type.Union([Type.String(), Type.Null()]),
    entityId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Record(Type.String(), Type.Unknown()),
    ip: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditEntry' },
);
