import { requestBodyProblems } from '@handover/config';
import { BadRequestException } from '@nestjs/common';
import { EmergencyRequestDto } from './emergency-request.dto';

const FIELDS: readonly string[] = ['active', 'scope', 'reason'];

/**
 * Validates the body of POST /admin/emergency, or throws a 400 naming every bad, missing or unknown
 * field; `actor` among them: who switches is who authenticated.
 */
export function parseEmergencyRequest(body: unknown): EmergencyRequestDto {
  const { request, problems } = requestBodyProblems(body, EmergencyRequestDto, FIELDS);
  const actor = problems.findIndex((problem) => problem.startsWith('actor is not a field'));
  if (actor >= 0) {
    problems[actor] =
      "actor is not a field: the actor is the admin token's name, and X-Acting-For says on whose behalf";
  }
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return request;
}
