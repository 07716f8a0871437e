import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexRows,
  referenceKpis,
  referenceRowKey,
  territoriesOf,
  type ReferenceInput,
  type ReferenceRow,
} from '../../../../tests/support/kpi-reference-core.ts';

/*
 * The laws of KPI.md on random small regions (issue 4): a territory's numerator never
 * exceeds the sum of its children's; adding a participation never lowers a numerator; the
 * same person recorded in two organisations counts once above them. Identity keys come from
 * a small pool, so the same person often turns up in several organisations.
 */

const YEARS = { from: 2019, to: 2025 };
const CATEGORIES = ['student', 'student', 'teacher', 'enterprise_employee', 'parent'] as const;
const STATUSES = ['draft', 'active', 'active', 'completed', 'completed', 'cancelled'] as const;

const date = fc
  .date({ min: new Date('2018-06-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc
  .date({ min: new Date('2018-06-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const role = fc.constantFrom('mentor' as const, 'mentee' as const);
const orderedDates = fc.tuple(date, date).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);

const pairArb = fc.record({
  org: fc.nat(),
  status: fc.constantFrom(...STATUSES),
  dates: orderedDates,
  open: fc.boolean(),
  cancelledAt: date,
});
const memberArb = fc.record({
  pair: fc.nat(),
  person: fc.nat(),
  role,
  ownStart: fc.option(date, { nil: null }),
  ownEnd: fc.option(date, { nil: null }),
});

const regionArb = fc
  .record({
    municipalities: fc.integer({ min: 1, max: 3 }),
    organisations: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
    persons: fc.array(
      fc.record({
        org: fc.nat(),
        key: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null, freq: 8 }),
        birthYear: fc.option(fc.integer({ min: 1998, max: 2016 }), { nil: null, freq: 8 }),
        category: fc.constantFrom(...CATEGORIES),
        careerStartYear: fc.option(fc.integer({ min: 2014, max: 2025 }), { nil: null, freq: 6 }),
        enterprise: fc.constantFrom(null, 'E1', 'E2'),
      }),
      { minLength: 2, maxLength: 14 },
    ),
    pairs: fc.array(pairArb, { minLength: 1, maxLength: 8 }),
    members: fc.array(memberArb, { minLength: 4, maxLength: 30 }),
    responses: fc.array(
      fc.record({
        member: fc.nat(),
        person: fc.nat(),
        anyone: fc.boolean(),
        role,
        at: instant,
        score: fc.integer({ min: 1, max: 10 }),
      }),
      { maxLength: 14 },
    ),
    threshold: fc.integer({ min: 5, max: 9 }),
  })
  .map((g): ReferenceInput => {
    const organisations = g.organisations.map((m, i) => ({
      id: `O${i}`,
      municipalityId: `M${m % g.municipalities}`,
    }));
    const persons = g.persons.map((p, i) => ({
      id: `P${i}`,
      organisationId: organisations[p.org % organisations.length]!.id,
      personKey: p.key === null ? null : `k${p.key}`,
      birthYear: p.birthYear,
      category: p.category,
      careerStartYear: p.careerStartYear,
      enterpriseId: p.enterprise,
    }));
    const pairs = g.pairs.map((p, i) => ({
      id: `Q${i}`,
      organisationId: organisations[p.org % organisations.length]!.id,
      status: p.status,
      startDate: p.dates[0],
      endDate: p.open ? null : p.dates[1],
      cancelledAt: p.status === 'cancelled' ? p.cancelledAt : null,
    }));
    const members: ReferenceInput['members'] = [];
    for (const m of pairs.length > 0 ? g.members : []) {
      const pair = pairs[m.pair % pairs.length]!;
      // Members belong to the pair's organisation, once per pair.
      const own = persons.filter((p) => p.organisationId === pair.organisationId);
      const member = own[m.person % Math.max(1, own.length)];
      if (!member || members.some((x) => x.pairId === pair.id && x.personId === member.id)) continue;
      const [startDate, endDate] =
        m.ownStart && m.ownEnd && m.ownEnd < m.ownStart ? [m.ownEnd, m.ownStart] : [m.ownStart, m.ownEnd];
      members.push({ pairId: pair.id, personId: member.id, role: m.role, startDate, endDate });
    }
    // Mostly participants answering in their role; sometimes anyone, in any role.
    const responses = g.responses.map((r) => {
      const member = members[r.member % Math.max(1, members.length)];
      const [personId, asRole] =
        member && !r.anyone
          ? [member.personId, member.role]
          : [persons[r.person % persons.length]!.id, r.role];
      return { personId, role: asRole, submittedAt: r.at, overallScore: r.score };
    });
    const municipalities = Array.from({ length: g.municipalities }, (_, i) => ({ id: `M${i}` }));
    return {
      regionId: 'R',
      satisfactionThreshold: g.threshold,
      timeZone: 'Europe/Moscow',
      municipalities,
      organisations,
      persons,
      pairs,
      members,
      responses,
      statistics: [],
    };
  });

const COUNTED = ['numerator', 'participants'] as const;
const satisfaction = (r: ReferenceRow) => r.indicator.endsWith('_satisfaction');

describe('KPI laws on the reference', () => {
  it('a territory never counts more than its children together, nor less than any one of them', () => {
    fc.assert(
      fc.property(regionArb, (input) => {
        const all = referenceKpis(input, YEARS);
        const rows = indexRows(all);
        const territories = territoriesOf(input);
        const children = (t: (typeof territories)[number]) =>
          t.type === 'region'
            ? territories.filter((c) => c.type === 'municipality')
            : territories.filter((c) => c.type === 'organisation' && t.organisationIds.has(c.id));
        const violations: string[] = [];
        for (const parent of territories.filter((t) => t.type !== 'organisation')) {
          for (const row of all.filter((r) => r.territoryId === parent.id)) {
            const childRows = children(parent).map((c) =>
              rows.get(`${c.type}:${c.id}:${row.year}:${row.indicator}`)!,
            );
            const fields = satisfaction(row) ? [...COUNTED, 'denominator' as const] : COUNTED;
            for (const field of fields) {
              const value = row[field] ?? 0;
              const values = childRows.map((c) => c[field] ?? 0);
              const sum = values.reduce((a, b) => a + b, 0);
              if (value > sum || values.some((v) => value < v)) {
                violations.push(
                  `${referenceRowKey(row)} ${field}: ${value} vs children ${values.join(', ')}`,
                );
              }
            }
          }
        }
        expect(violations).toEqual([]);
      }),
    );
  });

  it('adding a participation never lowers a numerator (nor respondents, nor participants)', () => {
    fc.assert(
      fc.property(regionArb, pairArb, fc.nat(), role, (input, extra, who, asRole) => {
        const person = input.persons[who % input.persons.length]!;
        const pair = {
          id: 'Q-extra',
          organisationId: person.organisationId,
          status: extra.status,
          startDate: extra.dates[0],
          endDate: extra.open ? null : extra.dates[1],
          cancelledAt: extra.status === 'cancelled' ? extra.cancelledAt : null,
        };
        const member = { pairId: pair.id, personId: person.id, role: asRole, startDate: null, endDate: null };
        const before = indexRows(referenceKpis(input, YEARS));
        const after = referenceKpis(
          { ...input, pairs: [...input.pairs, pair], members: [...input.members, member] },
          YEARS,
        );
        const lowered = after.filter((row) => {
          const old = before.get(referenceRowKey(row))!;
          return (
            row.numerator < old.numerator ||
            (row.participants ?? 0) < (old.participants ?? 0) ||
            (satisfaction(row) && row.denominator! < old.denominator!)
          );
        });
        expect(lowered).toEqual([]);
      }),
    );
  });

  it('the same person recorded in a second organisation counts once above both', () => {
    fc.assert(
      fc.property(regionArb, fc.nat(), fc.nat(), (input, who, where) => {
        const keyed = input.persons.filter((p) => p.personKey !== null);
        fc.pre(keyed.length > 0 && input.organisations.length > 1);
        const original = keyed[who % keyed.length]!;
        const others = input.organisations.filter((o) => o.id !== original.organisationId);
        const target = others[where % others.length]!;
        // The copy: same key and facts, the same participations with the same dates, elsewhere.
        const copy = { ...original, id: `${original.id}-copy`, organisationId: target.id };
        const copied = input.members.filter((m) => m.personId === original.id);
        const pairs = copied.map((m) => ({
          ...input.pairs.find((p) => p.id === m.pairId)!,
          id: `${m.pairId}-copy`,
          organisationId: target.id,
        }));
        const members = copied.map((m) => ({ ...m, pairId: `${m.pairId}-copy`, personId: copy.id }));
        const before = indexRows(referenceKpis(input, YEARS));
        const after = referenceKpis(
          {
            ...input,
            persons: [...input.persons, copy],
            pairs: [...input.pairs, ...pairs],
            members: [...input.members, ...members],
          },
          YEARS,
        );
        const home = input.organisations.find((o) => o.id === original.organisationId)!.municipalityId;
        const above = after.filter(
          (row) =>
            row.territoryType === 'region' ||
            (row.territoryType === 'municipality' &&
              row.territoryId === home &&
              target.municipalityId === home),
        );
        expect(above).toEqual(above.map((row) => before.get(referenceRowKey(row))));
      }),
    );
  });
});
