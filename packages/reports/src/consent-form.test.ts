import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsentFormDocx, renderConsentFormPdf, type ConsentFormData } from './consent-form.ts';
import {
  adultConsent,
  docxContent,
  hasPdftotext,
  minorConsent,
  organisation,
  pdfFonts,
  pdfPageCount,
  pdfText,
  warmTiming,
  warnIfNoPoppler,
} from './test-support.ts';

const poppler = hasPdftotext();
beforeAll(warnIfNoPoppler);

describe('consent form, PDF', () => {
  it('is a PDF with DejaVu Serif embedded and no fallback Helvetica', async () => {
    const pdf = await renderConsentFormPdf(adultConsent);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes('Helvetica')).toBe(false);
    if (poppler) {
      const fonts = pdfFonts(pdf);
      expect(fonts).toMatch(/DejaVuSerif\s/);
      expect(fonts).toMatch(/DejaVuSerif-Bold/);
    }
  });

  it.skipIf(!poppler)(
    'pre-fills an adult’s form, one page, text extracting exactly (pdftotext)',
    async () => {
      const pdf = await renderConsentFormPdf(adultConsent);
      const text = pdfText(pdf);
      expect(pdfPageCount(pdf)).toBe(1);
      expect(text).toContain(organisation.fullName);
      expect(text).toContain('СОГЛАСИЕ на обработку персональных данных');
      expect(text).toContain(
        'Я, Щербакова Юлия Эдуардовна, дата рождения 09.04.1987, категория участника: Педагог,',
      );
      expect(text).toContain('редакция v2-2023');
      expect(text).toContain('Действуя свободно, своей волей и в своём интересе');
      expect(text).toContain('Контактные данные (телефон, адрес электронной почты)');
      expect(text).toContain('ИНН 2617004321');
      expect(text).toContain('Субъект персональных данных:');
      expect(text).toContain('Щербакова Ю. Э.');
      expect(text).toContain('12.03.2026');
      expect(text).toMatch(/подпись.*расшифровка.*дата/);
      expect(text).not.toContain('законным представителем');
    },
  );

  it.skipIf(!poppler)('for a minor leaves blank lines for an unknown representative', async () => {
    const text = pdfText(await renderConsentFormPdf(minorConsent));
    expect(text).toContain('являясь законным представителем (кем приходится: ____________)');
    expect(text).toContain('несовершеннолетнего участника программы наставничества Ёлкин Фёдор Артёмович');
    expect(text).toContain('дата рождения 30.11.2011');
    expect(text).toContain('Законный представитель несовершеннолетнего:');
    expect(text).toContain('Я, ______');
  });

  it.skipIf(!poppler)('names a known representative and blanks a missing birth date', async () => {
    const data: ConsentFormData = {
      ...minorConsent,
      person: { ...minorConsent.person, birthDate: null },
      representative: { fullName: 'Ёлкина Ольга Игоревна', relation: 'мать' },
    };
    const text = pdfText(await renderConsentFormPdf(data));
    expect(text).toContain('Я, Ёлкина Ольга Игоревна, являясь законным представителем (мать)');
    expect(text).toContain('дата рождения ____________');
    expect(text).toContain('Ёлкина О. И.');
  });

  it.skipIf(!poppler)(
    'flows a long text onto more pages and keeps the signature; no categories → «нет»',
    async () => {
      const body = Array.from(
        { length: 40 },
        (_, i) => `Пункт ${i + 1}. ${'Длинный текст согласия. '.repeat(12)}`,
      );
      const data: ConsentFormData = {
        ...adultConsent,
        version: { ...adultConsent.version, body: body.join('\n\n'), categories: [] },
      };
      const pdf = await renderConsentFormPdf(data);
      const text = pdfText(pdf);
      expect(pdfPageCount(pdf)).toBeGreaterThan(2);
      expect(text).toContain('Пункт 40.');
      expect(text).toContain('на обработку которых даётся согласие: нет');
      expect(text).toContain('Щербакова Ю. Э.');
      expect(text).toMatch(/стр\. 1 из \d/);
    },
  );
});

describe('consent form, DOCX', () => {
  it('is a DOCX in Times New Roman with the names and the text', async () => {
    const docx = await renderConsentFormDocx({
      ...minorConsent,
      representative: { fullName: 'Ёлкина Ольга Игоревна', relation: 'мать' },
      date: '2026-03-12',
    });
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const { styles, text } = await docxContent(docx);
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(text).toContain(organisation.fullName);
    expect(text).toContain('Ёлкин Фёдор Артёмович');
    expect(text).toContain('Ёлкина Ольга Игоревна');
    expect(text).toContain('Ёлкина О. И.');
    expect(text).toContain('12.03.2026');
    expect(text).toContain('Сведения об обучении (класс, группа)');
    expect(text).toContain('расшифровка');
  });

  it('renders quickly once warm', async () => {
    expect(await warmTiming(() => renderConsentFormPdf(adultConsent))).toBeLessThan(300);
    expect(await warmTiming(() => renderConsentFormDocx(adultConsent))).toBeLessThan(300);
  });
});
