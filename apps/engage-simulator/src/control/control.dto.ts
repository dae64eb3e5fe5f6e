import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type Busyness, type ChannelStatus } from '../platform/platform.types';

export const HEX_ID = /^[0-9a-f]{23,24}$/;

export class AttachmentDto {
  @IsString()
  @IsNotEmpty()
  filename!: string;

  @IsString()
  @IsNotEmpty()
  content_type!: string;
}

export class CustomerMessageDto {
  @Matches(HEX_ID)
  source_id!: string;

  /** Required unless there is at least one attachment. */
  @ValidateIf((message: CustomerMessageDto) => message.body !== undefined || !message.attachments?.length)
  @IsString()
  @IsNotEmpty()
  body?: string;

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

  /** A handle (a Twitter screen name); derived from author_name when absent. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  author_screenname?: string;

  /** An email customer's address; derived from the screen name when absent. */
  @IsOptional()
  @IsEmail()
  author_email?: string;

  @IsOptional()
  @IsArray()
  @IsEmail({}, { each: true })
  cc?: string[];

  @IsOptional()
  @IsArray()
  @IsEmail({}, { each: true })
  bcc?: string[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  /**
   * `false`: the webhook is not sent; the answer is the envelope RCED would POST (ENGAGE_API.md
   * §1.3), for you to send to the gateway yourself. Default: the content, the webhook sent.
   */
  @IsOptional()
  @IsBoolean()
  deliver?: boolean;

  /** Overrides the source type's default (chat and email: private; a tweet: public). */
  @IsOptional()
  @IsBoolean()
  private?: boolean;
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

/** The thread's new full set of categories, as an agent sets it in the console (may be empty). */
export class AgentCategoriesDto {
  @IsArray()
  @Matches(HEX_ID, { each: true })
  category_ids!: string[];
}
