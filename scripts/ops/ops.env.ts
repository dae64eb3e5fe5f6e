import { userInfo } from 'node:os';
import { ToInt } from '@handover/config';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

type Env = Record<string, string | undefined>;

/** What `npm run ops` reads, named as the apps name it (Kafka's variables are KafkaEnv's). */
export class OpsEnv {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsOptional()
  @IsString()
  OPS_ACTOR?: string = undefined;

  /** The apps' own value: how long consumers remember event ids, which bounds a parked retry. */
  @ToInt()
  @IsInt()
  @Min(86_400_000, { message: 'LEDGER_RETENTION_MS must be at least one day' })
  LEDGER_RETENTION_MS: number = 7 * 86_400_000;
}

/** OPS_ACTOR, else the OS user: who the audit table names. */
export function actorOf(env: Readonly<OpsEnv>, fallback: Env): string {
  const actor = env.OPS_ACTOR?.trim() || osUser() || fallback.USER?.trim();
  if (!actor) {
    throw new Error('Set OPS_ACTOR: the OS user has no name here, and every action names who did it');
  }
  return actor;
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // A container's user may have no passwd entry.
  }
}

/** Values never to print: the database URL (it may hold a password) and Kafka's password. */
export function secretsOf(env: Env): string[] {
  const secrets = [env.DATABASE_URL, env.KAFKA_SASL_PASSWORD];
  try {
    const password = env.DATABASE_URL ? new URL(env.DATABASE_URL).password : '';
    secrets.push(password ? decodeURIComponent(password) : undefined, password);
  } catch {
    // Not a URL: the whole value is hidden anyway.
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 3);
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((hidden, secret) => hidden.split(secret).join('***'), text);
}
