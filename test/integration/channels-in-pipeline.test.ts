import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatSender } from '../../lambdas/adapters/chat/chat-sender';
import { createHttpFetcher, type HttpFetcher } from '../../lambdas/adapters/http-fetcher';
import { channelAlerts } from '../../lambdas/core/channels/policy-events-message';
import type { SourceDefinition } from '../../lambdas/core/types';
import { collectSources } from '../../lambdas/core/use-cases/collect-sources';
import { deliverDueDigests } from '../../lambdas/core/use-cases/deliver-due-digests';
import type { ChannelDeliveryDeps } from '../../lambdas/core/use-cases/deliver-to-channels';
import { seedWatchlistIfFirstUse } from '../../lambdas/core/use-cases/seed-watchlist';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { startChatPlatforms, type ChatPlatforms } from '../helpers/chat-platforms';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/** The entry use-cases feed chat channels: a run's policy alert, and the day's summary at the channel's hour. */
let t: TestStore;
let platforms: ChatPlatforms;
let server: Server;
let origin: string;
let fetcher: HttpFetcher;
const clock = () => Date.now();

beforeAll(async () => {
  server = createServer((req, res) => {
    const html = (s: string) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(s);
    // Dated today (Beijing), whenever the test runs: news, not backfill.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    if (req.url === '/p/') return html(`<ul class="list"><li><a href="/p/1.html">关于支持钛动科技等企业出海的通知</a> <span>${today}</span></li></ul>`);
    if (req.url === '/p/1.html') return html('<html><head><title>关于支持钛动科技等企业出海的通知</title></head><body><h1>关于支持钛动科技等企业出海的通知</h1><div id="content"><p>为支持钛动科技等人工智能企业拓展海外市场，现印发本通知，自发布之日起施行。</p></div></body></html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestStore();
  await seedWatchlistIfFirstUse(t.store, defaultWatchlist(), new Date());
  platforms = await startChatPlatforms(clock);
  fetcher = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0, retries: 0, requestTimeoutMs: 3000 });
});

afterAll(async () => {
  await fetcher.close();
  await platforms.close();
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

test('a WeCom group gets the run\'s policy alert, then the day\'s summary once its digest hour has come', async () => {
  await t.store.channels.add({ id: 'team-wecom', type: 'wecom', url: platforms.robot('wecom', 'team-key'), follows: [], digestHour: 0, allowPrivateNetwork: true, createdAt: new Date().toISOString() });
  const channels: ChannelDeliveryDeps = { store: t.store, sender: createChatSender({ now: () => new Date() }), now: () => new Date(), sleep: async () => undefined, log: () => undefined };
  const source: SourceDefinition = { id: 'local-policy', name: '本地政策', kind: 'policy', type: 'html', urls: [`${origin}/p/`], match: '/p/\\d+\\.html$' };
  const base = { store: t.store, now: () => new Date(), from: 'gzwatch <digest@mail.gzwatch.test>', log: () => undefined };
  await collectSources({ ...base, fetcher, alertChannels: channelAlerts(channels, () => t.store.watchlist.list()) }, [source]);
  const posts = () => platforms.received.filter((r) => r.robot === 'team-key').map((r) => (r.body.markdown as { content: string }).content);
  expect(posts()).toHaveLength(1);
  expect(posts()[0]).toContain('关于支持钛动科技等企业出海的通知');
  // Rerun: the same document is known, nothing new is posted.
  await collectSources({ ...base, fetcher, alertChannels: channelAlerts(channels, () => t.store.watchlist.list()) }, [source]);
  expect(posts()).toHaveLength(1);

  const digest = { ...base, mailerFor: () => { throw new Error('no mail in this test'); }, unsubscribeUrl: () => 'https://gzwatch.test/u', channels };
  await deliverDueDigests(digest, { at: new Date() });
  await deliverDueDigests(digest, { at: new Date() });
  expect(posts()).toHaveLength(2);
  expect(posts()[1]).toContain('每日摘要');
  expect(posts()[1]).toContain('钛动科技');
});
