import { mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHAT_TRIGGER_GIVE_UP_MS } from '../../apps/gateway/src/chat-trigger/chat-trigger-script.util';
import { testKafkaBrokers } from '../infra';
import { collectPageErrors, launchChromium } from '../support/chromium';
import { type RunningGateway, startGateway } from '../support/gateway-harness';

const TRIGGER_ID = '5be5ae57d6cb009bde8e5674';
const OTHER_TRIGGER_ID = '0123456789abcdef01234567';
const SCREENSHOT = join(__dirname, '..', '..', 'test-artifacts', 'chat-trigger.png');

// A stand-in for RCED's chat library with exactly the API of RCED's "Manually execute a Dimelo Chat
// trigger" snippet: `_chatq` commands, `Dimelo.Chat.Manager.ChatQLoader.manager` with `triggers` and
// `activateTrigger(trigger)`, and a `.dimelo-chat-window` element once a chat is open. The test calls
// `__standIn.load()` when the library should "finish loading"; it then runs the queued commands and
// emits `started` to the callbacks registered so far only (a later one is never called back, so a
// script included after the library started must find the manager itself).
const STAND_IN = `(function () {
  var executions = [];
  var startedCallbacks = [];
  function run(command) {
    if (command[0] === '_onEvent' && command[1] === 'started') {
      startedCallbacks.push(command[2]);
    }
  }
  window.__standIn = {
    executions: executions,
    load: function () {
      var manager = {
        triggers: [{ id: ${JSON.stringify(OTHER_TRIGGER_ID)} }, { id: ${JSON.stringify(TRIGGER_ID)} }],
        activateTrigger: function (trigger) {
          executions.push(trigger.id);
          var chat = document.createElement('div');
          chat.className = 'dimelo-chat-window';
          chat.textContent = 'Chat window (stand-in) opened by trigger ' + trigger.id;
          chat.style.cssText = 'position:fixed;right:16px;bottom:16px;padding:24px;background:#0a6ebd;color:#fff';
          document.body.appendChild(chat);
        }
      };
      window.Dimelo = { Chat: { Manager: { ChatQLoader: { manager: manager } } } };
      var queued = window._chatq || [];
      window._chatq = { push: run };
      queued.forEach(run);
      var toCall = startedCallbacks.slice();
      setTimeout(function () {
        toCall.forEach(function (callback) { callback({}); });
      }, 0);
    }
  };
})();`;

interface PageOptions {
  /** `before`: the library has started before the trigger script runs. */
  load?: 'before';
  chatOpen?: boolean;
  includes?: number;
}

/** The website: the stand-in, then the gateway's script at the end of the body, as a site embeds it. */
function websiteHtml(gatewayUrl: string, query: URLSearchParams): string {
  const includes = Number(query.get('includes') ?? '1');
  return [
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">',
    '<title>A website with the RCED chat</title><script src="/chat-library-stand-in.js"></script></head>',
    '<body><h1>A website with the RCED chat</h1>',
    query.get('chatOpen') === '1' ? '<div class="dimelo-chat-window">A chat already open</div>' : '',
    query.get('load') === 'before' ? '<script>window.__standIn.load();</script>' : '',
    `<script src="${gatewayUrl}/chat-trigger.js"></script>`.repeat(includes),
    '</body></html>',
  ].join('\n');
}

function startWebsite(gatewayUrl: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://website');
    if (url.pathname === '/chat-library-stand-in.js') {
      response.writeHead(200, { 'content-type': 'application/javascript' }).end(STAND_IN);
    } else if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(websiteHtml(gatewayUrl, url.searchParams));
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('Chat trigger script in Chromium (GET /chat-trigger.js)', () => {
  const brokers = testKafkaBrokers();
  let gateway: RunningGateway;
  let website: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const websiteUrl = (options: PageOptions = {}): string => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options)) {
      query.set(name, value === true ? '1' : String(value));
    }
    return `http://127.0.0.1:${(website.address() as AddressInfo).port}/?${query.toString()}`;
  };
  const executions = (): Promise<string[]> => page.evaluate<string[]>('window.__standIn.executions.slice()');
  const outcome = (): Promise<string | undefined> =>
    page.evaluate<string | undefined>(`(window.__handoverChatTrigger || {})[${JSON.stringify(TRIGGER_ID)}]`);
  const loadLibrary = (): Promise<void> => page.evaluate<void>('window.__standIn.load()');

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([
      startGateway(brokers, { CHAT_TRIGGER_ID: TRIGGER_ID }),
      launchChromium(),
    ]);
    website = await startWebsite(gateway.url);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (website ? website.close(resolve) : resolve(undefined)));
    await gateway?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it('should serve the script as JavaScript, cacheable, with the trigger id as a JSON string', async () => {
    const response = await fetch(`${gateway.url}/chat-trigger.js`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain(`})("${TRIGGER_ID}");`);
  });

  it('should answer 404 when CHAT_TRIGGER_ID is not set', async () => {
    const without = await startGateway(brokers);
    try {
      expect((await fetch(`${without.url}/chat-trigger.js`)).status).toBe(404);
    } finally {
      await without.close();
    }
  });

  it('should execute the configured trigger exactly once after the library loads late', async () => {
    await page.goto(websiteUrl());
    expect(await outcome()).toBe('waiting');
    expect(await executions()).toEqual([]);

    await loadLibrary();
    await page.waitForFunction('window.__standIn.executions.length > 0');

    expect(await outcome()).toBe('activated');
    expect(await executions()).toEqual([TRIGGER_ID]);
    expect(await page.locator('.dimelo-chat-window').textContent()).toContain(TRIGGER_ID);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(errors).toEqual([]);
  });

  it('should stay at one execution however long the page stays open', async () => {
    await page.clock.install();
    await page.goto(websiteUrl());
    await page.clock.runFor(2_000);
    expect(await executions()).toEqual([]);

    await loadLibrary();
    await page.clock.runFor(CHAT_TRIGGER_GIVE_UP_MS * 2);

    expect(await executions()).toEqual([TRIGGER_ID]);
    expect(errors).toEqual([]);
  });

  it('should find the library when it started before the script (no started event for it)', async () => {
    await page.clock.install();
    await page.goto(websiteUrl({ load: 'before' }));
    await page.clock.runFor(1_000);

    expect(await executions()).toEqual([TRIGGER_ID]);
    expect(await outcome()).toBe('activated');
    expect(errors).toEqual([]);
  });

  it('should never execute the trigger when a chat window is already open', async () => {
    await page.clock.install();
    await page.goto(websiteUrl({ chatOpen: true }));
    await loadLibrary();
    await page.clock.runFor(CHAT_TRIGGER_GIVE_UP_MS + 1_000);

    expect(await executions()).toEqual([]);
    expect(await outcome()).toBe('chat-open');
    expect(errors).toEqual([]);
  });

  it('should execute the trigger once when the script is included twice', async () => {
    await page.clock.install();
    await page.goto(websiteUrl({ includes: 2 }));
    await loadLibrary();
    await page.clock.runFor(CHAT_TRIGGER_GIVE_UP_MS + 1_000);

    expect(await executions()).toEqual([TRIGGER_ID]);
    expect(errors).toEqual([]);
  });

  it('should give up quietly when the library never loads', async () => {
    await page.clock.install();
    await page.goto(websiteUrl());
    await page.clock.runFor(CHAT_TRIGGER_GIVE_UP_MS + 1_000);

    expect(await outcome()).toBe('gave-up');
    // Too late: a library that turns up after the timeout is left alone.
    await loadLibrary();
    await page.clock.runFor(5_000);
    expect(await executions()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
