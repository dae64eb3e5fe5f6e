import { validateSync } from 'class-validator';
import { IsEngageId } from './engage-id.decorator';
import { validationProblems } from './validation-problems.util';

class Settings {
  @IsEngageId('the id of the BOT category')
  BOT_CATEGORY_ID!: string;
}

function problems(id: unknown): string[] {
  const settings = new Settings();
  (settings as { BOT_CATEGORY_ID: unknown }).BOT_CATEGORY_ID = id;
  return validationProblems(validateSync(settings));
}

describe('IsEngageId', () => {
  it('accepts an RCED id', () => {
    expect(problems('5be59e0a13047d01f46caa62')).toEqual([]);
  });

  it.each([undefined, '', 'bot category', '../users', 42])(
    'refuses %p, naming the setting and what it must hold',
    (id) => {
      expect(problems(id)).toEqual(['BOT_CATEGORY_ID must be the id of the BOT category (an RCED id)']);
    },
  );
});
