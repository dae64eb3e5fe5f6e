import { request as httpRequest } from 'node:http';
import { HttpServerEnv, loadConfig } from '@handover/config';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ObservabilityModule } from '../observability.module';
import { hardenHttp, httpServerOptions, listenHttp } from './http-hardening';

@Controller()
class ProbeHttpController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return body;
  }

  @Post('slow')
  @HttpCode(200)
  async slow(): Promise<{ done: true }> {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { done: true };
  }

  @Get('admin/ping')
  adminPing(): { pong: true } {
    return { pong: true };
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ service: 'probe', logLevel: 'silent' })],
  controllers: [ProbeHttpController],
})
class ProbeModule {}

interface Probe {
  app: NestFastifyApplication;
  url: string;
  internalUrl: string;
}

async function startProbe(env: Record<string, string> = {}): Promise<Probe> {
  const http = { ...loadConfig(HttpServerEnv, env), publicPort: 0 };
  const app = await NestFactory.create<NestFastifyApplication>(
    ProbeModule,
    new FastifyAdapter(httpServerOptions(http)),
    { logger: false },
  );
  hardenHttp(app, http);
  return { app, ...(await listenHttp(app, { port: 0, host: '127.0.0.1' })) };
}

/** Sends the headers and `sent` of a body announced as `length` bytes, then nothing more. */
function stalledPost(
  url: string,
  path: string,
  length: number,
  sent: string,
): Promise<{ status?: number; closedAfterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const target = new URL(path, url);
    const request = httpRequest(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(length) },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, closedAfterMs: Date.now() - started }));
    });
    request.on('error', () => resolve({ closedAfterMs: Date.now() - started }));
    request.write(sent);
  });
}

describe('hardenHttp', () => {
  let probe: Probe;

  afterEach(async () => {
    await probe?.app.close();
  });

  describe('timeouts', () => {
    it('should answer 408 and close the connection of a client that never finishes its body', async () => {
      probe = await startProbe({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '500' });

      const outcome = await stalledPost(probe.url, '/echo', 1_000, '{"a":');

      expect(outcome.status ?? 408).toBe(408);
      expect(outcome.closedAfterMs).toBeLessThan(5_000);
    });

    it('should not cut off a handler slower than the request timeout once the body has arrived', async () => {
      probe = await startProbe({ HTTP_REQUEST_TIMEOUT_MS: '500', HTTP_HEADERS_TIMEOUT_MS: '200' });

      const response = await fetch(`${probe.url}/slow`, { method: 'POST' });

      expect(response.status).toBe(200);
    });
  });

  describe('JSON depth', () => {
    it('should answer 400 to a body nested 6,000 levels deep, and the server keeps serving', async () => {
      probe = await startProbe();
      const deep = '['.repeat(6_000) + ']'.repeat(6_000);

      const response = await fetch(`${probe.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep,
      });

      expect(response.status).toBe(400);
      expect(await response.text()).toContain('nested deeper than 64 levels');
      const ok = await fetch(`${probe.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ a: [[{ b: '[[[[' }]] }),
      });
      expect(await ok.json()).toEqual({ a: [[{ b: '[[[[' }]] });
    });
  });

  describe('ports', () => {
    it('should serve /metrics and /admin/* on the internal port only, /health on both', async () => {
      probe = await startProbe();

      expect((await fetch(`${probe.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${probe.url}/admin/ping`)).status).toBe(404);
      expect((await fetch(`${probe.url}/%61dmin/ping`)).status).toBe(404);
      expect((await fetch(`${probe.internalUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${probe.internalUrl}/admin/ping`)).status).toBe(200);
      expect((await fetch(`${probe.internalUrl}/echo`, { method: 'POST' })).status).toBe(404);
      expect(new URL(probe.internalUrl).hostname).toBe('127.0.0.1');
    });

    it('should say nosniff on every answer, errors and refusals included', async () => {
      probe = await startProbe();

      for (const response of [
        await fetch(`${probe.url}/metrics`),
        await fetch(`${probe.internalUrl}/metrics`),
        await fetch(`${probe.url}/nowhere`),
        await fetch(`${probe.url}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        }),
      ]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });
  });
});
