const DAY_MS = 86_400_000;

export interface TimeRange {
  from: Date;
  to: Date;
}

/** How a range of conversations is read: whole refreshed days from stats_daily, the rest live. */
export interface RollupPlan {
  /** UTC days (YYYY-MM-DD) read from stats_daily. */
  storedDays: string[];
  /** Ranges computed from thread_stats: the partial days at both ends, and days changed since their refresh. */
  liveRanges: TimeRange[];
}

/** Pure: splits [from, to) between stored days and live ranges, adjacent live ranges merged. */
export function planRollup(range: TimeRange, changedDays: ReadonlySet<string>): RollupPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (to <= from) {
    return { storedDays: [], liveRanges: [] };
  }
  const firstWhole = Math.ceil(from / DAY_MS) * DAY_MS;
  const endWhole = Math.floor(to / DAY_MS) * DAY_MS;
  if (firstWhole >= endWhole) {
    return { storedDays: [], liveRanges: [{ from: range.from, to: range.to }] };
  }
  const storedDays: string[] = [];
  const live: Array<[number, number]> = [];
  const addLive = (start: number, end: number): void => {
    const last = live[live.length - 1];
    if (last !== undefined && last[1] === start) {
      last[1] = end;
    } else if (end > start) {
      live.push([start, end]);
    }
  };
  addLive(from, firstWhole);
  for (let day = firstWhole; day < endWhole; day += DAY_MS) {
    const name = dayName(day);
    if (changedDays.has(name)) {
      addLive(day, day + DAY_MS);
    } else {
      storedDays.push(name);
    }
  }
  addLive(endWhole, to);
  return {
    storedDays,
    liveRanges: live.map(([start, end]) => ({ from: new Date(start), to: new Date(end) })),
  };
}

/** The UTC days that overlap [from, to): what GET /analytics/daily lists. */
export function wholeDaysAround(range: TimeRange): TimeRange {
  return {
    from: new Date(Math.floor(range.from.getTime() / DAY_MS) * DAY_MS),
    to: new Date(Math.ceil(range.to.getTime() / DAY_MS) * DAY_MS),
  };
}

export function dayName(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
