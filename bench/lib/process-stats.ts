import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

const MB = 1_048_576;

/** A `Vm*` line of /proc/<pid>/status in bytes; undefined where /proc is missing or the process is gone. */
export function readProcStatusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1_024 : undefined;
  } catch {
    return undefined;
  }
}

export interface MemoryReport {
  /** VmRSS when sampling began: the process before any load. */
  readonly startRssMb?: number;
  /** VmHWM: the kernel's own high-water mark, so no peak between two samples is missed. */
  readonly peakRssMb?: number;
  readonly maxSampledRssMb?: number;
  readonly meanSampledRssMb?: number;
}

/** Samples VmRSS while a run lasts and reads VmHWM at the end (call `finish` before the process stops). */
export class RssSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  finish(): MemoryReport {
    clearInterval(this.timer);
    this.sample();
    const peak = readProcStatusBytes(this.pid, 'VmHWM');
    const sum = this.samples.reduce((total, value) => total + value, 0);
    return {
      startRssMb: this.samples.length === 0 ? undefined : this.samples[0] / MB,
      peakRssMb: peak === undefined ? undefined : peak / MB,
      maxSampledRssMb: this.samples.length === 0 ? undefined : Math.max(...this.samples) / MB,
      meanSampledRssMb: this.samples.length === 0 ? undefined : sum / this.samples.length / MB,
    };
  }

  private sample(): void {
    const rss = readProcStatusBytes(this.pid, 'VmRSS');
    if (rss !== undefined) {
      this.samples.push(rss);
    }
  }
}

export interface CpuReport {
  /** Percent of one core per named process (200 = two cores busy), over the measured window. */
  readonly processes: Record<string, number | undefined>;
  /** Percent of the whole machine (all cores) that was busy, whoever used it. */
  readonly machineBusyPercent?: number;
  /** Percent of one core used by processes not named here: other work sharing the machine skews the run. */
  readonly othersPercent?: number;
  readonly cores: number;
}

/**
 * CPU split between the load generator, the server and the broker: on a 2-core machine they compete,
 * and this shows who had the cores. Process ticks are compared with /proc/stat's machine ticks, so the
 * kernel's tick rate never needs to be known.
 */
export class CpuMeter {
  private readonly start: { machine?: MachineTicks; processes: Record<string, number | undefined> };

  constructor(private readonly pids: Readonly<Record<string, number | undefined>>) {
    this.start = this.snapshot();
  }

  finish(): CpuReport {
    const end = this.snapshot();
    const cores = cpus().length;
    const machineTotal =
      end.machine && this.start.machine ? end.machine.total - this.start.machine.total : undefined;
    const machineIdle =
      end.machine && this.start.machine ? end.machine.idle - this.start.machine.idle : undefined;
    const processes: Record<string, number | undefined> = {};
    for (const name of Object.keys(this.pids)) {
      const before = this.start.processes[name];
      const after = end.processes[name];
      processes[name] =
        before === undefined || after === undefined || !machineTotal
          ? undefined
          : ((after - before) / machineTotal) * cores * 100;
    }
    const machineBusyPercent =
      machineTotal && machineIdle !== undefined
        ? ((machineTotal - machineIdle) / machineTotal) * 100
        : undefined;
    const named = Object.values(processes).reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return {
      processes,
      machineBusyPercent,
      othersPercent:
        machineBusyPercent === undefined ? undefined : Math.max(0, machineBusyPercent * cores - named),
      cores,
    };
  }

  private snapshot(): { machine?: MachineTicks; processes: Record<string, number | undefined> } {
    const processes: Record<string, number | undefined> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      processes[name] = pid === undefined ? undefined : processTicks(pid);
    }
    return { machine: machineTicks(), processes };
  }
}

interface MachineTicks {
  total: number;
  idle: number;
}

function machineTicks(): MachineTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
  } catch {
    return undefined;
  }
}

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
