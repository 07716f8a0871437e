import { describe, expect, it } from 'vitest';
import { renderSubjectAccessDocx, type SubjectAccessData } from './subject-access.ts';
import { docxContent, organisation, subjectAccess, warmTiming } from './test-support.ts';

describe('subject access export, DOCX', () => {
  it('holds everything the organisation keeps on the person', async () => {
    const docx = await renderSubjectAccessDocx(subjectAccess);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const { xml, styles, text } = await docxContent(docx);
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(text).toContain(organisation.fullName);
    expect(text).toContain('Субъект: Щербакова Юлия Эдуардовна');
    expect(text).toContain('20.03.2026');
    expect(text).toContain('Телефон +7 928 000-00-00');
    expect(text).toContain('Методика преподавания математики; подготовка к олимпиадам');
    expect(text).toContain('Реализация целевой модели наставничества');
    expect(text).toContain('02.09.2024 субъект — v2-2023');
    expect(text).toContain('Анкета наставника (заполнена 10.09.2024)');
    expect(text).toContain('Опыт наставничества Три года, два молодых специалиста');
    expect(text).toContain('Педагог — педагог, 2024–2025 Наставник педагог — педагог 15.09.2024 — идёт');
    expect(text).toContain('20.05.2025 Наставник 8,5');
    // Bordered tables whose header rows repeat on every page.
    expect(xml).toMatch(/<w:tblBorders><w:top w:val="single"/);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('says «нет» for each empty section', async () => {
    const empty: SubjectAccessData = {
      ...subjectAccess,
      person: { fullName: 'Ёлкин Фёдор Артёмович', fields: [] },
      consents: [],
      questionnaires: [],
      participations: [],
      surveys: [],
      purposes: '',
    };
    const { text } = await docxContent(await renderSubjectAccessDocx(empty));
    expect(text).toContain('Ёлкин Фёдор Артёмович');
    expect(text.match(/ нет /g)?.length).toBe(5);
  });

  it('handles long answers and many rows quickly', async () => {
    const long: SubjectAccessData = {
      ...subjectAccess,
      questionnaires: [
        {
          title: 'Анкета наставника',
          filledAt: '2024-09-10',
          answers: Array.from({ length: 300 }, (_, i) => ({
            question: `Вопрос ${i + 1}`,
            answer: 'Развёрнутый ответ. '.repeat(40),
          })),
        },
      ],
    };
    const { text } = await docxContent(await renderSubjectAccessDocx(long));
    expect(text).toContain('Вопрос 300');
    expect(await warmTiming(() => renderSubjectAccessDocx(subjectAccess))).toBeLessThan(300);
  });
});
