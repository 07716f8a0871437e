import { describe, expect, it } from 'vitest';
import {
  activeYears,
  isActiveInYear,
  participationPeriod,
  periodOverlapsYear,
  type ParticipationDates,
} from './participation.ts';

const pair = (over: Partial<ParticipationDates> = {}): ParticipationDates => ({
  pairStatus: 'active',
  pairStart: '2021-09-01',
  pairEnd: '2022-05-31',
  cancelledAt: null,
  ...over,
});

describe('periodOverlapsYear', () => {
  it('includes both ends of the year', () => {
    expect(periodOverlapsYear({ start: '2021-12-31', end: '2022-03-01' }, 2021)).toBe(true);
    expect(periodOverlapsYear({ start: '2020-03-01', end: '2021-01-01' }, 2021)).toBe(true);
    expect(periodOverlapsYear({ start: '2020-03-01', end: '2020-12-31' }, 2021)).toBe(false);
    expect(periodOverlapsYear({ start: '2022-01-01', end: null }, 2021)).toBe(false);
  });
  it('treats an open end as going on', () => {
    expect(periodOverlapsYear({ start: '2020-03-01', end: null }, 2030)).toBe(true);
  });
  it('refuses a year that cannot be compared as an ISO date', () => {
    expect(() => periodOverlapsYear({ start: '2020-03-01', end: null }, 999)).toThrow(RangeError);
  });
});

describe('participationPeriod', () => {
  it('counts a draft nowhere', () => {
    expect(participationPeriod(pair({ pairStatus: 'draft' }))).toBeNull();
    expect(activeYears(pair({ pairStatus: 'draft', pairEnd: null }), 2015, 2030)).toEqual([]);
  });
  it('gives members the group’s dates by default and their own when set', () => {
    expect(participationPeriod(pair())).toEqual({ start: '2021-09-01', end: '2022-05-31' });
    expect(participationPeriod(pair({ memberStart: '2022-02-01' }))).toEqual({
      start: '2022-02-01',
      end: '2022-05-31',
    });
    expect(participationPeriod(pair({ memberEnd: '2021-12-20' }))).toEqual({
      start: '2021-09-01',
      end: '2021-12-20',
    });
  });
  it('spans every year it overlaps; an open pair goes on', () => {
    expect(activeYears(pair(), 2019, 2024)).toEqual([2021, 2022]);
    expect(activeYears(pair({ pairEnd: null }), 2019, 2024)).toEqual([2021, 2022, 2023, 2024]);
  });
  it('counts a completed pair for its dates', () => {
    expect(activeYears(pair({ pairStatus: 'completed' }), 2019, 2024)).toEqual([2021, 2022]);
  });
  it('counts a cancelled pair up to its cancellation date', () => {
    const cancelled = pair({ pairStatus: 'cancelled', pairEnd: '2023-05-31', cancelledAt: '2021-12-15' });
    expect(participationPeriod(cancelled)).toEqual({ start: '2021-09-01', end: '2021-12-15' });
    expect(activeYears(cancelled, 2019, 2024)).toEqual([2021]);
    const openCancelled = pair({ pairStatus: 'cancelled', pairEnd: null, cancelledAt: '2022-01-10' });
    expect(activeYears(openCancelled, 2019, 2024)).toEqual([2021, 2022]);
  });
  it('keeps an earlier own end of a member of a cancelled group', () => {
    const p = pair({ pairStatus: 'cancelled', cancelledAt: '2022-03-01', memberEnd: '2021-11-30' });
    expect(participationPeriod(p)).toEqual({ start: '2021-09-01', end: '2021-11-30' });
  });
  it('counts a pair cancelled before its start nowhere, and one cancelled on its first day for that day', () => {
    expect(participationPeriod(pair({ pairStatus: 'cancelled', cancelledAt: '2021-08-31' }))).toBeNull();
    expect(participationPeriod(pair({ pairStatus: 'cancelled', cancelledAt: '2021-09-01' }))).toEqual({
      start: '2021-09-01',
      end: '2021-09-01',
    });
  });
  it('counts a member who joined after the cancellation nowhere', () => {
    const p = pair({ pairStatus: 'cancelled', cancelledAt: '2021-10-01', memberStart: '2021-11-01' });
    expect(participationPeriod(p)).toBeNull();
  });
  it('counts a cancelled pair without a cancellation date nowhere (the schema forbids it)', () => {
    expect(participationPeriod(pair({ pairStatus: 'cancelled', cancelledAt: null }))).toBeNull();
  });
  it('counts nowhere a member whose own start is after the group’s end', () => {
    expect(participationPeriod(pair({ memberStart: '2022-06-15' }))).toBeNull();
  });
});

describe('isActiveInYear', () => {
  it('joins the period with the year', () => {
    const late = pair({ memberStart: '2022-01-01' });
    expect(isActiveInYear(late, 2021)).toBe(false);
    expect(isActiveInYear(late, 2022)).toBe(true);
    expect(isActiveInYear(pair({ pairStart: '2020-12-31', pairEnd: '2020-12-31' }), 2020)).toBe(true);
    expect(isActiveInYear(pair({ pairStart: '2020-12-31', pairEnd: '2020-12-31' }), 2021)).toBe(false);
  });
});
