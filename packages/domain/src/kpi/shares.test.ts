import { describe, expect, it } from 'vitest';
import {
  formatShare,
  isShareFlagged,
  kpiFigure,
  kpiStatus,
  NO_DATA_TEXT,
  responseRate,
  roundShare,
  share,
} from './shares.ts';

describe('share', () => {
  it('is 100·n/d, unrounded', () => {
    expect(share(1, 3)).toBeCloseTo(33.3333333333, 9);
    expect(share(705, 1000)).toBe(70.5);
    expect(share(0, 10)).toBe(0);
  });
  it('has no value without a denominator or with a zero one (never 0 %, never an error)', () => {
    expect(share(5, null)).toBeNull();
    expect(share(5, undefined)).toBeNull();
    expect(share(5, 0)).toBeNull();
    expect(share(0, 0)).toBeNull();
  });
  it('is flagged above 100 %, shown as it is', () => {
    expect(share(12, 10)).toBe(120);
    expect(isShareFlagged(share(12, 10))).toBe(true);
    expect(isShareFlagged(share(10, 10))).toBe(false);
    expect(isShareFlagged(share(100_000_001, 100_000_000))).toBe(true);
    expect(isShareFlagged(null)).toBe(false);
  });
  it('gives the response rate the same way', () => {
    expect(responseRate(3, 4)).toBe(75);
    expect(responseRate(0, 0)).toBeNull();
  });
});

describe('kpiStatus', () => {
  it('meets the target at or above it, from the unrounded share', () => {
    expect(kpiStatus(70, 70)).toBe('met');
    expect(kpiStatus(70.01, 70)).toBe('met');
    // 69.96 shows as 70,0 % but is not 70.
    expect(kpiStatus(69.96, 70)).toBe('at_risk');
    expect(kpiStatus(share(6996, 10000), 70)).toBe('at_risk');
  });
  it('is at risk from 80 % of the target', () => {
    expect(kpiStatus(56, 70)).toBe('at_risk');
    expect(kpiStatus(55.99, 70)).toBe('behind');
    // 80 % of 40.3 is 32.24; 0.8 · 40.3 is not exactly that in binary.
    expect(kpiStatus(share(806, 2500), 40.3)).toBe('at_risk');
    expect(kpiStatus(share(805, 2500), 40.3)).toBe('behind');
    expect(kpiStatus(share(3224, 10000), 40.3)).toBe('at_risk');
    // 100·11/1250 = 0.88 = 0.8 · 1.1, yet 0.88 < 1.1 · 4 / 5 in binary.
    expect(kpiStatus(share(11, 1250), 1.1)).toBe('at_risk');
  });
  it('meets a target given with one decimal exactly at it', () => {
    expect(kpiStatus(share(403, 1000), 40.3)).toBe('met');
    expect(kpiStatus(share(1, 3), 33.3)).toBe('met');
    expect(kpiStatus(share(332, 1000), 33.3)).toBe('at_risk');
  });
  it('says when there is no target or no value', () => {
    expect(kpiStatus(50, null)).toBe('no_target');
    expect(kpiStatus(50, undefined)).toBe('no_target');
    expect(kpiStatus(null, 70)).toBe('no_data');
    expect(kpiStatus(null, null)).toBe('no_data');
  });
  it('meets a zero target with any value', () => {
    expect(kpiStatus(0, 0)).toBe('met');
  });
  it('counts a share above 100 % as met', () => {
    expect(kpiStatus(130, 70)).toBe('met');
  });
});

describe('roundShare', () => {
  // The decimal the number stands for is rounded, half away from zero.
  it.each([
    [0.05, 0.1],
    [0.15, 0.2],
    [0.25, 0.3],
    [1.005, 1],
    [2.25, 2.3],
    [2.675, 2.7],
    [4.35, 4.4],
    [12.345, 12.3],
    [12.35, 12.4],
    [70.5, 70.5],
    [99.95, 100],
    [0.04, 0],
    [-0.05, -0.1],
    [-2.25, -2.3],
    [-0.04, 0],
    [0, 0],
    [1e-7, 0],
    [123456.75, 123456.8],
  ])('%d → %d', (x, expected) => {
    expect(roundShare(x)).toBe(expected);
  });
  it('recovers the decimal through float noise', () => {
    expect(0.1 + 0.2 + 0.05).toBe(0.35000000000000003);
    expect(roundShare(0.1 + 0.2 + 0.05)).toBe(0.4);
    expect(roundShare(1.4499999999999997)).toBe(1.5);
    expect(roundShare(100 * 0.0135)).toBe(1.4);
  });
  it('never gives −0', () => {
    expect(Object.is(roundShare(-0.01), 0)).toBe(true);
  });
  it('passes no value through', () => {
    expect(roundShare(null)).toBeNull();
  });
  it('leaves non-finite numbers alone', () => {
    expect(roundShare(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundShare(Number.NaN)).toBeNaN();
  });
});

describe('formatShare', () => {
  it('writes one decimal with a comma and a no-break space before %', () => {
    expect(formatShare(70.5)).toBe('70,5\u00a0%');
    expect(formatShare(70)).toBe('70,0\u00a0%');
    expect(formatShare(share(2, 3))).toBe('66,7\u00a0%');
    expect(formatShare(0.15)).toBe('0,2\u00a0%');
  });
  it('matches what Intl writes for a ru-RU percent', () => {
    const intl = new Intl.NumberFormat('ru-RU', { style: 'percent', minimumFractionDigits: 1 });
    expect(formatShare(70.5)).toBe(intl.format(0.705));
    expect(formatShare(1234.5)).toBe(intl.format(12.345));
  });
  it('shows a share above 100 % as it is', () => {
    expect(formatShare(120)).toBe('120,0\u00a0%');
  });
  it('says "нет данных" without a value', () => {
    expect(formatShare(null)).toBe(NO_DATA_TEXT);
  });
});

describe('kpiFigure', () => {
  it('derives everything from the counts and the target', () => {
    expect(kpiFigure(6996, 10000, 70)).toEqual({
      value: 69.96,
      rounded: 70,
      flagged: false,
      status: 'at_risk',
    });
    expect(kpiFigure(12, 10, 70)).toEqual({ value: 120, rounded: 120, flagged: true, status: 'met' });
    expect(kpiFigure(5, null, 70)).toEqual({ value: null, rounded: null, flagged: false, status: 'no_data' });
  });
});
