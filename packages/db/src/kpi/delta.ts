import { sql } from 'kysely';
import type { Tx } from '../scope.ts';
import type { FactChange } from './facts.ts';

/*
 * The incremental rollup: one organisation's fact changes turned into changes of the
 * snapshot figures, in time proportional to the change, not to the region. Runs as the KPI
 * role under the region's rollup lock, right after the organisation's facts were written.
 *
 * Counting distinct subjects by reference: a fact (year, indicator, subject) added to or
 * removed from organisation X moves the count of X by one, of X's municipality only if no
 * other organisation of that municipality has the same fact, of the region only if no other
 * organisation at all has it. One index lookup per changed fact tells which.
 *
 * Satisfaction (5/6) is "active in the territory" × "the person's verdict" (their latest
 * response of the year over the whole region). A change is applied in two steps, so nothing
 * is counted twice: first the activity changes of X, with the verdicts as they were; then
 * the verdicts that X's responses changed, in every territory where the person is active now.
 *
 * The base must be right: every snapshot row to change must exist (a full rollup wrote it).
 * If one is missing (a new year) or a figure would go below zero (the figures drifted from
 * the facts), nothing is written and the caller rolls the affected years up from the facts.
 */

export interface DeltaTarget {
  regionId: string;
  organisationId: string;
  municipalityId: string;
}

interface Holder {
  organisationId: string;
  municipalityId: string;
  score: number | null;
  at: Date | null;
}

interface Verdict {
  score: number;
  at: number;
}

interface Delta {
  tt: string;
  tid: string;
  year: number;
  indicator: string;
  numerator: number;
  denominator: number;
  participants: number;
}

const COUNTED = new Set([
  'mentees_10_19',
  'mentors_15_19',
  'young_teachers_mentored',
  'enterprises_with_mentors',
]);
const roleOf = (indicator: string) => indicator.slice(0, 6) as 'mentee' | 'mentor';
const keyOf = (year: number, indicator: string, subject: string) => `${year}|${indicator}|${subject}`;

/** The latest response; at the same instant the higher score (packages/domain satisfaction.ts). */
function latest(candidates: { score: number | null; at: Date | null }[]): Verdict | null {
  let best: Verdict | null = null;
  for (const c of candidates) {
    if (c.score === null || c.at === null) continue;
    const v = { score: c.score, at: new Date(c.at).getTime() };
    if (!best || v.at > best.at || (v.at === best.at && v.score > best.score)) best = v;
  }
  return best;
}

/** Who holds these facts now (after X's write), every organisation of the region included. */
async function holdersOf(tx: Tx, regionId: string, keys: Map<string, [number, string, string]>) {
  const list = [...keys.values()];
  const holders = new Map<string, Holder[]>();
  if (list.length === 0) return holders;
  const { rows } = await sql<{
    year: number;
    indicator: string;
    subject: string;
    organisation_id: string;
    municipality_id: string;
    score: number | null;
    scored_at: Date | null;
  }>`
    SELECT f.year, f.indicator, f.subject, f.organisation_id, o.municipality_id, f.score, f.scored_at
      FROM unnest(${list.map((k) => k[0])}::int[], ${list.map((k) => k[1])}::text[],
                  ${list.map((k) => k[2])}::text[]) AS k(year, indicator, subject)
      JOIN kpi_facts f ON f.region_id = ${regionId} AND f.year = k.year
                      AND f.indicator = k.indicator AND f.subject = k.subject
      JOIN organisations o ON o.id = f.organisation_id`.execute(tx);
  for (const r of rows) {
    const key = keyOf(r.year, r.indicator, r.subject);
    const entry = {
      organisationId: r.organisation_id,
      municipalityId: r.municipality_id,
      score: r.score,
      at: r.scored_at,
    };
    holders.set(key, [...(holders.get(key) ?? []), entry]);
  }
  return holders;
}

