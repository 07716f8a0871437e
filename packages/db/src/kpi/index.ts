export { FIRST_KPI_YEAR, refreshOrganisationFacts, type FactChange, type FactChanges } from './facts.ts';
export { applyFactChanges, type DeltaTarget } from './delta.ts';
export { refreshDenominators, rollupRegion } from './rollup.ts';
export {
  asKpiRole,
  clearOutbox,
  hasPendingWork,
  lockFor,
  organisationLock,
  outboxIds,
  pendingKpiWork,
  regionLock,
  regionYearLock,
  lockSharedFor,
  type PendingKpiWork,
} from './outbox.ts';
export {
  kpiYears,
  recomputeAllRegions,
  recomputeOrganisation,
  recomputeRegion,
  recomputeRegionRollup,
  rollupByYear,
  type FullRecompute,
  type FullRecomputeOptions,
  type OrganisationRecompute,
} from './recompute.ts';
export { kpiOutboxTriggers, type OutboxLevel } from './triggers.ts';
