export * from './catalogue.ts';
export * from './queue.ts';
export * from './schedules.ts';
