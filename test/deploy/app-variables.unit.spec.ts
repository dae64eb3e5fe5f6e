import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../infra/repo-root';
import {
  APP_CONFIGS,
  applications,
  entryFileOf,
  isSecret,
  refusedVariablesOf,
  sorted,
  variablesOf,
  variablesReadByLoader,
} from './app-variables';

// The deploy tests trust APP_CONFIGS to say what each app reads: this keeps it true to the apps.

describe('APP_CONFIGS', () => {
  it('should name every app nest-cli.json builds', () => {
    expect(sorted(Object.keys(APP_CONFIGS))).toEqual(applications());
  });

  it.each(applications())("should hold the loader %s's main.ts calls with process.env", (app) => {
    const main = readFileSync(join(repoRoot, entryFileOf(app, false)), 'utf8');

    expect(main).toContain(`${APP_CONFIGS[app].load.name}(process.env)`);
  });

  it.each(applications())(
    'should list exactly what the loader of %s reads (each variable, or its _FILE)',
    (app) => {
      // Removed variables are read too, to be refused by name: they are not the app's variables.
      const expected = [...variablesOf(app), ...refusedVariablesOf(app)].flatMap((name) => [
        name,
        `${name}_FILE`,
      ]);

      expect(variablesReadByLoader(app)).toEqual(sorted(expected));
      expect(variablesOf(app).length).toBeGreaterThan(10);
    },
  );

  it('should leave out the variables an app refuses by name, and tell secrets from paths', () => {
    expect(variablesReadByLoader('bot-responder')).toContain('ENGAGE_MAX_RETRIES');
    expect(variablesOf('bot-responder')).not.toContain('ENGAGE_MAX_RETRIES');
    expect(variablesOf('bot-responder')).toEqual(expect.arrayContaining(['BOT_ENGINE', 'BOT_RASA_URL']));
    expect(
      ['ENGAGE_API_TOKEN', 'DATABASE_URL', 'DASHBOARD_USERS', 'KAFKA_SASL_PASSWORD'].filter(isSecret),
    ).toHaveLength(4);
    expect(['KAFKA_SSL_KEY_FILE', 'ENGAGE_WEBHOOK_SECRET_DISABLED', 'BOT_ENGINE'].filter(isSecret)).toEqual(
      [],
    );
  });
});
