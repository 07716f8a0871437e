/*
 * The KPI outbox triggers. Every table whose rows can move an indicator carries three
 * statement-level triggers (INSERT, UPDATE, DELETE: PostgreSQL allows transition tables on
 * single-event triggers only) that note, in the same transaction, which organisations (or
 * which region) the statement touched. Statement-level with transition tables, and once
 * per transaction: an import of 50,000 persons writes one outbox row, not 50,000.
 *
 * A later module that adds a table feeding the KPIs adds it with one line in its migration:
 *   await sql.raw(kpiOutboxTriggers('meetings')).execute(db);
 */

/** An organisation's facts, or for the region: its denominators, or every territory's rollup. */
export type OutboxLevel = 'organisation' | 'statistics' | 'rollup';

/**
 * The SQL that makes `table` write kpi_outbox rows: `organisation` level takes the
 * organisation from `column` (a recompute of that organisation's facts follows); the
 * region levels take the region from `column` (`statistics`: its denominators are read
 * again; `rollup`: every territory's figures are rolled up from the facts again).
 */
export function kpiOutboxTriggers(
  table: string,
  column = 'organisation_id',
  level: OutboxLevel = 'organisation',
): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || !/^[a-z_][a-z0-9_]*$/.test(column)) {
    throw new Error(`Not a plain identifier: ${table}.${column}`);
  }
  const args = `'${level}', '${column}'`;
  return `
CREATE TRIGGER kpi_outbox_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS kpi_new
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_outbox_note(${args});
CREATE TRIGGER kpi_outbox_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS kpi_old NEW TABLE AS kpi_new
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_outbox_note(${args});
CREATE TRIGGER kpi_outbox_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS kpi_old
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_outbox_note(${args});`;
}

/**
 * The generic trigger function. It runs with the writer's rights and under the writer's
 * row-level security: a writer of an organisation's rows is in that organisation's scope,
 * and so sees its organisation's directory row (policy own_row, migration 0007), from which
 * the region is taken. The outbox policy admits exactly these rows (see 0009).
 *
 * One row per organisation (or region) per transaction: the ones already noted are kept in
 * a transaction-local setting. That is enough — the row commits with all the transaction's
 * changes — and a rolled-back savepoint takes its setting change back with its row.
 */
export const KPI_OUTBOX_FUNCTION = `
CREATE FUNCTION kpi_outbox_note() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  level text := TG_ARGV[0];
  col text := TG_ARGV[1];
  memo text := 'kpi.noted_' || level;
  noted uuid[] := coalesce(string_to_array(NULLIF(current_setting(memo, true), ''), ',')::uuid[], '{}');
  touched text;
  ids uuid[];
BEGIN
  touched := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT %I AS x FROM kpi_new', col)
    WHEN 'DELETE' THEN format('SELECT %I AS x FROM kpi_old', col)
    ELSE format('SELECT %I AS x FROM kpi_new UNION SELECT %I FROM kpi_old', col, col)
  END;
  EXECUTE format('SELECT array_agg(DISTINCT t.x) FROM (%s) t WHERE t.x IS NOT NULL AND t.x <> ALL ($1)', touched)
    INTO ids USING noted;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF level = 'organisation' THEN
    INSERT INTO kpi_outbox (region_id, organisation_id)
      SELECT o.region_id, o.id FROM organisations o WHERE o.id = ANY (ids);
  ELSE
    INSERT INTO kpi_outbox (region_id, kind) SELECT unnest(ids), level;
  END IF;
  PERFORM set_config(memo, array_to_string(noted || ids, ','), true);
  RETURN NULL;
END $$;`;
