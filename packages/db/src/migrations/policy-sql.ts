/*
 * SQL fragments the RLS policies of every migration share. Every setting is read with
 * NULLIF(current_setting('app.x', true), '') so an unset scope yields NULL and matches nothing.
 */
export const setting = (name: string) => `NULLIF(current_setting('app.${name}', true), '')`;
export const REGION = `${setting('region_id')}::uuid`;
export const ORG = `${setting('organisation_id')}::uuid`;
export const USER = `${setting('user_id')}::uuid`;
export const ROLE = setting('role');
export const IS_REGION_ADMIN = `${ROLE} = 'region_admin'`;

export const enableRls = (table: string) =>
  `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`;