/** The snapshot changes for one organisation's fact changes (pure, given the lookups). */
function deltasFor(
  target: DeltaTarget,
  changes: FactChange[],
  holders: Map<string, Holder[]>,
  threshold: number,
): { deltas: Map<string, Delta>; organisations: Set<string> } {
  const { regionId, organisationId: X, municipalityId: M } = target;
  const deltas = new Map<string, Delta>();
  const organisations = new Set([X]);
  const add = (tt: string, tid: string, year: number, indicator: string, d: Partial<Delta>) => {
    const k = `${tt}|${tid}|${year}|${indicator}`;
    const cur = deltas.get(k) ?? { tt, tid, year, indicator, numerator: 0, denominator: 0, participants: 0 };
    cur.numerator += d.numerator ?? 0;
    cur.denominator += d.denominator ?? 0;
    cur.participants += d.participants ?? 0;
    deltas.set(k, cur);
  };
  const holdersAt = (year: number, indicator: string, subject: string) =>
    holders.get(keyOf(year, indicator, subject)) ?? [];
  const responseChange = new Map(
    changes
      .filter((c) => c.indicator.endsWith('_response'))
      .map((c) => [keyOf(c.year, c.indicator, c.subject), c]),
  );
  /** The verdict before X's write: others' responses as they are, X's as it was. */
  const verdictBefore = (year: number, role: string, subject: string) => {
    const key = keyOf(year, `${role}_response`, subject);
    const own = responseChange.get(key);
    const all = holdersAt(year, `${role}_response`, subject);
    if (!own) return latest(all);
    const others = all.filter((h) => h.organisationId !== X);
    return latest(own.had ? [...others, { score: own.oldScore, at: own.oldAt }] : others);
  };
  const satisfied = (v: Verdict | null) => (v !== null && v.score >= threshold ? 1 : 0);

  // Step 1: X's facts appearing or disappearing (verdicts as they were).
  for (const c of changes) {
    if (c.had === c.has || c.indicator.endsWith('_response')) continue;
    const sign = c.has ? 1 : -1;
    const others = holdersAt(c.year, c.indicator, c.subject).filter((h) => h.organisationId !== X);
    const territories: [string, string][] = [['organisation', X]];
    if (!others.some((h) => h.municipalityId === M)) territories.push(['municipality', M]);
    if (others.length === 0) territories.push(['region', regionId]);
    for (const [tt, tid] of territories) {
      if (COUNTED.has(c.indicator)) {
        add(tt, tid, c.year, c.indicator, { numerator: sign });
        continue;
      }
      const role = roleOf(c.indicator);
      const v = verdictBefore(c.year, role, c.subject);
      add(tt, tid, c.year, `${role}_satisfaction`, {
        participants: sign,
        denominator: v ? sign : 0,
        numerator: sign * satisfied(v),
      });
    }
  }

  // Step 2: verdicts X's responses changed, wherever the person is active now.
  for (const c of responseChange.values()) {
    const role = roleOf(c.indicator);
    const before = verdictBefore(c.year, role, c.subject);
    const after = latest(holdersAt(c.year, c.indicator, c.subject));
    const denominator = (after ? 1 : 0) - (before ? 1 : 0);
    const numerator = satisfied(after) - satisfied(before);
    if (denominator === 0 && numerator === 0) continue;
    const active = holdersAt(c.year, `${role}_active`, c.subject);
    if (active.length === 0) continue;
    const indicator = `${role}_satisfaction`;
    for (const org of new Set(active.map((h) => h.organisationId))) {
      organisations.add(org);
      add('organisation', org, c.year, indicator, { numerator, denominator });
    }
    for (const m of new Set(active.map((h) => h.municipalityId)))
      add('municipality', m, c.year, indicator, { numerator, denominator });
    add('region', regionId, c.year, indicator, { numerator, denominator });
  }
  return { deltas, organisations };
}

/**
 * Applies X's fact changes to kpi_snapshots. Returns the organisations whose rows were
 * concerned and whether it could apply them (false: nothing written, roll up instead).
 */
