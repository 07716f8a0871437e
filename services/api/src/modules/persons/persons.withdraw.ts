import type { Tx } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';
import type { Principal } from '../../plugins/auth.ts';
import { findPerson, todayIn } from './persons.common.ts';
import { validationFailed } from './persons.rules.ts';

/*
 * Withdrawal of consent (152-ФЗ, art. 9 § 2) or a subject's demand to erase their data: the
 * consents in force end on the given date here, in the request's transaction; the erasure
 * itself is the 'persons.erase' job (idempotent), enqueued by the route once this commits.
 */

export interface WithdrawInput {
  date: string;
  reason: 'withdrawal' | 'request';
}

export async function withdrawConsent(
  tx: Tx,
  p: Principal,
  personId: string,
  input: WithdrawInput,
): Promise<{ job: JobCatalogue['persons.erase']; withdrawnConsents: number; alreadyErased: boolean }> {
  const person = await findPerson(tx, p, personId);
  const today = await todayIn(tx);
  if (input.date > today)
    throw validationFailed([{ field: 'date', message: 'Дата отзыва не может быть в будущем' }]);
  let withdrawnConsents = 0;
  if (!person.erased_at) {
    const latest = await tx
      .selectFrom('consents')
      .select((eb) => eb.fn.max('given_at').as('given_at'))
      .where('person_id', '=', personId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (latest?.given_at && input.date < latest.given_at) {
      throw validationFailed([{ field: 'date', message: 'Дата отзыва раньше даты действующего согласия' }]);
    }
    const r = await tx
      .updateTable('consents')
      .set({ withdrawn_at: input.date })
      .where('person_id', '=', personId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    withdrawnConsents = Number(r.numUpdatedRows);
  }
  return {
    job: {
      personId,
      organisationId: p.organisationId!,
      regionId: p.regionId,
      reason: input.reason,
      date: input.date,
      requestedBy: p.userId,
    },
    withdrawnConsents,
    alreadyErased: person.erased_at !== null,
  };
}
