import type { Tx } from '@nastavnik/db';
import {
  DATA_CATEGORIES,
  isMinorAt,
  PERSON_CATEGORIES,
  QUESTIONNAIRES,
  type DataCategory,
  type QuestionnaireKind,
} from '@nastavnik/domain';
import {
  formatDate,
  renderConsentFormDocx,
  renderConsentFormPdf,
  renderSubjectAccessDocx,
  type SubjectAccessData,
} from '@nastavnik/reports';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { PERSON_FIELD_LABELS } from './person-fields.ts';
import { personCard, type PersonCardView } from './persons.card.ts';
import { consentInForce, findPerson, organisationHeader, personErased, todayIn } from './persons.common.ts';
import { consentVersion } from './persons.rules.ts';

/* Documents about a person: the consent form to sign, the subject access answer, the erasure act. */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';

export interface DocumentFile {
  fileName: string;
  asciiFileName: string;
  mime: string;
  bytes: Buffer;
}

const BLANK_LINE = '________________________________________';
const categoryLabels = (codes: string[]) => codes.map((c) => DATA_CATEGORIES[c as DataCategory] ?? c);

/** The version asked for, or the person's consent in force's, or the newest one in use. */
async function versionFor(tx: Tx, versionId: string | undefined, personId?: string) {
  if (versionId) {
    const v = await consentVersion(tx, versionId);
    if (!v) throw invalid('versionId', 'Редакция текста согласия не найдена или выведена из употребления');
    return v;
  }
  const current = personId ? await consentInForce(tx, personId) : undefined;
  if (current) return (await consentVersion(tx, current.version_id)) ?? newest(tx);
  return newest(tx);
}

async function newest(tx: Tx) {
  const v = await tx
    .selectFrom('consent_text_versions')
    .select('id')
    .where('archived', '=', false)
    .orderBy('valid_from', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return (await consentVersion(tx, v.id))!;
}

/** The consent form, pre-filled for one person, or blank (personId null) to print before entry. */
export async function consentForm(
  tx: Tx,
  p: Principal,
  personId: string | null,
  args: { format?: 'docx' | 'pdf'; versionId?: string },
): Promise<DocumentFile> {
  const format = args.format ?? 'docx';
  const person = personId ? await findPerson(tx, p, personId) : undefined;
  if (person?.erased_at) throw personErased();
  const version = await versionFor(tx, args.versionId, person?.id);
  const today = await todayIn(tx);
  const current = person ? await consentInForce(tx, person.id) : undefined;
  let representative: { fullName: string | null; relation: string | null } | null = null;
  if (current?.given_by === 'representative') {
    representative = { fullName: current.representative_name, relation: current.representative_relation };
  } else if (person?.birth_date && isMinorAt(person.birth_date, today)) {
    representative = { fullName: null, relation: null };
  }
  const name = person
    ? [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(' ')
    : '';
  const data = {
    organisation: await organisationHeader(tx, p),
    person: person
      ? { fullName: name, birthDate: person.birth_date, category: PERSON_CATEGORIES[person.category] }
      : { fullName: BLANK_LINE, birthDate: null, category: '____________' },
    representative,
    version: {
      code: version.code,
      title: version.title,
      body: version.body,
      categories: categoryLabels(version.categories),
    },
    date: null,
  };
  const bytes = format === 'pdf' ? await renderConsentFormPdf(data) : await renderConsentFormDocx(data);
  const base = person ? `Согласие на обработку ПДн — ${name}` : 'Согласие на обработку ПДн (бланк)';
  return {
    fileName: `${base}.${format}`,
    asciiFileName: `consent-form.${format}`,
    mime: format === 'pdf' ? PDF_MIME : DOCX_MIME,
    bytes,
  };
}

const ROLE_LABELS = { mentor: 'наставник', mentee: 'наставляемый' } as const;
const STATUS_LABELS: Record<string, string> = {
  draft: 'формируется',
  active: 'действует',
  completed: 'завершена',
  cancelled: 'отменена',
};
const PURPOSES =
  'Реализация целевой модели наставничества: формирование баз наставников и наставляемых, подбор ' +
  'наставнических пар и групп, организация их работы, мониторинг и оценка результатов программы, ' +
  'подготовка обезличенной отчётности.';

const answerText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v));

