import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, Random } from './random.ts';

describe('Random', () => {
  it('repeats a stream for the same seed and label, and differs for another seed or label', () => {
    const draw = (seed: number, label: string) => {
      const rng = new Random(seed, label);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 20 }),
        (seed, min, span) => {
          const rng = new Random(seed);
          const seen = new Set<number>();
          for (let i = 0; i < 400; i++) {
            const x = rng.int(min, min + span);
            expect(x).toBeGreaterThanOrEqual(min);
            expect(x).toBeLessThanOrEqual(min + span);
            seen.add(x);
          }
          if (span <= 5) expect(seen.size).toBe(span + 1);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('makes version-4 UUIDs that do not repeat across organisation streams', () => {
    const seen = new Set<string>();
    for (let org = 0; org < 200; org++) {
      const rng = new Random(2025, `organisation:${org}`);
      for (let i = 0; i < 500; i++) seen.add(rng.uuid());
    }
    expect(seen.size).toBe(200 * 500);
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect([...seen].filter((id) => !shape.test(id))).toEqual([]);
  });

  it('draws dates inside the range, both ends included', () => {
    const rng = new Random(3);
    const dates = new Set(Array.from({ length: 500 }, () => rng.date('2024-02-27', '2024-03-01')));
    expect([...dates].sort()).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('does calendar arithmetic without time-zone drift', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2025-09-01', '2026-05-31')).toBe(272);
  });

  it('weighted() follows the weights', () => {
    const rng = new Random(11);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.88);
    expect(heavy / 10_000).toBeLessThan(0.92);
  });
});
