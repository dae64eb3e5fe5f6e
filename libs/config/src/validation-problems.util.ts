import { type ValidationError } from 'class-validator';

/**
 * class-validator errors as one line per broken rule, each naming the field by its full path
 * (`events[1].resource.id must be …`), so a 400 or a startup error says exactly what to fix.
 */
export function validationProblems(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map(
      (message) =>
        `${path} ${message.startsWith(error.property) ? message.slice(error.property.length + 1) : message}`,
    );
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}
