import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { renderChatTriggerScript } from './chat-trigger-script.util';

/**
 * The script a website includes to offer the chat 24/7 (see chat-trigger-script.util.ts); mounted only
 * when CHAT_TRIGGER_ID is set (see GatewayModule).
 */
@ApiTags('chat trigger')
@Controller('chat-trigger.js')
export class ChatTriggerHttpController {
  private readonly script: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.script = renderChatTriggerScript(config.CHAT_TRIGGER_ID ?? '');
  }

  @Get()
  @ApiOperation({
    summary:
      'The script that offers the bot 24/7 on a website (public port): it executes the RCED chat trigger ' +
      'CHAT_TRIGGER_ID once the chat library has started and no chat window is open; 404 without CHAT_TRIGGER_ID',
  })
  @ApiProduces('application/javascript')
  @ApiOkResponse({
    description:
      'Include it after the chat snippet: `<script src="https://<gateway>/chat-trigger.js" async>`',
    content: { 'application/javascript': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  // Every page view of the website asks for it: let browsers and CDNs keep it, for minutes only, so
  // that a new CHAT_TRIGGER_ID reaches visitors soon after a restart.
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  serve(): string {
    return this.script;
  }
}
