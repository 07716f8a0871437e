import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShare, kpiStatus, roundShare, share, type KpiStatus } from './shares.ts';

const RANK: Record<KpiStatus, number> = { behind: 0, at_risk: 1, met: 2, no_target: -1, no_data: -1 };
const count = fc.integer({ min: 0, max: 2_000_000 });
const denominator = fc.integer({ min: 1, max: 2_000_000 });
// Targets as the database keeps them: numeric(5,1), in tenths.
const target = fc.integer({ min: 0, max: 1000 }).map((tenths) => tenths / 10);

/** Exact one-decimal rounding of 100·n/d, half away from zero, in integers. */
function exactRounded(n: number, d: number): number {
  const [num, den] = [BigInt(n) * 1000n, BigInt(d)];
  const tenths = (2n * num + den) / (2n * den); // floor(num/den + 1/2), n ≥ 0
  return Number(tenths) / 10;
}

describe('status is monotone in the share', () => {
  it('a larger share never has a worse status against the same target', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        target,
        (a, b, t) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(RANK[kpiStatus(low, t)]).toBeLessThanOrEqual(RANK[kpiStatus(high, t)]);
        },
      ),
    );
  });
  it('agrees with the exact rational comparison for counts and one-decimal targets', () => {
    fc.assert(
      fc.property(count, denominator, target, (n, d, t) => {
        const t10 = BigInt(Math.round(t * 10));
        // share ≥ t ⇔ 1000·n ≥ t10·d; share ≥ 0.8·t ⇔ 5000·n ≥ 4·t10·d
        const exact: KpiStatus =
          1000n * BigInt(n) >= t10 * BigInt(d)
            ? 'met'
            : 5000n * BigInt(n) >= 4n * t10 * BigInt(d)
              ? 'at_risk'
              : 'behind';
        expect(kpiStatus(share(n, d), t)).toBe(exact);
      }),
    );
  });
  it('reaches the bound exactly at the bound, despite binary fractions', () => {
    const tenths = fc.integer({ min: 1, max: 1000 });
    const multiple = fc.integer({ min: 1, max: 2000 });
    fc.assert(
      fc.property(tenths, multiple, (t10, m) => {
        // 100·n/d = t exactly when d = 1000·m, n = t10·m; = 0.8·t when d = 1250·m, n = t10·m.
        expect(kpiStatus(share(t10 * m, 1000 * m), t10 / 10)).toBe('met');
        expect(kpiStatus(share(t10 * m, 1250 * m), t10 / 10)).toBe('at_risk');
        expect(kpiStatus(share(t10 * m - 1, 1250 * m), t10 / 10)).toBe('behind');
      }),
      { numRuns: 2000 },
    );
  });
  it('never has a status other than no_data without a value, or no_target without a target', () => {
    fc.assert(
      fc.property(fc.option(target, { nil: null }), (t) => {
        expect(kpiStatus(null, t)).toBe('no_data');
      }),
    );
    fc.assert(
      fc.property(count, denominator, (n, d) => {
        expect(kpiStatus(share(n, d), null)).toBe('no_target');
      }),
    );
  });
});

describe('roundShare on real shares', () => {
  it('equals exact decimal rounding of 100·n/d', () => {
    fc.assert(
      fc.property(count, denominator, (n, d) => {
        expect(roundShare(share(n, d)!)).toBe(exactRounded(n, d));
      }),
    );
  });
  it('hits every exact half: (10k + 5) / 100 rounds up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (k) => {
        expect(roundShare((10 * k + 5) / 100)).toBe((k + 1) / 10);
        expect(roundShare(-(10 * k + 5) / 100)).toBe(-(k + 1) / 10);
      }),
    );
  });
  it('is idempotent, moves a number by at most half a tenth, and formats back to itself', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const r = roundShare(x);
        expect(roundShare(r)).toBe(r);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.05 + 1e-9 * Math.max(1, Math.abs(x)));
        const shown = formatShare(r)
          .replace(/\u00a0/g, '')
          .replace('%', '')
          .replace(',', '.');
        expect(Number(shown)).toBe(r === 0 ? 0 : r);
      }),
    );
  });
});
