/**
 * Which sources an emergency covers after a series of switches, applied in the order they were
 * issued. Switches compose:
 * - on, every source: a global emergency;
 * - on, some sources: those sources join the per-source emergency;
 * - off, some sources: those sources leave the per-source emergency; a global emergency stays on
 *   and still covers them (switching B off never ends a global or A's emergency);
 * - off, every source: the master switch, it ends every emergency, global and per source.
 */
export interface EmergencyCoverage {
  global: boolean;
  sourceIds: ReadonlySet<string>;
}

export interface EmergencySwitch {
  active: boolean;
  /** null: every source. */
  sourceIds: readonly string[] | null;
}

export const NO_EMERGENCY: EmergencyCoverage = { global: false, sourceIds: new Set() };

export function applyEmergencySwitch(coverage: EmergencyCoverage, next: EmergencySwitch): EmergencyCoverage {
  if (next.sourceIds === null) {
    return next.active ? { ...coverage, global: true } : NO_EMERGENCY;
  }
  const sourceIds = new Set(coverage.sourceIds);
  next.sourceIds.forEach((id) => (next.active ? sourceIds.add(id) : sourceIds.delete(id)));
  return { global: coverage.global, sourceIds };
}

export function emergencyCoverageOf(switches: Iterable<EmergencySwitch>): EmergencyCoverage {
  let coverage = NO_EMERGENCY;
  for (const next of switches) {
    coverage = applyEmergencySwitch(coverage, next);
  }
  return coverage;
}

/** A thread whose source is unknown is covered only by a global emergency. */
export function emergencyCovers(coverage: EmergencyCoverage, sourceId: string | null): boolean {
  return coverage.global || (sourceId !== null && coverage.sourceIds.has(sourceId));
}

export function isEmergencyActive(coverage: EmergencyCoverage): boolean {
  return coverage.global || coverage.sourceIds.size > 0;
}
