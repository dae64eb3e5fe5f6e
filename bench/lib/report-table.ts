import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

/** Right-aligns every column but the first, which holds the row names. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

export function thousands(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

export interface TargetCheck {
  readonly name: string;
  readonly value: number | undefined;
  readonly unit: string;
  readonly comparison: '>=' | '<=';
  readonly target: number;
  readonly met: boolean;
}

export function checkTarget(
  name: string,
  value: number | undefined,
  comparison: '>=' | '<=',
  target: number,
  unit = '',
): TargetCheck {
  const met =
    value !== undefined &&
    Number.isFinite(value) &&
    (comparison === '>=' ? value >= target : value <= target);
  return { name, value, unit, comparison, target, met };
}

export function formatTargets(checks: readonly TargetCheck[], digits = 2): string {
  return formatTable(
    ['target', 'measured', 'wanted', 'verdict'],
    checks.map((check) => [
      check.name,
      `${fixed(check.value, digits)}${check.unit}`,
      `${check.comparison === '>=' ? '≥' : '≤'} ${check.target}${check.unit}`,
      check.met ? 'met' : 'MISSED',
    ]),
  );
}

/** Writes figures under the git-ignored test-artifacts folder; returns the path. */
export function writeJsonArtifact(fileName: string, data: unknown): string {
  const dir = join(REPO_ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}
