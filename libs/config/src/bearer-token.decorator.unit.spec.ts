import { validateSync } from 'class-validator';
import { IsOptionalBearerToken } from './bearer-token.decorator';
import { validationProblems } from './validation-problems.util';

class Settings {
  @IsOptionalBearerToken()
  ADMIN_TOKEN?: string = undefined;
}

function problems(token: string | undefined): string[] {
  const settings = new Settings();
  settings.ADMIN_TOKEN = token;
  return validationProblems(validateSync(settings));
}

describe('IsOptionalBearerToken', () => {
  it('accepts no token (the feature is off) and a long visible-ASCII one', () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems('s3cret-admin-token-0123456789!~')).toEqual([]);
  });

  it('refuses a short token or one with spaces, naming the setting', () => {
    expect(problems('too-short')).toEqual(['ADMIN_TOKEN must be longer than or equal to 24 characters']);
    expect(problems('a long token with spaces in it')).toEqual([
      'ADMIN_TOKEN must be visible ASCII characters, no spaces',
    ]);
  });
});
