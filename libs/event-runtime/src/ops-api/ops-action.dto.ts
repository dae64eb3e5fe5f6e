import { requestBodyProblems } from '@handover/config';
import { BadRequestException } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';
import { HoldsNoNul } from '../operations/ops-list-query.dto';

/** The body of every retry and discard: why, kept in ops_audit. Who is the admin token's name. */
export class OpsActionDto {
  // Checked bottom-up, first failure only: the type, the length, then the text.
  @HoldsNoNul()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @Length(1, 1_000)
  @IsString()
  reason!: string;
}

/** The action's body, or a 400 naming every missing, unknown or invalid field. */
export function parseOpsAction(body: unknown): OpsActionDto {
  const { request, problems } = requestBodyProblems(body, OpsActionDto, ['reason']);
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return request;
}
