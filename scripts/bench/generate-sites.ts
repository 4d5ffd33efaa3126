import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32), so every bench run reads the same pages. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Phrases written for the bench: plausible Guangzhou business news, some naming watchlist entities.
const OPENERS = ['记者从广州市有关部门获悉，', '近日，', '本周，', '据了解，', '昨日上午，', '在日前举行的发布会上，'];
const SUBJECTS = ['云从科技', '数说故事', '钛动科技', '香港科技大学（广州）', '广州市工业和信息化局', '一家本地制造企业', '黄埔区一家创业公司', '南沙区科技部门', '多家金融机构', '商汤科技'];
const VERBS = ['发布了', '推出了', '启动了', '签约了', '介绍了', '展示了', '调研了', '部署了'];
const OBJECTS = ['面向制造业的行业大模型', '新一批算力券申报指南', '人工智能应用示范场景', '数据要素流通试点方案', '智能网联汽车测试线路', '生成式人工智能服务平台', '产学研合作项目', '新型储能示范工程', '集成电路人才培养计划'];
const TAILS = ['，预计明年上半年投入使用。', '，首批已有二十余家企业报名。', '，相关负责人表示将持续优化服务。', '，进一步推动粤港澳大湾区协同发展。', '，助力新质生产力加快形成。', '，业内人士认为这将降低企业成本。'];
const FILLER = ['会上还通报了前三季度的工作进展。', '与会代表围绕技术落地和人才引进展开讨论。', '活动现场吸引了不少市民驻足参观。', '下一步，相关单位将加强统筹协调。', '该项目总投资约三亿元，分两期建设。', '专家建议企业关注数据安全与合规要求。'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function paragraph(random: () => number): string {
  let text = '';
  while (text.length < 280) {
    text += random() < 0.6 ? `${pick(random, OPENERS)}${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}${pick(random, TAILS)}` : pick(random, FILLER);
  }
  return text;
}

export interface BenchSite {
  host: string;
  listUrl: string;
  articles: number;
}

/** Article page with the furniture real CMS pages carry: navigation, share bar, related list, footer. */
export function articleHtml(random: () => number, title: string, date: string): string {
  const paragraphs = Array.from({ length: 10 }, () => `<p>${paragraph(random)}</p>`).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}_测试站</title>
<meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="${date} 09:00"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/list/">要闻</a> <a href="/about/">关于</a></div>
<h1>${title}</h1><div class="info">发布时间：${date} 09:00 来源：测试站</div>
<div id="content">${paragraphs}</div>
<div class="share">分享到：微信 微博 关注微信公众号</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/list/">更多要闻</a></li></ul></div>
<div class="footer">版权所有 测试站 · 粤ICP备00000000号</div></body></html>`;
}

/** A page and the sidecar that makes the fixture server send an ETag and answer If-None-Match with 304, as most CMSs do. */
function writePage(file: string, html: string): void {
  fs.writeFileSync(file, html);
  const etag = `"${createHash('sha1').update(html).digest('hex').slice(0, 16)}"`;
  fs.writeFileSync(`${file}.headers.json`, JSON.stringify({ 'Content-Type': 'text/html; charset=utf-8', ETag: etag }));
}

/**
 * Writes `sites` made-up news sites into `root` in the fixture server's layout
 * (root/<host>/<path>), each with one list page and `perSite` article pages. Each site draws from
 * its own seed, so writing the same sites again with more articles leaves the earlier pages
 * byte for byte as they were (a later run sees them unchanged) and only adds new ones.
 */
export function generateSites(root: string, sites: number, perSite: number, seed = 20261129, prefix = 'site', listed = perSite): BenchSite[] {
  const out: BenchSite[] = [];
  for (let s = 0; s < sites; s++) {
    const random = seededRandom(seed + s * 7919);
    const host = `${prefix}-${s}.bench.invalid`;
    const items: string[] = [];
    fs.mkdirSync(path.join(root, host, 'list'), { recursive: true });
    fs.mkdirSync(path.join(root, host, 'news'), { recursive: true });
    for (let i = 0; i < perSite; i++) {
      const title = `${pick(random, SUBJECTS)}${pick(random, VERBS)}${pick(random, OBJECTS)}（${s}-${i}）`;
      const day = String(1 + (i % 28)).padStart(2, '0');
      const date = `2026-11-${day}`;
      writePage(path.join(root, host, 'news', `${1000 + i}.html`), articleHtml(random, title, date));
      // A list shows only its newest `listed` items, as a CMS's first page does.
      if (i >= perSite - listed) items.push(`<li><a href="/news/${1000 + i}.html" title="${title}">${title}</a><span>${date}</span></li>`);
    }
    // Most sites publish a robots.txt; the fetcher reads and parses it once per host and pass.
    fs.writeFileSync(path.join(root, host, 'robots.txt'), 'User-agent: *\nDisallow: /admin/\nDisallow: /search\n\nUser-agent: BadBot\nDisallow: /\n');
    writePage(
      path.join(root, host, 'list', 'index.html'),
      `<!doctype html><html><head><meta charset="utf-8"><title>要闻</title></head><body><ul class="news_list">${items.join('')}</ul></body></html>`,
    );
    out.push({ host, listUrl: `https://${host}/list/`, articles: perSite });
  }
  return out;
}
