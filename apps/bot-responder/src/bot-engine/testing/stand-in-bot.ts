import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { BotEngineError } from '../bot-engine.exception';

/** How a stand-in bot answers one request. */
export type Reply = (response: ServerResponse) => void;

export const json =
  (body: unknown, status = 200): Reply =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

export interface StandInBot {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/** A local HTTP server playing a bot's protocol: `handle` gets each request with its raw body. */
export async function startStandInBot(
  handle: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void,
): Promise<StandInBot> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      // A stand-in that never answers ('/slow') still holds its connection: cut it.
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The BotEngineError a call fails with (the test fails if it does not fail that way). */
export async function failure(call: Promise<unknown>): Promise<BotEngineError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BotEngineError);
  return error as BotEngineError;
}

/** A port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
