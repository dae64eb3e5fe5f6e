import { ToBoolean, ToInt } from '@handover/config';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const SUMMARY_LATEST_DEFAULT = 5;
const SUMMARY_LATEST_MAX = 50;

/** GET /admin/ops/summary: how many of the latest failed effects and open parked records to list. */
export class OpsSummaryQuery {
  @ToInt()
  @IsInt({ message: `latest must be a whole number from 0 to ${SUMMARY_LATEST_MAX}` })
  @Min(0, { message: `latest must be a whole number from 0 to ${SUMMARY_LATEST_MAX}` })
  @Max(SUMMARY_LATEST_MAX, { message: `latest must be a whole number from 0 to ${SUMMARY_LATEST_MAX}` })
  latest: number = SUMMARY_LATEST_DEFAULT;
}

/** GET /admin/ops/parked/:key: `value=true` adds the record as it is on its topic, read from Kafka. */
export class ParkedShowQuery {
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'value must be true or false' })
  value?: boolean = undefined;
}
