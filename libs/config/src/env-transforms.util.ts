import { Transform } from 'class-transformer';

/** Environment variables are strings: turn a numeric one into a number so @IsInt and @Min apply. */
export const ToInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  );

/** "a,b , c" → ['a', 'b', 'c']; keeps non-strings untouched so validation reports them. */
export const ToList = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  );
