import type { FastifyRequest } from 'fastify';
import type { Tx } from '@nastavnik/db';

/**
 * Writes one audit entry in the caller's transaction, so the entry exists exactly when the
 * action it records committed.
 */
export async function audit(
  tx: Tx,
  request: FastifyRequest,
  entry: {
    action: string;
    entity?: string;
    entityId?: string;
    details?: Record<string, unknown>;
    organisationId?: string | null;
  },
): Promise<void> {
  const p = request.principal;
  if (!p) return;
  await tx
    .insertInto('audit_log')
    .values({
      region_id: p.regionId,
      organisation_id: entry.organisationId !== undefined ? entry.organisationId : p.organisationId,
      user_id: p.userId,
      action: entry.action,
      entity: entry.entity ?? null,
      entity_id: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: request.ip,
    })
    .execute();
}
