import { HttpServerEnv, loadConfig } from '@handover/config';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ObservabilityModule } from '../observability.module';
import { serveApiDocs } from './api-docs';
import { hardenHttp, httpServerOptions, listenHttp } from './http-hardening';

@Controller('things')
class ThingsHttpController {
  @Get()
  things(): string[] {
    return [];
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ service: 'probe', logLevel: 'silent' })],
  controllers: [ThingsHttpController],
})
class ProbeModule {}

interface Probe {
  app: NestFastifyApplication;
  url: string;
  internalUrl: string;
}

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function startProbe(port: 'public' | 'internal'): Promise<Probe> {
  const http = { ...loadConfig(HttpServerEnv, {}), publicPort: 0 };
  const app = await NestFactory.create<NestFastifyApplication>(
    ProbeModule,
    new FastifyAdapter(httpServerOptions(http)),
    { logger: false },
  );
  hardenHttp(app, http);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('probe <API>').setVersion('1').build(),
  );
  serveApiDocs(app, document, { port });
  return { app, ...(await listenHttp(app, { port: 0, host: '127.0.0.1' })) };
}

/** The URLs a page loads (scripts, styles, icons), resolved as a browser does from where it was read. */
function loadedUrls(html: string, pageUrl: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(
    ([, url]) => new URL(url, pageUrl).href,
  );
}

describe('serveApiDocs', () => {
  let probe: Probe;

  afterEach(async () => {
    await probe?.app.close();
  });

  it('should give a browser Swagger UI, whose every file is served with its content type', async () => {
    probe = await startProbe('public');

    const page = await fetch(`${probe.url}/docs`, { headers: { accept: BROWSER_ACCEPT } });
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(html).toContain('<title>probe &#60;API&#62;</title>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
    const urls = loadedUrls(html, page.url);
    expect(urls.map((url) => new URL(url).pathname).sort()).toEqual([
      '/docs/favicon-16x16.png',
      '/docs/favicon-32x32.png',
      '/docs/swagger-initializer.js',
      '/docs/swagger-ui-bundle.js',
      '/docs/swagger-ui.css',
    ]);
    const expectedType = { js: 'application/javascript', css: 'text/css', png: 'image/png' };
    for (const url of urls) {
      const asset = await fetch(url);
      const extension = url.split('.').pop() as keyof typeof expectedType;
      expect({ url, status: asset.status, type: asset.headers.get('content-type') }).toEqual({
        url,
        status: 200,
        type: expect.stringContaining(expectedType[extension]) as string,
      });
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const initializer = await (await fetch(`${probe.url}/docs/swagger-initializer.js`)).text();
    expect(initializer).toContain("url: 'docs/json'");
    expect(
      (await fetch(`${probe.url}/docs/swagger-ui-bundle.js`)).headers.get('x-content-type-options'),
    ).toBe('nosniff');
  });

  it('should give anyone else the JSON document at /docs, as at /docs/json, and YAML at /docs/yaml', async () => {
    probe = await startProbe('public');

    const asJson = await fetch(`${probe.url}/docs`);
    const document = (await asJson.json()) as { openapi: string; paths: Record<string, unknown> };

    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
    expect(asJson.headers.get('vary')).toMatch(/accept/i);
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/things');
    expect(await (await fetch(`${probe.url}/docs/json`)).json()).toEqual(document);
    expect(await (await fetch(`${probe.url}/docs/yaml`)).text()).toContain('/things:');
  });

  it.each([
    ['a file of swagger-ui-dist the page does not load', 'index.html'],
    ['its package.json', 'package.json'],
    ['a source map', 'swagger-ui-bundle.js.map'],
    ['a path out of the folder', '..%2Fpackage.json'],
    ['a path out of the folder, dots encoded', '%2e%2e%2f%2e%2e%2fpackage.json'],
    ['an inherited property name', '__proto__'],
  ])('should answer 404 to %s', async (_case, file) => {
    probe = await startProbe('public');

    const response = await fetch(`${probe.url}/docs/${file}`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('should send /docs/ to /docs, where the relative URLs of the page resolve', async () => {
    probe = await startProbe('public');

    const response = await fetch(`${probe.url}/docs/`, {
      headers: { accept: BROWSER_ACCEPT },
      redirect: 'manual',
    });

    expect(response.status).toBe(301);
    expect(new URL(response.headers.get('location') ?? '', response.url).pathname).toBe('/docs');
  });

  it('should serve the docs on the internal port only when asked, as the admin API', async () => {
    probe = await startProbe('internal');

    for (const path of ['/docs', '/docs/json', '/docs/yaml', '/docs/swagger-ui.css', '/%64ocs']) {
      expect({ path, status: (await fetch(`${probe.url}${path}`)).status }).toEqual({ path, status: 404 });
    }
    expect((await fetch(`${probe.internalUrl}/docs`, { headers: { accept: BROWSER_ACCEPT } })).status).toBe(
      200,
    );
    expect((await fetch(`${probe.internalUrl}/docs/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${probe.url}/things`)).status).toBe(200);
  });
});
