export * from './catalogue.ts';
export * from './queue.ts';
