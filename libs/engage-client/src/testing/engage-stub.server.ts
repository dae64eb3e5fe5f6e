import Fastify, { type FastifyInstance } from 'fastify';
import { type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface StubReply {
  status?: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
}

type Responder = (request: ReceivedRequest, index: number) => StubReply;

/** A scriptable stand-in for Engage, for the client's integration specs (until the simulator exists). */
export class EngageStub {
  readonly received: ReceivedRequest[] = [];
  private responder: Responder = () => ({ body: {} });

  private constructor(private readonly app: FastifyInstance) {}

  static async start(): Promise<EngageStub> {
    const app = Fastify({ forceCloseConnections: true });
    const stub = new EngageStub(app);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    app.route({
      method: ['GET', 'POST', 'PUT', 'DELETE'],
      url: '/*',
      handler: async (request, reply) => {
        const [path, search = ''] = request.url.split('?');
        const received: ReceivedRequest = {
          method: request.method,
          path,
          query: new URLSearchParams(search),
          form: new URLSearchParams(typeof request.body === 'string' ? request.body : ''),
          headers: request.headers,
        };
        stub.received.push(received);
        const answer = stub.responder(received, stub.received.length - 1);
        if (answer.delayMs) {
          await delay(answer.delayMs);
        }
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        return reply
          .code(answer.status ?? 200)
          .headers({ 'content-type': 'application/json; charset=utf-8', ...answer.headers })
          .send(text);
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return stub;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.app.server.address() as AddressInfo).port}/1.0`;
  }

  respond(responder: Responder): void {
    this.responder = responder;
  }

  /** Answers in this order; the last reply repeats. */
  replyInOrder(...replies: StubReply[]): void {
    this.responder = (_request, index) => replies[Math.min(index, replies.length - 1)];
  }

  reset(): void {
    this.received.length = 0;
    this.responder = () => ({ body: {} });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
