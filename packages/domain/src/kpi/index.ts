export * from './indicators.ts';
export * from './eligibility.ts';
export * from './participation.ts';
export * from './satisfaction.ts';
export * from './shares.ts';
