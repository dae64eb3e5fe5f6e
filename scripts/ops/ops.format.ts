import { type EffectSummary, type ParkedRecordView } from '@handover/event-runtime';

const MAX_CELL = 60;

export function effectsTable(effects: readonly EffectSummary[]): string {
  return table(
    ['ID', 'KIND', 'THREAD', 'STATUS', 'ATTEMPTS', 'UNKNOWN', 'FAILED AT', 'LAST ERROR'],
    effects.map((effect) => [
      effect.id,
      effect.kind,
      effect.threadId,
      effect.status,
      String(effect.attempts),
      effect.outcomeUnknown ? 'yes' : 'no',
      time(effect.updatedAt),
      effect.lastError ?? '',
    ]),
    'No effects match.',
  );
}

export function parkedTable(records: readonly ParkedRecordView[]): string {
  return table(
    ['KEY', 'EVENT TYPE', 'THREAD', 'CAUSE', 'STATE', 'PARKED AT', 'REASON'],
    records.map((parked) => [
      parked.key,
      parked.eventType ?? '',
      parked.threadId ?? '',
      parked.cause,
      parked.state,
      time(parked.parkedAt),
      parked.reason,
    ]),
    'No parked records match.',
  );
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, empty: string): string {
  if (rows.length === 0) {
    return `${empty}\n`;
  }
  const cells = rows.map((row) => row.map(cell));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => row[column].length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((value, column) => value.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return `${[headers, ...cells].map(line).join('\n')}\n`;
}

function cell(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

function time(value: Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
