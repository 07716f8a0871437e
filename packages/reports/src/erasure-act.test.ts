import { beforeAll, describe, expect, it } from 'vitest';
import { renderErasureActPdf, type ErasureActData } from './erasure-act.ts';
import {
  erasureAct,
  hasPdftotext,
  organisation,
  pdfFonts,
  pdfPageCount,
  pdfText,
  warmTiming,
  warnIfNoPoppler,
} from './test-support.ts';

const poppler = hasPdftotext();
beforeAll(warnIfNoPoppler);

describe('erasure act, PDF', () => {
  it('is a PDF with the serif fonts embedded', async () => {
    const pdf = await renderErasureActPdf(erasureAct);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes('Helvetica')).toBe(false);
    if (poppler) expect(pdfFonts(pdf)).toMatch(/DejaVuSerif-Bold/);
  });

  it.skipIf(!poppler)('states everything the order No 179 asks for (pdftotext)', async () => {
    const text = pdfText(await renderErasureActPdf(erasureAct));
    expect(text).toContain('АКТ № У-2026-0007 об уничтожении персональных данных');
    expect(text).toContain(organisation.fullName);
    expect(text).toContain('с. Степное');
    expect(text).toContain('Субъект персональных данных Щербакова Юлия Эдуардовна');
    expect(text).toContain('— контактные данные (телефон, адрес электронной почты)');
    expect(text).toContain('— СНИЛС');
    expect(text).toContain('удаление записей из базы данных информационной системы «Наставник»');
    expect(text).toContain(
      'отзыв субъектом персональных данных согласия на их обработку (отзыв согласия от 12.03.2026)',
    );
    // 07:30 UTC is 10:30 in Moscow.
    expect(text).toContain('13.03.2026 10:30 (МСК)');
    expect(text).toContain('Громова Анна Сергеевна, куратор программы наставничества');
    expect(text).toContain('— псевдонимный ключ');
    expect(text).toContain('Лицо, уничтожившее персональные данные (куратор программы наставничества):');
    expect(text).toContain('Громова А. С.');
    expect(text).toContain('Ответственный за организацию обработки персональных данных:');
    expect(text).not.toContain('Руководитель организации:');
    expect(text).toMatch(/подпись.*расшифровка.*дата/);
  });

  it.skipIf(!poppler)(
    'names the system when the retention job erased automatically; empty lists print «нет»',
    async () => {
      const data: ErasureActData = {
        ...erasureAct,
        reason: 'retention',
        reasonDetails: null,
        keptForStatistics: [],
        performedBy: { fullName: null, position: null },
      };
      const text = pdfText(await renderErasureActPdf(data));
      expect(text).toContain('Информационная система, автоматически, по истечении срока хранения');
      expect(text).toContain('истечение срока хранения персональных данных после окончания участия');
      expect(text).toContain('для статистической отчётности нет');
      expect(text).not.toContain('Лицо, уничтожившее');
      expect(text).toContain('Руководитель организации:');
    },
  );

  it.skipIf(!poppler)('continues a long list of categories over pages without losing any', async () => {
    const categories = Array.from(
      { length: 120 },
      (_, i) =>
        `категория персональных данных № ${i + 1}, с длинным пояснением, которое переносится на вторую строку`,
    );
    const pdf = await renderErasureActPdf({ ...erasureAct, destroyedCategories: categories });
    const text = pdfText(pdf);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(3);
    for (const n of [1, 37, 60, 119, 120]) expect(text).toContain(`категория персональных данных № ${n},`);
    expect(text).toContain(`стр. ${pages} из ${pages}`);
    expect(text).toContain('Ответственный за организацию обработки персональных данных:');
  });

  it('fits the usual act on one page, signatures included', async () => {
    expect(pdfPageCount(await renderErasureActPdf(erasureAct))).toBe(1);
  });

  it('renders quickly once warm', async () => {
    expect(await warmTiming(() => renderErasureActPdf(erasureAct))).toBeLessThan(300);
  });
});
