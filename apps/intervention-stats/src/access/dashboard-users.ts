import { registerDecorator } from 'class-validator';

/** Who signed in: a supervisor named in DASHBOARD_USERS. */
export interface Supervisor {
  name: string;
}

export interface DashboardUser extends Supervisor {
  token: string;
}

/**
 * The gateway records the actor as `<admin token name>:<X-Acting-For>`, and X-Acting-For takes only
 * these characters: a supervisor's name is sent as is, so it must fit.
 */
export const SUPERVISOR_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
/** As GATEWAY_ADMIN_TOKEN: long enough not to be guessed, visible ASCII (fits a header), no comma. */
const TOKEN = /^[\x21-\x2b\x2d-\x7e]{24,512}$/;

/**
 * Reads `alice=<token>,bob=<token>`. Problems name the entry and the user, never a token.
 */
export function parseDashboardUsers(value: string): { users: DashboardUser[]; problems: string[] } {
  const users: DashboardUser[] = [];
  const problems: string[] = [];
  const entries = value.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const at = entry.indexOf('=');
    const name = at < 0 ? '' : entry.slice(0, at).trim();
    const token = at < 0 ? '' : entry.slice(at + 1).trim();
    if (at < 0) {
      problems.push(`entry ${index + 1} is not name=token`);
    } else if (!SUPERVISOR_NAME.test(name)) {
      problems.push(`the name of entry ${index + 1} must be 1 to 64 of A-Z a-z 0-9 . _ @ -`);
    } else if (!TOKEN.test(token)) {
      problems.push(`the token of ${name} must be 24 to 512 visible ASCII characters, no comma`);
    } else if (users.some((user) => user.name === name)) {
      problems.push(`${name} is listed twice`);
    } else if (users.some((user) => user.token === token)) {
      problems.push(`${name} has the token of another user`);
    } else {
      users.push({ name, token });
    }
  });
  return { users, problems };
}

/** A DASHBOARD_USERS setting: every problem of parseDashboardUsers, by the variable's name. */
export function IsDashboardUsers(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isDashboardUsers',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseDashboardUsers(value).problems.length === 0,
        defaultMessage: (args) =>
          `${args?.property} must be name=token pairs separated by commas: ${
            typeof args?.value === 'string'
              ? parseDashboardUsers(args.value).problems.join('; ')
              : 'not a string'
          }`,
      },
    });
}
