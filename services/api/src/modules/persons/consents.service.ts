import type { Tx } from '@nastavnik/db';
import { uncoveredFields } from '@nastavnik/domain';
import { AppError } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { filledFields, fromPersonRow } from './person-fields.ts';
import {
  consentInForce,
  consentWithdrawn,
  findPerson,
  hasAnyConsent,
  personErased,
  todayIn,
} from './persons.common.ts';
import {
  consentFieldProblems,
  normaliseConsent,
  notCovering,
  validationFailed,
  type ConsentBodyValues,
} from './persons.rules.ts';

/* Consents of a person: a new one (a newer text version), and its signed scan. */

export const SCAN_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Records a consent. It becomes the consent in force, so it must cover what is already
 * stored about the person. After a withdrawal the person is being erased: no new consent.
 */
export async function addConsent(
  tx: Tx,
  p: Principal,
  personId: string,
  body: ConsentBodyValues,
): Promise<string> {
  const person = await findPerson(tx, p, personId);
  if (person.erased_at) throw personErased();
  if (!(await consentInForce(tx, personId)) && (await hasAnyConsent(tx, personId))) throw consentWithdrawn();
  const consent = normaliseConsent(body);
  const today = await todayIn(tx);
  const { problems, version } = await consentFieldProblems(tx, consent, person.birth_date, today);
  if (problems.length > 0 || !version) throw validationFailed(problems);
  const uncovered = uncoveredFields(filledFields(fromPersonRow(person)), version.categories);
  if (uncovered.length > 0) throw notCovering(uncovered);
  const row = await tx
    .insertInto('consents')
    .values({
      organisation_id: p.organisationId!,
      person_id: personId,
      given_by: consent.givenBy,
      representative_name: consent.representativeName ?? null,
      representative_relation: consent.representativeRelation ?? null,
      given_at: consent.givenAt,
      version_id: consent.versionId,
      created_by: p.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The consent of the person, both of the caller's organisation. One answer whether the
 * person or the consent is missing, so a foreign id in either place looks like a made-up one.
 */
async function consentOf(tx: Tx, p: Principal, personId: string, consentId: string) {
  const missing = () => new AppError(404, 'not_found', 'Согласие не найдено');
  const person = await findPerson(tx, p, personId).catch(() => {
    throw missing();
  });
  const consent = await tx
    .selectFrom('consents')
    .select(['id', 'scan_file_id'])
    .where('id', '=', consentId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!consent) throw missing();
  return { person, consent };
}

/** The name a browser sent, without directories and control characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const printable = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
  return printable.trim().slice(0, 255) || 'скан согласия';
}

const badFile = (message: string) => new AppError(400, 'invalid_file', message, [{ field: 'file', message }]);

/** The type of a scan by its first bytes: what the file is, not what its name says. */
export function scanType(bytes: Buffer): { mime: string; extension: string } | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    return { mime: 'application/pdf', extension: 'pdf' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { mime: 'image/jpeg', extension: 'jpg' };
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mime: 'image/png', extension: 'png' };
  return undefined;
}

/** Stores the signed scan of a consent (replacing an earlier one). */
export async function saveScan(
  tx: Tx,
  p: Principal,
  personId: string,
  consentId: string,
  file: { name: string; bytes: Buffer },
) {
  const { person, consent } = await consentOf(tx, p, personId, consentId);
  if (person.erased_at) throw personErased();
  if (file.bytes.length === 0) throw badFile('Файл пустой');
  if (file.bytes.length > SCAN_MAX_BYTES) throw badFile('Файл больше 10 МБ');
  const type = scanType(file.bytes);
  if (!type) throw badFile('Скан согласия принимается в формате PDF, JPEG или PNG');
  const stored = await tx
    .insertInto('stored_files')
    .values({
      organisation_id: p.organisationId!,
      purpose: 'consent_scan',
      file_name: file.name,
      mime: type.mime,
      size: file.bytes.length,
      bytes: file.bytes,
      created_by: p.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('consents').set({ scan_file_id: stored.id }).where('id', '=', consentId).execute();
  if (consent.scan_file_id)
    await tx.deleteFrom('stored_files').where('id', '=', consent.scan_file_id).execute();
  return { fileId: stored.id, fileName: file.name, mime: type.mime, size: file.bytes.length };
}

export async function readScan(tx: Tx, p: Principal, personId: string, consentId: string) {
  const { consent } = await consentOf(tx, p, personId, consentId);
  const file = consent.scan_file_id
    ? await tx
        .selectFrom('stored_files')
        .select(['id', 'file_name', 'mime', 'bytes'])
        .where('id', '=', consent.scan_file_id)
        .executeTakeFirst()
    : undefined;
  if (!file) throw new AppError(404, 'no_scan', 'Скан согласия не загружен');
  return file;
}
