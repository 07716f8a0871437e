import { sql } from 'kysely';
import type { OrganisationKindCode } from '@nastavnik/domain';
import { chunks, innCell, matchKey, REQUIRED, textCell, type ColumnSpec } from '@nastavnik/imports';
import { KIND_HINT, orgKindOf } from './cells.ts';
import type { ImportContext, ImportOutcome, Importer } from './report.ts';

type Key = 'municipality' | 'name' | 'shortName' | 'kind' | 'inn' | 'address';

export const organisationColumns: ColumnSpec<Key>[] = [
  {
    key: 'municipality',
    header: 'Муниципалитет',
    aliases: ['Муниципальное образование', 'МО'],
    required: true,
  },
  { key: 'name', header: 'Полное наименование', aliases: ['Наименование', 'Название'], required: true },
  {
    key: 'shortName',
    header: 'Краткое наименование',
    aliases: ['Сокращённое наименование', 'Краткое название'],
    required: false,
  },
  { key: 'kind', header: 'Тип', aliases: ['Тип организации', 'Вид организации'], required: true },
  { key: 'inn', header: 'ИНН', aliases: ['ИНН организации'], required: true },
  { key: 'address', header: 'Адрес', aliases: ['Юридический адрес', 'Адрес организации'], required: false },
];

interface OrgValues {
  municipality_id: string;
  name: string;
  short_name: string | null;
  kind: OrganisationKindCode;
  inn: string;
  address: string | null;
}

/**
 * Organisations of the region, upserted by INN: a new INN is created, a known one updated
 * when anything differs, and left alone (skipped) when the file says what the directory
 * already says. A column missing from the file leaves that field as it is.
 */
export const organisationsImporter: Importer<Key> = {
  kind: 'organisations',
  columns: organisationColumns,
  async run(ctx) {
    const planned = await validate(ctx);
    if (ctx.errors.list.length > 0) return { ...countPlan(planned), mailIds: [] };
    await write(ctx, planned);
    return { ...countPlan(planned), mailIds: [] };
  },
};

interface Planned {
  action: 'create' | 'update' | 'skip';
  id?: string;
  values: OrgValues;
}

async function validate(ctx: ImportContext<Key>): Promise<Planned[]> {
  const { tx, table, errors } = ctx;
  const municipalities = new Map<string, string>();
  for (const m of await tx.selectFrom('municipalities').select(['id', 'name']).orderBy('name').execute()) {
    if (!municipalities.has(matchKey(m.name))) municipalities.set(matchKey(m.name), m.id);
  }
  const firstRowOfInn = new Map<string, number>();
  const rows: { row: number; values: OrgValues }[] = [];
  for (const record of table.records) {
    const { row } = record;
    let municipalityId: string | undefined;
    const municipality = record.values.municipality;
    if (!municipality) errors.add(row, 'municipality', REQUIRED);
    else {
      municipalityId = municipalities.get(matchKey(municipality));
      if (!municipalityId) errors.add(row, 'municipality', `Муниципалитет «${municipality}» не найден`);
    }
    const name = textCell(errors, record, 'name', { required: true, max: 300 });
    const shortName = textCell(errors, record, 'shortName', { required: false, max: 120 });
    let kind: OrganisationKindCode | null = null;
    if (!record.values.kind) errors.add(row, 'kind', REQUIRED);
    else {
      kind = orgKindOf(record.values.kind);
      if (!kind) errors.add(row, 'kind', `Неизвестный тип «${record.values.kind}»: ${KIND_HINT}`);
    }
    const inn = innCell(errors, record, 'inn');
    if (inn) {
      const first = firstRowOfInn.get(inn);
      if (first !== undefined) errors.add(row, 'inn', `Повтор ИНН в строке ${first}`);
      else firstRowOfInn.set(inn, row);
    }
    const address = textCell(errors, record, 'address', { required: false, max: 300 });
    if (errors.has(row)) continue;
    rows.push({
      row,
      values: {
        municipality_id: municipalityId!,
        name: name!,
        short_name: shortName,
        kind: kind!,
        inn: inn!,
        address,
      },
    });
  }

  const existing = new Map<string, OrgValues & { id: string }>();
  for (const part of chunks(rows, 1000)) {
    const found = await tx
      .selectFrom('organisations')
      .select(['id', 'municipality_id', 'name', 'short_name', 'kind', 'inn', 'address'])
      .where(
        'inn',
        'in',
        part.map((r) => r.values.inn),
      )
      .execute();
    for (const o of found) existing.set(o.inn, o);
  }
  return rows.map(({ values }) => {
    const current = existing.get(values.inn);
    if (!current) return { action: 'create', values };
    // Optional columns absent from the file keep what the directory has.
    const merged: OrgValues = {
      ...values,
      short_name: ctx.table.present.has('shortName') ? values.short_name : current.short_name,
      address: ctx.table.present.has('address') ? values.address : current.address,
    };
    const same = (Object.keys(merged) as (keyof OrgValues)[]).every((k) => merged[k] === current[k]);
    return { action: same ? 'skip' : 'update', id: current.id, values: merged };
  });
}

function countPlan(planned: Planned[]): Omit<ImportOutcome, 'mailIds'> {
  const count = (a: Planned['action']) => planned.filter((p) => p.action === a).length;
  return { created: count('create'), updated: count('update'), skipped: count('skip') };
}

async function write(ctx: ImportContext<Key>, planned: Planned[]): Promise<void> {
  const { tx, principal } = ctx;
  const creates = planned.filter((p) => p.action === 'create');
  for (const part of chunks(creates, 500)) {
    await tx
      .insertInto('organisations')
      .values(part.map((p) => ({ ...p.values, region_id: principal.regionId })))
      .execute();
  }
  for (const p of planned) {
    if (p.action !== 'update') continue;
    await tx
      .updateTable('organisations')
      .set({ ...p.values, updated_at: sql`now()` })
      .where('id', '=', p.id!)
      .execute();
  }
}
