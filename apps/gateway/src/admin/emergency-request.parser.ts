import { requestBodyProblems } from '@handover/config';
import { BadRequestException } from '@nestjs/common';
import { EmergencyRequestDto } from './emergency-request.dto';

const FIELDS: readonly string[] = ['active', 'scope', 'reason', 'actor'];

/** Validates the body of POST /admin/emergency, or throws a 400 naming every bad, missing or unknown field. */
export function parseEmergencyRequest(body: unknown): EmergencyRequestDto {
  const { request, problems } = requestBodyProblems(body, EmergencyRequestDto, FIELDS);
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return request;
}
