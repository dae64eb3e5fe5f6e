import { readFileSync } from 'node:fs';
import { fixed, formatTable } from './report-table';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  readonly name: string;
  readonly ms: number;
  /** Of the time the process was not idle. */
  readonly percentOfBusy: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly wallMs: number;
  readonly idlePercent: number;
  /** Self time by package (node_modules/<name>), app code, Node core, GC and V8 builtins. */
  readonly byPackage: readonly ProfileShare[];
  readonly topFunctions: readonly ProfileShare[];
}

/** Self time of a V8 .cpuprofile, grouped by where the code comes from: what the process spent its CPU on. */
export function summarizeCpuProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    // timeDeltas[i] is the time before sample i; sample i's own time is the next delta.
    const delta = profile.timeDeltas[index + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) {
      continue;
    }
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const group = packageOf(frame);
    byPackage.set(group, (byPackage.get(group) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const busy = total - idle;
  const shares = (map: Map<string, number>): ProfileShare[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1_000, percentOfBusy: busy > 0 ? (us / busy) * 100 : 0 }));
  return {
    file,
    wallMs: (profile.endTime - profile.startTime) / 1_000,
    idlePercent: total > 0 ? (idle / total) * 100 : 0,
    byPackage: shares(byPackage),
    topFunctions: shares(byFunction),
  };
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') {
    return functionName.startsWith('(') ? functionName : `V8 builtins (${functionName || 'anonymous'})`;
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) {
    return modules[1];
  }
  if (url.startsWith('node:')) {
    return 'Node core';
  }
  // dist/apps/<app>/ holds the build of the app and of the libs it uses.
  const own = /(?:^|\/)(apps\/[^/]+|libs\/[^/]+)\//.exec(url.replace(/^.*\/dist\/apps\/[^/]+\//, ''));
  return own ? own[1] : url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    return url.slice(modules + 'node_modules/'.length);
  }
  const dist = /\/dist\/apps\/[^/]+\/(.*)$/.exec(url);
  return dist ? dist[1] : url.replace(/^file:\/\//, '');
}

/** A profile's summary as report lines: self time by package, then the top functions. */
export function profileLines(profile: ProfileSummary): string[] {
  return [
    `CPU profile ${profile.file.replace(`${process.cwd()}/`, '')}: ${fixed(profile.wallMs / 1_000, 1)} s, idle ${fixed(profile.idlePercent, 0)}%; self time of the busy part:`,
    formatTable(
      ['by package', 'ms', '% busy'],
      profile.byPackage.map((share) => [share.name, fixed(share.ms, 0), fixed(share.percentOfBusy, 1)]),
    ),
    formatTable(
      ['top functions', 'ms', '% busy'],
      profile.topFunctions.map((share) => [share.name, fixed(share.ms, 0), fixed(share.percentOfBusy, 1)]),
    ),
    '',
  ];
}
