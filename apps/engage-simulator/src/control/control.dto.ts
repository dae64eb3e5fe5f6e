import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { type Busyness, type ChannelStatus } from '../platform/platform.types';

const HEX_ID = /^[0-9a-f]{23,24}$/;

export class CustomerMessageDto {
  @Matches(HEX_ID)
  source_id!: string;

  @IsString()
  @IsNotEmpty()
  body!: string;

  @IsOptional()
  @Matches(HEX_ID)
  thread_id?: string;

  @IsOptional()
  @Matches(HEX_ID)
  author_id?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  author_name?: string;
}

export class AgentChannelStatusDto {
  @IsIn(['available', 'away'])
  status!: ChannelStatus;

  /** Pins what GET /1.0/status reports for this channel; omitted, it is computed from open interventions. */
  @IsOptional()
  @IsIn(['unoccupied', 'ok', 'busy', 'full'])
  busyness?: Busyness;
}

export class AgentReplyDto {
  @Matches(HEX_ID)
  in_reply_to_id!: string;

  @IsString()
  @IsNotEmpty()
  body!: string;
}