function personFields(card: PersonCardView): { label: string; value: string }[] {
  const L = PERSON_FIELD_LABELS;
  const rows: [string, string | number | null][] = [
    [L.category, PERSON_CATEGORIES[card.category as keyof typeof PERSON_CATEGORIES] ?? card.category],
    [L.birthDate, formatDate(card.birthDate)],
    [L.email, card.email],
    [L.phone, card.phone],
    [L.snils, card.snils],
    [L.className, card.className],
    [L.enterpriseId, card.enterpriseName],
    [L.workplace, card.workplace],
    [L.position, card.position],
    [L.careerStartYear, card.careerStartYear],
    [L.competences, card.competences],
    [L.lifeExperience, card.lifeExperience],
    [L.interests, card.interests],
    [L.preferredAgeMin, card.preferredAgeMin],
    [L.preferredAgeMax, card.preferredAgeMax],
    [L.timeResourceHours, card.timeResourceHours],
    [L.requestId, card.requestName],
    [L.requestDetails, card.requestDetails],
    [
      'Базы',
      [card.inMentorBase && 'база наставников', card.inMenteeBase && 'база наставляемых']
        .filter(Boolean)
        .join(', '),
    ],
  ];
  return rows.map(([label, value]) => ({ label, value: value == null ? '' : String(value) }));
}

/** Everything held on the person (152-ФЗ, art. 14), as a DOCX. */
export async function subjectAccess(tx: Tx, p: Principal, personId: string): Promise<DocumentFile> {
  const card = await personCard(tx, p, personId);
  if (card.erased) throw personErased();
  const data: SubjectAccessData = {
    organisation: await organisationHeader(tx, p),
    generatedAt: new Date().toISOString(),
    person: { fullName: card.fullName, fields: personFields(card) },
    consents: card.consents.map((c) => ({
      givenAt: c.givenAt,
      givenBy: c.givenBy === 'self' ? 'субъект' : 'законный представитель',
      representative: c.representativeName
        ? `${c.representativeName}${c.representativeRelation ? ` (${c.representativeRelation})` : ''}`
        : null,
      version: `${c.version.title} (${c.version.code})`,
      withdrawnAt: c.withdrawnAt,
    })),
    questionnaires: card.questionnaires.map((q) => {
      const definition = QUESTIONNAIRES[q.kind as QuestionnaireKind];
      const known = new Set(definition.questions.map((x) => x.key));
      return {
        title: definition.title,
        filledAt: q.submittedAt,
        answers: [
          ...definition.questions
            .filter((x) => q.answers[x.key] !== undefined)
            .map((x) => ({ question: x.label, answer: answerText(q.answers[x.key]) })),
          ...Object.entries(q.answers)
            .filter(([key]) => !known.has(key))
            .map(([key, value]) => ({ question: key, answer: answerText(value) })),
        ],
      };
    }),
    participations: card.participations.map((x) => ({
      programme: `${x.programmeTitle} (${x.schoolYear}/${x.schoolYear + 1})`,
      role: ROLE_LABELS[x.role as keyof typeof ROLE_LABELS] ?? x.role,
      form: x.formName,
      start: x.startDate,
      end: x.endDate,
      status: STATUS_LABELS[x.pairStatus] ?? x.pairStatus,
    })),
    surveys: card.surveys.map((s) => ({
      submittedAt: s.submittedAt,
      role: ROLE_LABELS[s.role as keyof typeof ROLE_LABELS] ?? s.role,
      overallScore: s.overallScore,
    })),
    purposes: PURPOSES,
  };
  return {
    fileName: `Сведения о персональных данных — ${card.fullName}.docx`,
    asciiFileName: 'subject-access.docx',
    mime: DOCX_MIME,
    bytes: await renderSubjectAccessDocx(data),
  };
}

/** The erasure act the job stored; 404 'not_erased' until there is one. */
export async function erasureAct(tx: Tx, p: Principal, personId: string): Promise<DocumentFile> {
  const person = await findPerson(tx, p, personId);
  const file = person.erasure_act_file_id
    ? await tx
        .selectFrom('stored_files')
        .select(['file_name', 'mime', 'bytes'])
        .where('id', '=', person.erasure_act_file_id)
        .executeTakeFirst()
    : undefined;
  if (!file)
    throw new AppError(404, 'not_erased', 'Акт об уничтожении персональных данных ещё не сформирован');
  return { fileName: file.file_name, asciiFileName: 'erasure-act.pdf', mime: file.mime, bytes: file.bytes };
}
