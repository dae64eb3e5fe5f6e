import { validateSync } from 'class-validator';
import { IsOptionalAdminTokens } from './admin-tokens.decorator';
import { parseAdminTokens } from './admin-tokens.util';
import { validationProblems } from './validation-problems.util';

const OPS = 'ops-t0ken-0123456789abcdef';
const DASHBOARD = 'dash-t0ken-0123456789abcdef';

class Settings {
  @IsOptionalAdminTokens()
  ADMIN_TOKENS?: string = undefined;
}

function problems(tokens: string | undefined): string[] {
  const settings = new Settings();
  settings.ADMIN_TOKENS = tokens;
  return validationProblems(validateSync(settings));
}

describe('IsOptionalAdminTokens', () => {
  it('should accept no tokens (no admin API) and named tokens', () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems(`ops=${OPS}, dashboard=${DASHBOARD}`)).toEqual([]);
    expect(parseAdminTokens(`ops=${OPS}, dashboard=${DASHBOARD}`)).toEqual([
      { name: 'ops', token: OPS },
      { name: 'dashboard', token: DASHBOARD },
    ]);
  });

  it.each([
    ['a bare token', OPS],
    ['a short token', 'ops=short-token'],
    ['a name with a colon', `ops:x=${OPS}`],
    ['a name used twice', `ops=${OPS},ops=${DASHBOARD}`],
    ['a token used twice', `ops=${OPS},dashboard=${OPS}`],
  ])('should refuse %s, naming the setting and never echoing a token', (_case, tokens) => {
    const found = problems(tokens);

    expect(found).toEqual([
      expect.stringMatching(/^ADMIN_TOKENS must be a comma-separated list of name=token/),
    ]);
    expect(found.join()).not.toContain(OPS);
  });

  it('should refuse a name or token of the preset ones used again', () => {
    const preset = [{ name: 'admin', token: DASHBOARD }];

    expect(parseAdminTokens(`ops=${OPS}`, preset)).toEqual([...preset, { name: 'ops', token: OPS }]);
    expect(parseAdminTokens(`admin=${OPS}`, preset)).toBeUndefined();
    expect(parseAdminTokens(`ops=${DASHBOARD}`, preset)).toBeUndefined();
  });
});
