import OpenAI from 'openai';
import {
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import { BOT_TOOLS } from './bot-tools';
import { answerOfCompletion } from './completion-answer';
import { openAiFailure } from './openai-failure';

export interface OpenAiBotEngineOptions {
  /** Up to the API version, e.g. https://api.openai.com/v1: turns go to {baseUrl}/chat/completions. */
  baseUrl: string;
  apiKey: string;
  /** The model name; on Azure OpenAI, the deployment name. */
  model: string;
  /** The system prompt's text. */
  systemPrompt: string;
  /** For the whole call, reading the answer included. */
  timeoutMs: number;
  /** Longer answers are cut at a word boundary and end with "…". */
  maxAnswerChars: number;
  /** 0 to 2; the server's default when absent. */
  temperature?: number;
  defaultLanguage: string;
  /** The latest lines of the conversation before the turn that the model is given. */
  transcriptLines: number;
}

/**
 * Any OpenAI-compatible chat-completions server (OpenAI, Azure OpenAI, vLLM, Ollama). The model
 * replies in its message content and decides with two tools, `handover` and `resolve`
 * (docs/bot-engines/openai.md).
 */
export class OpenAiBotEngine implements BotEngine {
  private readonly client: OpenAI;
  /** Safe to log: origin and path only. */
  private readonly label: string;

  constructor(private readonly options: OpenAiBotEngineOptions) {
    this.label = `OpenAI-compatible bot at ${checkedBaseUrl(options.baseUrl)}`;
    checkOptions(options);
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      apiKey: options.apiKey,
      timeout: options.timeoutMs,
      // The effect worker asks again, with its own backoff.
      maxRetries: 0,
      // Otherwise the SDK reads OPENAI_* variables: only bot-responder's config decides.
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      // Its debug log would print the request: the customer's words.
      logLevel: 'off',
    });
  }

  async answer(turn: BotTurn): Promise<BotAnswer> {
    const completion = await this.complete(this.requestOf(turn));
    return answerOfCompletion(completion, {
      language: turn.language ?? this.options.defaultLanguage,
      maxAnswerChars: this.options.maxAnswerChars,
      invalid: (problem) => this.fail(BotEngineErrorCode.InvalidAnswer, problem),
    });
  }

  private requestOf(turn: BotTurn): ChatCompletionCreateParamsNonStreaming {
    const { model, systemPrompt, transcriptLines, temperature } = this.options;
    const transcript = turn.transcript.slice(Math.max(0, turn.transcript.length - transcriptLines));
    const messages: ChatCompletionMessageParam[] = [
      {
        role: 'system',
        content: turn.language
          ? `${systemPrompt}\n\nConversation language: ${turn.language}. Answer in this language.`
          : systemPrompt,
      },
      ...transcript.map((line): ChatCompletionMessageParam =>
        line.from === 'customer'
          ? { role: 'user', content: line.text }
          : { role: 'assistant', content: line.text },
      ),
      ...turn.messages.map((message): ChatCompletionMessageParam => ({
        role: 'user',
        content: message.text,
      })),
    ];
    return {
      model,
      messages,
      tools: BOT_TOOLS,
      tool_choice: 'auto',
      ...(temperature === undefined ? {} : { temperature }),
    };
  }

  private async complete(request: ChatCompletionCreateParamsNonStreaming): Promise<unknown> {
    // The SDK's own timeout stops once the headers are in: this one also bounds reading the body.
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return await this.client.chat.completions.create(request, { signal });
    } catch (error) {
      throw openAiFailure(error, signal.aborted, this.options.timeoutMs, (code, problem, details) =>
        this.fail(code, problem, details),
      );
    }
  }

  private fail(
    code: BotEngineErrorCode,
    problem: string,
    details?: ConstructorParameters<typeof BotEngineError>[2],
  ): BotEngineError {
    return new BotEngineError(code, `${this.label} ${problem}`, details);
  }
}

/** The base URL as errors may name it. Never echoed when wrong: it may hold credentials. */
function checkedBaseUrl(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : null;
  if (url === null || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw new Error('The OpenAI base URL must be an absolute http(s) URL without credentials');
  }
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}

function checkOptions(options: OpenAiBotEngineOptions): void {
  const positiveInteger = (value: number) => Number.isInteger(value) && value > 0;
  const problems = [
    options.apiKey.trim() === '' && 'The OpenAI API key must not be empty',
    options.model.trim() === '' && 'The OpenAI model must not be empty',
    options.systemPrompt.trim() === '' && 'The OpenAI system prompt must not be empty',
    !positiveInteger(options.timeoutMs) && 'The OpenAI timeout must be a positive number of milliseconds',
    !positiveInteger(options.maxAnswerChars) &&
      'The OpenAI answer bound must be a positive number of characters',
    options.temperature !== undefined &&
      !(options.temperature >= 0 && options.temperature <= 2) &&
      'The OpenAI temperature must be between 0 and 2',
    !(Number.isInteger(options.transcriptLines) && options.transcriptLines >= 0) &&
      'The OpenAI transcript lines must be a whole number, 0 or more',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    throw new Error(problems.join('; '));
  }
}
