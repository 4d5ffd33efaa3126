import { extractArticle } from '../../lambdas/core/extract';
import { policyFacts } from '../../lambdas/core/digest/policy-facts';
import { shiftDates } from '../../lambdas/demo/shift-dates';

/** A gz.gov.cn-style 政府信息公开 page: a plain table of labelled cells above the text, attachments at the foot. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>广州市人民政府办公厅关于印发广州市算力基础设施三年行动计划的通知_广州市人民政府门户网站</title></head><body>
<table class="xxgk_table"><tbody>
<tr><td>索\u3000引\u3000号：</td><td>11440100MB2C92752M/2026-00123</td><td>分\u3000\u3000类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>广州市人民政府办公厅</td><td>成文日期：</td><td>2026年11月20日</td></tr>
<tr><td>标\u3000\u3000题：</td><td>广州市人民政府办公厅关于印发广州市算力基础设施三年行动计划的通知</td></tr>
<tr><td>发文字号：</td><td>穗府办〔2026〕12号</td><td>发布日期：</td><td>2026年11月25日</td></tr>
<tr><td>施行日期：</td><td>2026年12月1日</td><td>有效性：</td><td>有效</td></tr>
</tbody></table>
<h1>广州市人民政府办公厅关于印发广州市算力基础设施三年行动计划的通知</h1>
<div class="article-content"><p>各区人民政府，市政府各部门、各直属机构：</p><p>《广州市算力基础设施三年行动计划》已经市人民政府同意，现印发给你们，请认真组织实施。实施中遇到的问题，请径向市工业和信息化局反映。</p>
<p>附件：1. <a href="/attachment/7/7801/7801234/10611111.pdf">广州市算力基础设施三年行动计划.pdf</a></p>
<p>2. <a href="https://www.gz.gov.cn/attachment/7/7801/7801234/10611112.wps">重点项目表.wps</a> 3. <a href="./10611113.ofd">正式文本</a> 4. <a href="/img/logo.png">标志</a></p></div>
</body></html>`;

test('a gov page that prints its facts in a plain table gives 文号, 发文机关, 成文/发布/施行 dates, 有效性 and its attachments', () => {
  const article = extractArticle(PAGE, 'https://www.gz.gov.cn/zwgk/fggw/szfbgtwj/content/post_10611110.html');
  expect(article.meta).toMatchObject({ 索引号: '11440100MB2C92752M/2026-00123', 发文机关: '广州市人民政府办公厅', 成文日期: '2026年11月20日', 发文字号: '穗府办〔2026〕12号', 施行日期: '2026年12月1日', 有效性: '有效' });
  expect(article.attachments).toEqual([
    { name: '广州市算力基础设施三年行动计划.pdf', url: 'https://www.gz.gov.cn/attachment/7/7801/7801234/10611111.pdf' },
    { name: '重点项目表.wps', url: 'https://www.gz.gov.cn/attachment/7/7801/7801234/10611112.wps' },
    { name: '正式文本', url: 'https://www.gz.gov.cn/zwgk/fggw/szfbgtwj/content/10611113.ofd' },
  ]);
  const facts = policyFacts({ ...article, attachments: article.attachments });
  expect(facts.fields).toEqual([
    { name: 'number', value: '穗府办〔2026〕12号' },
    { name: 'issuer', value: '广州市人民政府办公厅' },
    { name: 'written', value: '2026年11月20日' },
    { name: 'published', value: '2026年11月25日' },
    { name: 'effective', value: '2026年12月1日' },
    { name: 'validity', value: '有效' },
  ]);
});

describe('fixture dates moved to the present', () => {
  test('dates in text, feeds and JSON move by whole days; URLs and history do not', () => {
    const page =
      '<a href="https://news.dayoo.com/guangzhou/202611/27/139995_1.htm">x</a><span class="date">2026-11-27 10:05</span> 2026年11月25日 依据2021年12月31日印发的办法 ' +
      '<pubDate>Wed, 25 Nov 2026 02:30:00 +0000</pubDate> {"created_at":1795745133000,"display_publish_time":1795222965,"url":"https:\\/\\/www.gz.gov.cn\\/2026-11\\/25\\/a.html"}';
    expect(shiftDates(page, '2026-11-27', 5)).toBe(
      '<a href="https://news.dayoo.com/guangzhou/202611/27/139995_1.htm">x</a><span class="date">2026-12-02 10:05</span> 2026年11月30日 依据2021年12月31日印发的办法 ' +
        `<pubDate>Mon, 30 Nov 2026 02:30:00 +0000</pubDate> {"created_at":${1795745133000 + 5 * 86_400_000},"display_publish_time":${1795222965 + 5 * 86_400},"url":"https:\\/\\/www.gz.gov.cn\\/2026-11\\/25\\/a.html"}`,
    );
    expect(shiftDates(page, '2026-11-27', 0)).toBe(page);
  });
});
