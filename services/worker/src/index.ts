export * from './handlers.ts';
export type { MailSettings } from './handlers/mail-send.job.ts';
export { createSchedules, startScheduler, type Scheduler } from './scheduler.ts';
export { startKpiRelay, type KpiRelay, type KpiRelayOptions } from './kpi-relay.ts';
