import { ConfigValidationError, loadConfig } from '@handover/config';
import { EngageClientEnv } from './engage-client.env';

/** An app's own settings and the RCED client's, validated together. */
export interface AppAndEngageConfig<T> {
  app: Readonly<T>;
  engage: Readonly<EngageClientEnv>;
}

/**
 * Validates both halves before failing, so one start lists every bad variable; `check` adds rules
 * that span several variables (it returns problems, never values).
 */
export function loadAppAndEngageConfig<T extends object>(
  appEnv: new () => T,
  env: Record<string, string | undefined>,
  check: (app: Readonly<T>) => string[] = () => [],
): AppAndEngageConfig<T> {
  const problems: string[] = [];
  const attempt = <R>(load: () => R): R | undefined => {
    try {
      return load();
    } catch (error) {
      if (error instanceof ConfigValidationError) {
        problems.push(...error.problems);
        return undefined;
      }
      throw error;
    }
  };
  const app = attempt(() => loadConfig(appEnv, env));
  const engage = attempt(() => loadConfig(EngageClientEnv, env));
  if (app) {
    problems.push(...check(app));
  }
  if (engage && engage.ENGAGE_QUOTA_RESERVED_FOR_REPLIES >= engage.ENGAGE_QUOTA_CALLS) {
    problems.push(
      'ENGAGE_QUOTA_RESERVED_FOR_REPLIES must be below ENGAGE_QUOTA_CALLS, or polling could never call the platform',
    );
  }
  if (!app || !engage || problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return { app, engage };
}