export async function applyFactChanges(
  tx: Tx,
  target: DeltaTarget,
  changes: FactChange[],
): Promise<{ applied: boolean; organisations: string[] }> {
  const keys = new Map<string, [number, string, string]>();
  const need = (year: number, indicator: string, subject: string) =>
    keys.set(keyOf(year, indicator, subject), [year, indicator, subject]);
  for (const c of changes) {
    need(c.year, c.indicator, c.subject);
    if (c.indicator.endsWith('_active')) need(c.year, `${roleOf(c.indicator)}_response`, c.subject);
    if (c.indicator.endsWith('_response')) need(c.year, `${roleOf(c.indicator)}_active`, c.subject);
  }
  const { rows: settings } = await sql<{ threshold: number }>`
    SELECT satisfaction_threshold AS threshold FROM regions WHERE id = ${target.regionId}`.execute(tx);
  const holders = await holdersOf(tx, target.regionId, keys);
  const { deltas, organisations } = deltasFor(target, changes, holders, settings[0]!.threshold);

  // Every row of every territory concerned, for the years that changed: all must exist.
  const years = [...new Set(changes.map((c) => c.year))];
  const territories = new Map<string, string>([
    [target.organisationId, 'organisation'],
    [target.municipalityId, 'municipality'],
    [target.regionId, 'region'],
  ]);
  for (const d of deltas.values()) territories.set(d.tid, d.tt);
  const ids = [...territories.keys()];
  const types = ids.map((id) => territories.get(id)!);
  // By (territory_type, territory_id): the primary key's order, so these are index lookups.
  const touched = sql`(SELECT t.tt, t.tid, y.year FROM unnest(${types}::text[], ${ids}::uuid[]) AS t(tt, tid)
                        CROSS JOIN unnest(${years}::int[]) AS y(year)) AS k`;
  const { rows: present } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${touched}
      JOIN kpi_snapshots s ON s.territory_type = k.tt AND s.territory_id = k.tid AND s.year = k.year`.execute(
    tx,
  );
  if (present[0]!.n !== ids.length * years.length * 6)
    return { applied: false, organisations: [...organisations] };

  const list = [...deltas.values()].filter((d) => d.numerator || d.denominator || d.participants);
  if (list.length > 0) {
    const updated = await sql`
      UPDATE kpi_snapshots s SET
        numerator = s.numerator + d.numerator,
        denominator = CASE WHEN d.denominator = 0 THEN s.denominator ELSE s.denominator + d.denominator END,
        participants = CASE WHEN d.participants = 0 THEN s.participants ELSE s.participants + d.participants END
        FROM unnest(${list.map((d) => d.tt)}::text[], ${list.map((d) => d.tid)}::uuid[],
                    ${list.map((d) => d.year)}::int[], ${list.map((d) => d.indicator)}::text[],
                    ${list.map((d) => d.numerator)}::int[], ${list.map((d) => d.denominator)}::int[],
                    ${list.map((d) => d.participants)}::int[])
             AS d(tt, tid, year, indicator, numerator, denominator, participants)
       WHERE s.territory_type = d.tt AND s.territory_id = d.tid AND s.year = d.year AND s.indicator = d.indicator
         AND s.numerator + d.numerator >= 0
         AND (d.denominator = 0 OR s.denominator + d.denominator >= 0)
         AND (d.participants = 0 OR s.participants + d.participants >= 0)`.execute(tx);
    // A figure that would go below zero: the snapshots drifted from the facts. The caller
    // rolls up (and overwrites whatever was updated here).
    if (Number(updated.numAffectedRows) !== list.length)
      return { applied: false, organisations: [...organisations] };
  }
  await sql`
    UPDATE kpi_snapshots s SET computed_at = now() FROM ${touched}
     WHERE s.territory_type = k.tt AND s.territory_id = k.tid AND s.year = k.year`.execute(tx);
  return { applied: true, organisations: [...organisations] };
}
