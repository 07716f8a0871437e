import { PERSON_CATEGORIES, type PersonCategoryCode } from '@nastavnik/domain';
import type { PersonColumnKey } from './columns.ts';
import type { ImportReferences } from './context.ts';
import { ageRangeText, GIVEN_BY_LABELS, russianDate, type GivenBy } from './parse.ts';

/*
 * A person's values as the cells of the template and the export show them, and as the
 * import report quotes them («what would change»). What is written here, the parsers read
 * back to the same value: that is the round trip export → import.
 */

/** The stored person, as the export and the duplicate report read it. */
export interface StoredPerson {
  id: string;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  birth_date: string | null;
  category: string;
  class_name: string | null;
  snils: string | null;
  phone: string | null;
  email: string | null;
  workplace: string | null;
  position: string | null;
  enterprise_id: string | null;
  career_start_year: number | null;
  competences: string | null;
  life_experience: string | null;
  interests: string | null;
  preferred_age_min: number | null;
  preferred_age_max: number | null;
  time_resource_hours: number | null;
  request_id: string | null;
  request_details: string | null;
}

export interface StoredConsent {
  given_by: GivenBy;
  representative_name: string | null;
  representative_relation: string | null;
  given_at: string;
  version_id: string;
}

/** The consent version as a cell: its title, or its code when two versions share the title. */
export function versionText(refs: ImportReferences, versionId: string): string {
  const v = refs.versionById.get(versionId);
  if (!v) return '';
  const sameTitle = refs.versions.filter((o) => o.title === v.title).length;
  return sameTitle > 1 ? v.code : v.title;
}

/** The text of one column for a stored person and their consent in force. */
export function cellOf(
  key: PersonColumnKey,
  p: StoredPerson,
  consent: StoredConsent | null,
  refs: ImportReferences,
): string | number | null {
  switch (key) {
    case 'lastName':
      return p.last_name;
    case 'firstName':
      return p.first_name;
    case 'middleName':
      return p.middle_name;
    case 'fullName':
      return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ') || null;
    case 'birthDate':
      return p.birth_date ? russianDate(p.birth_date) : null;
    case 'category':
      return PERSON_CATEGORIES[p.category as PersonCategoryCode] ?? p.category;
    case 'className':
      return p.class_name;
    case 'snils':
      return p.snils;
    case 'phone':
      return p.phone;
    case 'email':
      return p.email;
    case 'workplace':
      return p.workplace;
    case 'position':
      return p.position;
    case 'enterpriseInn':
      return p.enterprise_id ? (refs.enterpriseById.get(p.enterprise_id)?.inn ?? null) : null;
    case 'enterpriseName':
      return p.enterprise_id ? (refs.enterpriseById.get(p.enterprise_id)?.name ?? null) : null;
    case 'careerStartYear':
      return p.career_start_year;
    case 'competences':
      return p.competences;
    case 'lifeExperience':
      return p.life_experience;
    case 'interests':
      return p.interests;
    case 'preferredAge':
      return ageRangeText(p.preferred_age_min, p.preferred_age_max) || null;
    case 'timeResource':
      return p.time_resource_hours;
    case 'request':
      return p.request_id ? (refs.requestById.get(p.request_id)?.name ?? null) : null;
    case 'requestDetails':
      return p.request_details;
    case 'consentDate':
      return consent ? russianDate(consent.given_at) : null;
    case 'consentGivenBy':
      return consent ? GIVEN_BY_LABELS[consent.given_by] : null;
    case 'representativeName':
      return consent?.representative_name ?? null;
    case 'representativeRelation':
      return consent?.representative_relation ?? null;
    case 'consentVersion':
      return consent ? versionText(refs, consent.version_id) : null;
  }
}

/** A consent in one line, for the duplicate report. */
export function consentText(c: StoredConsent, refs: ImportReferences): string {
  const who =
    c.given_by === 'self'
      ? GIVEN_BY_LABELS.self
      : [GIVEN_BY_LABELS.representative, c.representative_name, c.representative_relation]
          .filter(Boolean)
          .join(', ');
  return `от ${russianDate(c.given_at)}, ${who} («${versionText(refs, c.version_id)}»)`;
}
