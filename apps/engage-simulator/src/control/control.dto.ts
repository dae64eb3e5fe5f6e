import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';

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
  status!: 'available' | 'away';
}

export class AgentReplyDto {
  @Matches(HEX_ID)
  in_reply_to_id!: string;

  @IsString()
  @IsNotEmpty()
  body!: string;
}
