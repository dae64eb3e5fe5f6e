import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * CPU of every process named `postgres` (server and backends, including ones that start later),
 * as percent of one core, over the same machine ticks lib/process-stats uses. Undefined where /proc
 * does not show them (a remote server). On a shared machine this includes other users' queries.
 */
export class PostgresCpuMeter {
  private readonly start: { machine: number; processes: Map<number, number> } | undefined;

  constructor() {
    this.start = snapshot();
  }

  finish(): number | undefined {
    const end = snapshot();
    if (!this.start || !end || end.machine <= this.start.machine) {
      return undefined;
    }
    if (end.processes.size === 0 && this.start.processes.size === 0) {
      return undefined;
    }
    let ticks = 0;
    for (const [pid, after] of end.processes) {
      ticks += after - (this.start.processes.get(pid) ?? 0);
    }
    return (ticks / (end.machine - this.start.machine)) * cpus().length * 100;
  }
}

function snapshot(): { machine: number; processes: Map<number, number> } | undefined {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const processes = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name === 'postgres') {
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          processes.set(Number(entry), Number(fields[11]) + Number(fields[12]));
        }
      } catch {
        // Gone between the listing and the read.
      }
    }
    return { machine: user + nice + system + idle + iowait + irq + softirq + steal, processes };
  } catch {
    return undefined;
  }
}
