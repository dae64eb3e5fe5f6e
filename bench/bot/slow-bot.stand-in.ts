import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * The team's bot over HTTP as docs/bot-contract.md defines it (BOT_ENGINE=http, bearer token),
 * answering every turn after `delayMs`: an LLM or a remote bot that takes its time. Counts the calls
 * it holds at once.
 */
export class SlowBotStandIn {
  readonly token = randomBytes(16).toString('hex');
  maxInFlight = 0;
  calls = 0;
  /** Per content id the turn answers (its latest message): when it was asked, and answered, epoch ms. */
  readonly turns = new Map<string, { askedAt: number; answeredAt?: number }>();
  private inFlight = 0;
  private server: Server | undefined;
  private url = '';

  constructor(private readonly delayMs: number) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.headers.authorization !== `Bearer ${this.token}`) {
          response.writeHead(401).end();
          return;
        }
        const { messages } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          messages: Array<{ content_id: string }>;
        };
        const turn = { askedAt: Date.now(), answeredAt: undefined as number | undefined };
        this.turns.set(messages[messages.length - 1].content_id, turn);
        this.calls += 1;
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        setTimeout(() => {
          this.inFlight -= 1;
          turn.answeredAt = Date.now();
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(
              JSON.stringify({ messages: [{ type: 'text', text: 'Voici la réponse de votre assistant.' }] }),
            );
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/turns`;
  }

  /** bot-responder's variables for this bot; its timeout leaves the delay room. */
  env(): Record<string, string> {
    return {
      BOT_ENGINE: 'http',
      BOT_HTTP_URL: this.url,
      BOT_HTTP_AUTH: 'bearer',
      BOT_HTTP_TOKEN: this.token,
      BOT_HTTP_TIMEOUT_MS: String(Math.min(60_000, this.delayMs * 2 + 1_000)),
    };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
