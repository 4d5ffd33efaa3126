import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttpServer, type RunningHttpServer } from '../../lambdas/adapters/http-server';
import { readLocalConfig } from '../../lambdas/composition/config';
import { composeLocal, type LocalServices } from '../../lambdas/composition/local';
import { webDeps } from '../../lambdas/composition/use-case-deps';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { StoredArticle } from '../../lambdas/core/types';
import { seedWatchlistIfFirstUse } from '../../lambdas/core/use-cases/seed-watchlist';
import { RateLimiter } from '../../lambdas/core/web/rate-limit';
import { handleWebRequest, type WebDeps } from '../../lambdas/core/web/router';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { startTestStore, type TestStore } from './dynalite-store';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const TABLE = 'gzwatch-web';

export interface WebService {
  url: string;
  store: TestStore;
  smtp: SmtpSink;
  services: LocalServices;
  deps: WebDeps;
  server: RunningHttpServer;
  close(): Promise<void>;
}

/**
 * The web service as `gzwatch serve` wires it (composeLocal, webDeps, the node:http adapter), on a
 * real dynalite and a real SMTP server, with the default watchlist; its public URL is its own.
 */
export async function startWebService(): Promise<WebService> {
  const store = await startTestStore(TABLE);
  const smtp = await startSmtpSink();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-web-'));
  const config = readLocalConfig({ GZWATCH_HOME: home, DYNAMODB_ENDPOINT: store.endpoint, SMTP_URL: smtp.url, GZWATCH_FROM: 'gzwatch <digest@gzwatch.test>', GZWATCH_TABLE: TABLE });
  const services = await composeLocal(config, { logger: { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) } });
  await seedWatchlistIfFirstUse(services.store, defaultWatchlist(), new Date());
  const holder: { deps?: WebDeps } = {};
  const server = await startHttpServer((request) => handleWebRequest(holder.deps!, request), { host: '127.0.0.1', port: 0, onError: (e) => process.stderr.write(`${String((e as Error).stack)}\n`) });
  services.config.publicUrl = server.url;
  // The tests all come from 127.0.0.1: the per-client limit is tested on its own (web-router.test.ts).
  holder.deps = { ...webDeps(services), subscribeLimiter: new RateLimiter(10_000, 60_000) };
  return {
    url: server.url,
    store,
    smtp,
    services,
    deps: holder.deps,
    server,
    async close() {
      await server.close();
      await services.close();
      await smtp.close();
      await store.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A stored news article naming one entity in its body, first seen `hoursAgo` before now. */
export function newsArticle(n: number, entityId: string, name: string, kind: StoredArticle['mentions'][number]['kind'], hoursAgo: number, now = new Date()): StoredArticle {
  const url = `https://news.dayoo.com/guangzhou/202611/${String(n).padStart(2, '0')}/1399${n}.htm`;
  const body = `广州消息：${name}今天公布了新的人工智能项目，第${n}条。`;
  const start = body.indexOf(name);
  const at = new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  return {
    id: articleIdForUrl(url), url, title: `${name}发布人工智能项目（${n}）`, body, publishedAt: at, source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news', firstSeenAt: at,
    mentions: [{ entityId, name, kind, text: name, start, end: start + name.length, field: 'body', snippet: body }],
  };
}

export async function storeArticles(services: LocalServices, articles: StoredArticle[]): Promise<void> {
  for (const a of articles) await services.store.articles.putIfNew(a);
  await services.store.mentions.putForArticles(articles);
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  // Links stand after a label ("退订：https://…"), so they are found wherever they start.
  const at = text.indexOf(prefix);
  const found = at === -1 ? undefined : /^\S+/.exec(text.slice(at))![0];
  if (!found) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return found;
}
