/** FAIL makes the doctor exit 1; WARN is worth reading but the configuration can run. */
export type CheckStatus = 'PASS' | 'WARN' | 'FAIL' | 'SKIP';

export interface CheckResult {
  /** What was checked, e.g. `AGENT category` or `source 5be1…`. */
  title: string;
  status: CheckStatus;
  /** One plain sentence: what was found. */
  sentence: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
}
