import { prepareTemplate } from '@nastavnik/db/testing';

/** Builds the migrated template database once per run; each test file clones it. */
export default async function setup(): Promise<void> {
  const started = Date.now();
  await prepareTemplate();
  console.log(`[integration] template database migrated in ${Date.now() - started} ms`);
}
