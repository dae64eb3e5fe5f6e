import { type ChatCompletionFunctionTool } from 'openai/resources/chat/completions';

export const HANDOVER_TOOL = 'handover';
export const RESOLVE_TOOL = 'resolve';

/** What the model can do besides replying: the two decisions bot-responder acts on. */
export const BOT_TOOLS: ChatCompletionFunctionTool[] = [
  {
    type: 'function',
    function: {
      name: HANDOVER_TOOL,
      description:
        'Hand the conversation over to a human agent: when the customer asks for a human, when you are unsure, or when the request is outside what you may handle. Any text you write with this call is sent to the customer first.',
      parameters: {
        type: 'object',
        properties: {
          reason: { type: 'string', description: 'Why the conversation goes to an agent, in a few words.' },
        },
        required: ['reason'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: RESOLVE_TOOL,
      description:
        "Close the conversation when the customer's request is fully answered and they have nothing more to ask. Write your closing words to the customer as the message text of this same answer: they are required.",
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
  },
];
