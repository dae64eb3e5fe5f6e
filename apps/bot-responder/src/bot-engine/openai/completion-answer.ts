import { type BotAnswer } from '../bot-engine.port';
import { HANDOVER_TOOL, RESOLVE_TOOL } from './bot-tools';
import { cutAtWord } from './cut-at-word.util';

/** What statistics see as the intent of every answer: a model names none. */
const INTENT = 'llm';

export interface CompletionReading {
  language: string;
  maxAnswerChars: number;
  /** The error to throw for a bad answer; `problem` never holds the model's text. */
  invalid: (problem: string) => Error;
}

/**
 * The first choice of a chat completion as bot-responder's decision: a `handover` call wins over a
 * `resolve` call, which wins over a plain reply. The SDK does not check what the server sent, so
 * every field read is checked here.
 */
export function answerOfCompletion(completion: unknown, reading: CompletionReading): BotAnswer {
  const { content, tools } = firstChoice(completion, reading.invalid);
  const trimmed = content.trim();
  const text = trimmed === '' ? null : cutAtWord(trimmed, reading.maxAnswerChars);
  const { language } = reading;
  const handover = tools.find((tool) => tool.name === HANDOVER_TOOL);
  if (handover) {
    const detail = reasonOf(handover.arguments);
    return {
      kind: 'handover',
      text,
      intent: INTENT,
      language,
      reason: 'explicit',
      ...(detail ? { detail } : {}),
    };
  }
  if (tools.some((tool) => tool.name === RESOLVE_TOOL)) {
    // The bot contract's rule: only a handover may come without words.
    if (text === null) {
      throw reading.invalid('called resolve without closing words');
    }
    return { kind: 'resolve', text, intent: INTENT, language };
  }
  if (text === null) {
    throw reading.invalid('answered no content and no tool call');
  }
  return { kind: 'reply', text, intent: INTENT, language, fallback: false };
}

function firstChoice(
  completion: unknown,
  invalid: CompletionReading['invalid'],
): { content: string; tools: ToolCall[] } {
  if (!isObject(completion)) {
    throw invalid('answered something that is not a chat completion');
  }
  const { choices } = completion;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw invalid('answered no choices');
  }
  const choice: unknown = choices[0];
  const message = isObject(choice) ? choice.message : undefined;
  if (!isObject(message)) {
    throw invalid('answered a choice without a message');
  }
  const { content, tool_calls: toolCalls } = message;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw invalid('answered a content that is not a string');
  }
  if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) {
    throw invalid('answered tool_calls that are not a list');
  }
  const tools = ((toolCalls ?? []) as unknown[]).map((call, index) => toolOf(call, index, invalid));
  return { content: content ?? '', tools };
}

interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** The handover tool's `reason`, for the agent: at most the contract's 200 characters. */
function reasonOf(args: Record<string, unknown>): string | null {
  const reason = typeof args.reason === 'string' ? args.reason.trim() : '';
  return reason === '' ? null : cutAtWord(reason, 200);
}

/** The tool a call names. Its name and arguments are the model's text: errors never repeat them. */
function toolOf(call: unknown, index: number, invalid: CompletionReading['invalid']): ToolCall {
  const fn = isObject(call) && call.type === 'function' ? call.function : undefined;
  if (!isObject(fn) || typeof fn.name !== 'string' || typeof fn.arguments !== 'string') {
    throw invalid(`answered a tool call [${index}] that is not a function call with a name and arguments`);
  }
  if (fn.name !== HANDOVER_TOOL && fn.name !== RESOLVE_TOOL) {
    throw invalid(`called a tool [${index}] that was not offered`);
  }
  const args = parsedArguments(fn.arguments);
  if (!isObject(args)) {
    throw invalid(`called ${fn.name} [${index}] with arguments that are not a JSON object`);
  }
  return { name: fn.name, arguments: args };
}

function parsedArguments(json: string): unknown {
  // Some servers send "" for a tool without parameters.
  if (json.trim() === '') {
    return {};
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
