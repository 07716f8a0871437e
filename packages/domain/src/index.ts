export * from './categories.ts';
export * from './forms.ts';
export * from './kpi/index.ts';
export * from './person-key.ts';
export * from './validation.ts';
export * from './personal-data.ts';
export * from './consent-texts.ts';
export * from './questionnaires.ts';
