import { describe, expect, it } from 'vitest';
import { checkAnswers, QUESTIONNAIRES } from './questionnaires.ts';

describe('checkAnswers', () => {
  it('reports every required question left empty', () => {
    const { problems } = checkAnswers('mentor', {});
    const required = QUESTIONNAIRES.mentor.questions.filter((q) => q.required).map((q) => q.key);
    expect(Object.keys(problems).sort()).toEqual(required.sort());
  });
  it('keeps valid answers, trims text and drops unknown keys', () => {
    const { clean, problems } = checkAnswers('mentee', {
      request: '  Помощь с математикой ',
      meetingFormat: 'онлайн',
      hacker: 'x',
    });
    expect(problems).toEqual({});
    expect(clean).toEqual({ request: 'Помощь с математикой', meetingFormat: 'онлайн' });
  });
  it('refuses values outside the options and the scale', () => {
    const { problems } = checkAnswers('mentor', {
      experience: 'x',
      strengths: 'x',
      motivation: 'x',
      readiness: 11,
      meetingFrequency: 'каждый час',
      preferredAge: ['5–9 классы', 'пенсионеры'],
      hoursPerMonth: 2.5,
    });
    expect(Object.keys(problems).sort()).toEqual([
      'hoursPerMonth',
      'meetingFrequency',
      'preferredAge',
      'readiness',
    ]);
  });
  it('treats whitespace-only text as no answer', () => {
    expect(checkAnswers('mentee', { request: '   ' }).problems).toHaveProperty('request');
  });
});
