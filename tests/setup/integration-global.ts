import type { TestProject } from 'vitest/node';
import { dropTemplate, prepareTemplate } from '@nastavnik/db/testing';

/** Builds this run's migrated template database once; each test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const template = await prepareTemplate();
  project.provide('templateDb', template);
  console.log(`[integration] template database ${template} migrated in ${Date.now() - started} ms`);
  return () => dropTemplate(template);
}
