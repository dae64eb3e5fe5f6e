import { type CheckResult, type CheckStatus } from './doctor.result';

/** 0 when nothing FAILs (WARN and SKIP included), 1 otherwise. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === 'FAIL') ? 1 : 0;
}

/**
 * The report a person reads: one line per check (status, what, one sentence), the fix under it,
 * then a one-line verdict. Every secret value given is masked, whatever a sentence happens to quote.
 */
export function formatReport(
  results: readonly CheckResult[],
  options: { target?: string; secrets?: ReadonlyArray<string | undefined> } = {},
): string {
  const width = Math.max(...results.map((result) => result.title.length));
  const indent = ' '.repeat(6 + width + 2);
  const lines = [`handover doctor${options.target ? ` — ${options.target}` : ''}`, ''];
  for (const result of results) {
    lines.push(`${result.status.padEnd(4)}  ${result.title.padEnd(width)}  ${result.sentence}`);
    if (result.fix && result.status !== 'PASS') {
      lines.push(`${indent}→ ${result.fix}`);
    }
  }
  lines.push('', verdict(results));
  return mask(`${lines.join('\n')}\n`, options.secrets ?? []);
}

function verdict(results: readonly CheckResult[]): string {
  const count = (status: CheckStatus) => results.filter((result) => result.status === status).length;
  const tally = (['FAIL', 'WARN', 'SKIP', 'PASS'] as const)
    .map((status) => [status, count(status)] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  if (count('FAIL') > 0) {
    return `${tally}: fix the FAIL lines above, then run the doctor again.`;
  }
  if (count('WARN') > 0) {
    return `${tally}: nothing blocks, but read the WARN lines.`;
  }
  return `${tally}: the configuration works with this platform.`;
}

/** Longest first, so a secret containing another is masked whole. */
function mask(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const values = [...new Set(secrets.filter((s): s is string => s !== undefined && s.trim().length >= 3))];
  return values
    .sort((a, b) => b.length - a.length)
    .reduce((masked, secret) => masked.split(secret).join('***'), text);
}
