import { validateSync } from 'class-validator';
import { validationProblems } from './validation-problems.util';

/**
 * Checks a JSON body against a class-validator class with exactly `fields`: one problem per missing,
 * unknown or invalid field (first broken rule each), so a 400 names everything to fix at once.
 */
export function requestBodyProblems<T extends object>(
  body: unknown,
  schema: new () => T,
  fields: readonly string[],
): { request: T; problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { request: new schema(), problems: [`The body must be a JSON object {${fields.join(', ')}}`] };
  }
  const given = body as Record<string, unknown>;
  const missing = fields.filter((field) => given[field] === undefined);
  const request = Object.assign(new schema(), body);
  const invalid = validateSync(request, { stopAtFirstError: true }).filter(
    (error) => !missing.includes(error.property),
  );
  return {
    request,
    problems: [
      ...missing.map((field) => `${field} is required`),
      ...Object.keys(given)
        .filter((field) => !fields.includes(field))
        .map((field) => `${field} is not a field (expected ${fields.join(', ')})`),
      ...validationProblems(invalid),
    ],
  };
}
