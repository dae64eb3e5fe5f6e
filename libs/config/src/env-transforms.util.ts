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

/** "true"/"1" → true, "false"/"0" → false; anything else is left for validation to report. */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  );

/** A decimal number ("0.25"); anything else is left for validation to report. */
export const ToNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value,
  );

/** "250, 1000" → [250, 1000]; a bad item becomes NaN, which @IsInt({ each: true }) reports. */
export const ToIntList = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((item) => Number(item.trim())) : value,
  );

/**
 * A JSON object of language → customer-facing text, e.g. `{"fr":"…","en":"…"}`. Invalid JSON, an
 * empty object or a blank text becomes null, which `@IsObject()` reports by the variable's name.
 */
export const ToLanguageTexts = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? languageTexts(value) : value));

function languageTexts(value: string): Record<string, string> | null {
  try {
    const parsed: unknown = JSON.parse(value);
    const valid =
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.keys(parsed).length > 0 &&
      Object.values(parsed).every((text) => typeof text === 'string' && text.trim() !== '');
    return valid ? (parsed as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/** A JSON object (`{"brand":"acme"}`); invalid JSON or anything but an object becomes null, which `@IsObject()` reports. */
export const ToJsonObject = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? jsonObject(value) : value));

function jsonObject(value: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
