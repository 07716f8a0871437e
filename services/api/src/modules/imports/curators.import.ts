import { emailError } from '@nastavnik/domain';
import { chunks, innCell, matchKey, REQUIRED, textCell, type ColumnSpec } from '@nastavnik/imports';
import { sendInvitation } from '../users/users.service.ts';
import { curatorRoleOf } from './cells.ts';
import type { ImportContext, Importer } from './report.ts';

type Key = 'fullName' | 'email' | 'role' | 'inn';

export const curatorColumns: ColumnSpec<Key>[] = [
  {
    key: 'fullName',
    header: 'ФИО',
    aliases: ['Фамилия Имя Отчество', 'Фамилия, имя, отчество'],
    required: true,
  },
  {
    key: 'email',
    header: 'E-mail',
    aliases: ['Электронная почта', 'Эл. почта', 'Адрес электронной почты', 'Почта'],
    required: true,
  },
  { key: 'role', header: 'Роль', required: true },
  { key: 'inn', header: 'ИНН организации', aliases: ['ИНН'], required: true },
];

const IN_USE = 'Адрес уже используется';

interface NewUser {
  row: number;
  email: string;
  full_name: string;
  role: 'curator' | 'head';
  organisation_id: string;
  municipality_id: string;
}

/**
 * Curators and heads of organisations. A new e-mail becomes an invited user with an
 * invitation letter; an e-mail already known for the same person, role and organisation
 * is skipped; any other use of the address is an error, since one address is one account.
 */
export const curatorsImporter: Importer<Key> = {
  kind: 'curators',
  columns: curatorColumns,
  async run(ctx) {
    const { creates, skipped } = await validate(ctx);
    // E-mail is unique across all regions, and other regions' users are invisible here:
    // only the insert itself can tell that an address is taken elsewhere. It runs even
    // when other rows have errors (all of it is rolled back then), so one report lists all.
    const inserted = new Map<string, string>();
    for (const part of chunks(creates, 500)) {
      const rows = await ctx.tx
        .insertInto('users')
        .values(part.map(({ row: _row, ...u }) => ({ ...u, region_id: ctx.principal.regionId })))
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(['id', 'email'])
        .execute();
      for (const r of rows) inserted.set(r.email, r.id);
    }
    for (const u of creates) if (!inserted.has(u.email)) ctx.errors.add(u.row, 'email', IN_USE);
    const created = inserted.size;
    if (ctx.errors.list.length > 0 || !ctx.apply) return { created, updated: 0, skipped, mailIds: [] };

    const mailIds: string[] = [];
    for (const id of inserted.values()) mailIds.push(await sendInvitation(ctx.tx, id, ctx.publicUrl));
    return { created, updated: 0, skipped, mailIds };
  },
};

async function validate(ctx: ImportContext<Key>): Promise<{ creates: NewUser[]; skipped: number }> {
  const { tx, table, errors } = ctx;
  const organisations = new Map(
    (await tx.selectFrom('organisations').select(['id', 'inn', 'municipality_id']).execute()).map((o) => [
      o.inn,
      o,
    ]),
  );
  const firstRowOfEmail = new Map<string, number>();
  const valid: NewUser[] = [];
  for (const record of table.records) {
    const { row } = record;
    const fullName = textCell(errors, record, 'fullName', { required: true, max: 200 });
    const email = emailCell(ctx, record);
    if (email) {
      const first = firstRowOfEmail.get(email);
      if (first !== undefined) errors.add(row, 'email', `Повтор e-mail в строке ${first}`);
      else firstRowOfEmail.set(email, row);
    }
    let role: NewUser['role'] | null = null;
    if (!record.values.role) errors.add(row, 'role', REQUIRED);
    else {
      role = curatorRoleOf(record.values.role);
      if (!role) {
        errors.add(
          row,
          'role',
          `Неизвестная роль «${record.values.role}»: укажите «куратор» или «руководитель»`,
        );
      }
    }
    // An INN that names an organisation of the region is enough, even one entered into the
    // directory before check digits were verified; only unknown ones are checked and reported.
    const typed = record.values.inn.replace(/\s+/g, '');
    let organisation = organisations.get(typed);
    if (!organisation) {
      const inn = innCell(errors, record, 'inn');
      organisation = inn ? organisations.get(inn) : undefined;
      if (inn && !organisation) errors.add(row, 'inn', `Организация с ИНН ${inn} не найдена в регионе`);
    }
    if (errors.has(row)) continue;
    valid.push({
      row,
      email: email!,
      full_name: fullName!,
      role: role!,
      organisation_id: organisation!.id,
      municipality_id: organisation!.municipality_id,
    });
  }

  const existing = new Map<string, { full_name: string; role: string; organisation_id: string | null }>();
  for (const part of chunks(valid, 1000)) {
    const found = await tx
      .selectFrom('users')
      .select(['email', 'full_name', 'role', 'organisation_id'])
      .where(
        'email',
        'in',
        part.map((u) => u.email),
      )
      .execute();
    for (const u of found) existing.set(u.email, u);
  }
  const creates: NewUser[] = [];
  let skipped = 0;
  for (const u of valid) {
    const known = existing.get(u.email);
    if (!known) creates.push(u);
    else if (
      matchKey(known.full_name) === matchKey(u.full_name) &&
      known.role === u.role &&
      known.organisation_id === u.organisation_id
    ) {
      skipped++;
    } else errors.add(u.row, 'email', IN_USE);
  }
  return { creates, skipped };
}

function emailCell(
  ctx: ImportContext<Key>,
  record: { row: number; values: Record<Key, string> },
): string | null {
  const value = textCell(ctx.errors, record, 'email', { required: true, max: 254 });
  if (!value) return null;
  const email = value.replace(/^mailto:/i, '').toLowerCase();
  const problem = emailError(email);
  if (problem) {
    ctx.errors.add(record.row, 'email', `${problem}: «${value}»`);
    return null;
  }
  return email;
}
