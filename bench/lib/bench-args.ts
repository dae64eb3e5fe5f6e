/** A wrong command line: run.ts prints the usage and exits 2. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export interface IntFlag {
  readonly kind: 'int';
  readonly description: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface BooleanFlag {
  readonly kind: 'boolean';
  readonly description: string;
}

export interface StringFlag {
  readonly kind: 'string';
  readonly description: string;
  readonly default: string;
}

export type FlagSpec = IntFlag | BooleanFlag | StringFlag;

export type ParsedFlags<S extends Record<string, FlagSpec>> = {
  [K in keyof S]: S[K] extends IntFlag ? number : S[K] extends StringFlag ? string : boolean;
};

/** `--name value`, `--name=value` and bare `--name` for booleans; anything else is a usage error. */
export function parseFlags<S extends Record<string, FlagSpec>>(
  args: readonly string[],
  specs: S,
): ParsedFlags<S> {
  const parsed: Record<string, number | boolean | string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    parsed[name] = spec.kind === 'boolean' ? false : spec.default;
  }
  for (let index = 0; index < args.length; index++) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(args[index]);
    const spec = match ? specs[match[1]] : undefined;
    if (!match || !spec) {
      throw new BenchUsageError(`Unknown argument: ${args[index]}`);
    }
    const name = match[1];
    if (spec.kind === 'boolean') {
      if (match[2] !== undefined) {
        throw new BenchUsageError(`--${name} takes no value`);
      }
      parsed[name] = true;
      continue;
    }
    const raw = match[2] ?? args[++index];
    if (spec.kind === 'string') {
      if (raw === undefined) {
        throw new BenchUsageError(`--${name} needs a value`);
      }
      parsed[name] = raw;
      continue;
    }
    const value = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
      throw new BenchUsageError(
        `--${name} must be an integer from ${spec.min} to ${spec.max} (got ${raw ?? 'nothing'})`,
      );
    }
    parsed[name] = value;
  }
  return parsed as ParsedFlags<S>;
}

export function describeFlags(specs: Record<string, FlagSpec>): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const usage =
        spec.kind === 'int' ? `--${name} <n>` : spec.kind === 'string' ? `--${name}=<text>` : `--${name}`;
      const suffix = spec.kind === 'int' ? ` (default ${spec.default})` : '';
      return `  ${usage.padEnd(22)} ${spec.description}${suffix}`;
    })
    .join('\n');
}

/**
 * How the bench was started, and the same run with every flag spelled out (flags left at false are
 * omitted, true ones written bare), for the report's first lines.
 */
export function benchCommandLine(
  bench: string,
  args: readonly string[],
  options: Readonly<Record<string, string | number | boolean>>,
): { invoked: string; explicit: string } {
  const invoked =
    process.env.npm_lifecycle_event === 'bench'
      ? `npm run bench -- ${[bench, ...args].join(' ')}`
      : process.argv.map((part) => part.replace(`${process.cwd()}/`, '')).join(' ');
  const flags = Object.entries(options)
    .filter(([, value]) => value !== false)
    .map(([name, value]) => (value === true ? `--${name}` : `--${name} ${value}`));
  return { invoked, explicit: `npm run bench -- ${bench} ${flags.join(' ')}` };
}
