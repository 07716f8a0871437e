export * from './handlers.ts';
export type { MailSettings } from './handlers/mail-send.job.ts';
