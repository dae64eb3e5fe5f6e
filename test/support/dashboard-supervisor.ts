/** The supervisor tests sign in as (DASHBOARD_USERS of intervention-stats). */
export const TEST_SUPERVISOR = 'alice';
export const TEST_SUPERVISOR_TOKEN = 'test-supervisor-token-0123456789abcdef';

/** What intervention-stats needs in tests for its dashboard and analytics API to let anyone in. */
export const TEST_DASHBOARD_ENV: Readonly<Record<string, string>> = {
  DASHBOARD_USERS: `${TEST_SUPERVISOR}=${TEST_SUPERVISOR_TOKEN}`,
  DASHBOARD_SESSION_SECRET: 'test-dashboard-session-secret-0123456789',
};

/** The analytics API's credentials for scripts: the supervisor's token as bearer. */
export const TEST_SUPERVISOR_AUTH: Readonly<Record<string, string>> = {
  authorization: `Bearer ${TEST_SUPERVISOR_TOKEN}`,
};
