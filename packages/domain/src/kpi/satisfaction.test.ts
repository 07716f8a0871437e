import { describe, expect, it } from 'vitest';
import {
  isSatisfied,
  latestResponsesInYear,
  responderKey,
  satisfactionCounts,
  yearInTimeZone,
  type KeyedResponse,
} from './satisfaction.ts';

describe('yearInTimeZone', () => {
  it('takes the year in the region’s zone, not UTC', () => {
    // 31 Dec 22:00 UTC is already 1 January in Moscow (UTC+3) and still 31 December in London.
    expect(yearInTimeZone('2024-12-31T22:00:00Z', 'Europe/Moscow')).toBe(2025);
    expect(yearInTimeZone('2024-12-31T20:59:59Z', 'Europe/Moscow')).toBe(2024);
    expect(yearInTimeZone('2024-12-31T21:00:00Z', 'Europe/Moscow')).toBe(2025);
    expect(yearInTimeZone(new Date('2024-12-31T22:00:00Z'), 'Europe/London')).toBe(2024);
    // Far east: Kamchatka is UTC+12.
    expect(yearInTimeZone('2024-12-31T12:00:00Z', 'Asia/Kamchatka')).toBe(2025);
  });
  it('refuses an unknown zone or an invalid date', () => {
    expect(() => yearInTimeZone('2024-06-01T00:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => yearInTimeZone('not a date', 'Europe/Moscow')).toThrow(RangeError);
  });
});

describe('isSatisfied', () => {
  it('is at or above the threshold (default 7)', () => {
    expect(isSatisfied(6)).toBe(false);
    expect(isSatisfied(7)).toBe(true);
    expect(isSatisfied(10)).toBe(true);
    expect(isSatisfied(7, 8)).toBe(false);
    expect(isSatisfied(8, 8)).toBe(true);
  });
});

const r = (key: string, role: 'mentor' | 'mentee', submittedAt: string, overallScore: number) =>
  ({ key, role, submittedAt, overallScore }) satisfies KeyedResponse;

describe('latestResponsesInYear', () => {
  const responses = [
    r('a', 'mentee', '2024-03-01T09:00:00Z', 9),
    r('a', 'mentee', '2024-11-01T09:00:00Z', 4),
    r('a', 'mentor', '2024-05-01T09:00:00Z', 8),
    // Submitted on New Year's night in Moscow: a 2025 response, not the latest of 2024.
    r('a', 'mentee', '2024-12-31T21:30:00Z', 10),
    r('b', 'mentee', '2023-06-01T09:00:00Z', 10),
  ];
  it('keeps one response per person and role: the latest of the year', () => {
    const latest = latestResponsesInYear(responses, 2024, 'Europe/Moscow');
    expect([...latest.keys()].sort()).toEqual([responderKey('a', 'mentee'), responderKey('a', 'mentor')]);
    expect(latest.get(responderKey('a', 'mentee'))?.overallScore).toBe(4);
    expect(latest.get(responderKey('a', 'mentor'))?.overallScore).toBe(8);
  });
  it('uses the region’s zone for the year boundary', () => {
    expect(latestResponsesInYear(responses, 2025, 'Europe/Moscow').get('mentee|a')?.overallScore).toBe(10);
    expect(latestResponsesInYear(responses, 2024, 'UTC').get('mentee|a')?.overallScore).toBe(10);
  });
  it('breaks a tie at the same instant by the higher score, whatever the order', () => {
    const tie = [r('c', 'mentor', '2024-05-01T09:00:00Z', 3), r('c', 'mentor', '2024-05-01T09:00:00Z', 9)];
    expect(latestResponsesInYear(tie, 2024, 'UTC').get('mentor|c')?.overallScore).toBe(9);
    expect(latestResponsesInYear(tie.reverse(), 2024, 'UTC').get('mentor|c')?.overallScore).toBe(9);
  });
});

describe('satisfactionCounts', () => {
  const latest = latestResponsesInYear(
    [
      r('a', 'mentee', '2024-03-01T09:00:00Z', 7),
      r('b', 'mentee', '2024-03-01T09:00:00Z', 6),
      r('c', 'mentor', '2024-03-01T09:00:00Z', 10),
      r('d', 'mentee', '2024-03-01T09:00:00Z', 10),
    ],
    2024,
    'Europe/Moscow',
  );
  it('counts participants who responded, and the satisfied among them', () => {
    // c responded as a mentor only; d responded but took no part here; e took part but did not respond.
    const counts = satisfactionCounts(new Set(['a', 'b', 'c', 'e']), 'mentee', latest);
    expect(counts).toEqual({ satisfied: 1, respondents: 2, participants: 4 });
  });
  it('applies the region’s threshold', () => {
    expect(satisfactionCounts(new Set(['a', 'b']), 'mentee', latest, 6).satisfied).toBe(2);
  });
  it('reads the role apart', () => {
    expect(satisfactionCounts(new Set(['a', 'c']), 'mentor', latest)).toEqual({
      satisfied: 1,
      respondents: 1,
      participants: 2,
    });
  });
});
