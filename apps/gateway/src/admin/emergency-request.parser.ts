import { validationProblems } from '@handover/config';
import { BadRequestException } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { EmergencyRequestDto } from './emergency-request.dto';

const FIELDS: readonly string[] = ['active', 'scope', 'reason', 'actor'];

/** Validates the body of POST /admin/emergency, or throws a 400 naming every bad, missing or unknown field. */
export function parseEmergencyRequest(body: unknown): EmergencyRequestDto {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object {active, scope, reason, actor}');
  }
  const fields = body as Record<string, unknown>;
  const missing = FIELDS.filter((field) => fields[field] === undefined);
  const request = Object.assign(new EmergencyRequestDto(), body);
  const invalid = validateSync(request, { stopAtFirstError: true }).filter(
    (error) => !missing.includes(error.property),
  );
  const problems = [
    ...missing.map((field) => `${field} is required`),
    ...Object.keys(fields)
      .filter((field) => !FIELDS.includes(field))
      .map((field) => `${field} is not a field (expected ${FIELDS.join(', ')})`),
    ...validationProblems(invalid),
  ];
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return request;
}
