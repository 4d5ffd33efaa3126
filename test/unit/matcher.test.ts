import seed from '../../lambdas/data/watchlist-seed.json';
import { parseEntities } from '../../lambdas/core/entity-schema';
import { jiebaWords } from '../../lambdas/adapters/jieba-words';
import { buildMatcher } from '../../lambdas/core/matcher';
import type { Entity, Mention } from '../../lambdas/core/types';

function entity(id: string, name: string, extra: Partial<Entity> = {}): Entity {
  return { id, kind: 'company', name, aliases: [], context: [], exclude: [], tags: [], enabled: true, ...extra };
}

/** What a reader of the digest sees of each mention: who, the words, and where. */
function seen(mentions: Mention[]): Array<[string, string, number, number]> {
  return mentions.map((m) => [m.entityId, m.text, m.start, m.end]);
}

const watchlist = parseEntities(seed, 'watchlist-seed.json');
const seedMatcher = buildMatcher(watchlist);

describe('matcher', () => {
  it('reports the words as they stand in the original, with original offsets', () => {
    const text = '消息：香港科技大學（廣州）與ＡＩ＋';
    const mentions = seedMatcher.matchText(text, 'body');
    expect(seen(mentions)).toEqual([
      ['institution-hkust-gz', '香港科技大學（廣州）', 3, 13],
      ['policy-ai-plus', 'ＡＩ＋', 14, 17],
    ]);
    expect(text.slice(mentions[0]!.start, mentions[0]!.end)).toBe('香港科技大學（廣州）');
    expect(mentions[0]).toMatchObject({ name: '香港科技大学(广州)', kind: 'institution', field: 'body' });
  });

  it('matches Latin names as whole words only, ignoring case', () => {
    const matcher = buildMatcher([entity('temu', 'Temu'), entity('kimi', 'Kimi'), entity('dmai', 'DMAI')]);
    expect(seen(matcher.matchText('Akimitsu met Artemus at DMAIL; later KIMI, temu and dmai.', 'body'))).toEqual([
      ['kimi', 'KIMI', 37, 41],
      ['temu', 'temu', 43, 47],
      ['dmai', 'dmai', 52, 56],
    ]);
  });

  it('matches Chinese names anywhere, even inside longer words', () => {
    const matcher = buildMatcher([entity('wx', '微信')]);
    expect(seen(matcher.matchText('用户在微信小程序下单', 'body'))).toEqual([['wx', '微信', 3, 5]]);
  });

  it('gives one mention for overlapping names: the longest', () => {
    const mentions = seedMatcher.matchText('云从科技集团股份有限公司发布公告。粤港澳大湾区', 'body');
    expect(seen(mentions)).toEqual([
      ['company-cloudwalk', '云从科技集团股份有限公司', 0, 12],
      ['policy-gba', '粤港澳大湾区', 17, 23],
    ]);
  });

  it('lets a longer name of another entity win over a shorter one inside it', () => {
    const matcher = buildMatcher([entity('congress', '广州市人大'), entity('committee', '市人大常委会')]);
    expect(seen(matcher.matchText('广州市人大常委会审议草案', 'body'))).toEqual([['committee', '市人大常委会', 2, 8]]);
  });

  it('counts a name with context only where a context term is in the same sentence or nearby', () => {
    const matcher = buildMatcher([
      entity('org', '暗物智能'),
      entity('person', '苏江', { kind: 'person', context: ['org', '白盒推理'] }),
    ]);
    expect(seen(matcher.matchText('暗物智能副总裁苏江发言。', 'body'))).toEqual([
      ['org', '暗物智能', 0, 4],
      ['person', '苏江', 7, 9],
    ]);
    expect(seen(matcher.matchText('苏江谈白盒推理。', 'body'))).toEqual([['person', '苏江', 0, 2]]);
    expect(matcher.matchText('苏江是一名退休教师。', 'body')).toEqual([]);
    // Same sentence but 70 characters apart: still confirmed by the sentence rule.
    const far = `苏江${'今'.repeat(70)}白盒推理。`;
    expect(seen(matcher.matchText(far, 'body'))).toEqual([['person', '苏江', 0, 2]]);
    // Another sentence, more than 60 characters away: not confirmed.
    const otherSentence = `苏江来了。${'今'.repeat(70)}白盒推理。`;
    expect(matcher.matchText(otherSentence, 'body')).toEqual([]);
  });

  it('uses the configured window instead of the sentence when asked', () => {
    const entities = [entity('person', '胡晶', { kind: 'person', context: ['超讯'] })];
    const text = `胡晶${'今'.repeat(20)}超讯`;
    expect(buildMatcher(entities, { window: 10, sentence: false }).matchText(text, 'body')).toEqual([]);
    expect(seen(buildMatcher(entities, { window: 25, sentence: false }).matchText(text, 'body'))).toEqual([['person', '胡晶', 0, 2]]);
  });

  it('lets the full company name count on its own while the plain phrase needs context', () => {
    expect(seedMatcher.matchText('相机把原始像素数据传给处理器。', 'body')).toEqual([]);
    expect(seen(seedMatcher.matchText('像素数据为考场提供巡考系统。', 'body'))).toEqual([['company-pixeldata', '像素数据', 0, 4]]);
    expect(seen(seedMatcher.matchText('广州像素数据技术股份有限公司发布年报。', 'body'))).toEqual([
      ['company-pixeldata', '广州像素数据技术股份有限公司', 0, 14],
    ]);
    expect(seedMatcher.matchText('云从龙，风从虎。', 'body')).toEqual([]);
    expect(seedMatcher.matchText('专辑《月之暗面》发行五十周年。', 'body')).toEqual([]);
    expect(seedMatcher.matchText('本栏目以图表数说故事。', 'body')).toEqual([]);
  });

  it('ignores a name inside an excluded phrase, and only there', () => {
    const text = '关注微信公众号，微信扫一扫。微信推出AI助手。';
    expect(seen(seedMatcher.matchText(text, 'body'))).toEqual([['company-wechat', '微信', 14, 16]]);
  });

  it('does not take 苏江 inside 江苏江阴 for the person, even next to the company', () => {
    expect(seen(seedMatcher.matchText('暗物智能在江苏江阴设立研发中心。', 'body'))).toEqual([['company-dmai', '暗物智能', 0, 4]]);
  });

  it('never matches a disabled entity, whose names still confirm others', () => {
    const matcher = buildMatcher([
      entity('org', '超讯通信', { enabled: false }),
      entity('person', '胡晶', { kind: 'person', context: ['org'] }),
    ]);
    expect(seen(matcher.matchText('超讯通信总经理胡晶', 'body'))).toEqual([['person', '胡晶', 7, 9]]);
  });

  it('gives a snippet of about 40 characters either side, blanks collapsed', () => {
    const text = `${'前'.repeat(60)}\n\n  云从科技  发布新品${'后'.repeat(60)}`;
    const [mention] = seedMatcher.matchText(text, 'body');
    expect(mention!.text).toBe('云从科技');
    expect(mention!.snippet).toBe(`${'前'.repeat(36)} 云从科技 发布新品${'后'.repeat(34)}`);
  });

  it('lists title mentions first, then body mentions, each in text order', () => {
    const mentions = seedMatcher.matchDocument({ title: '唯品会与希音', body: '希音、唯品会和商汤科技' });
    expect(mentions.map((m) => [m.field, m.entityId, m.start])).toEqual([
      ['title', 'company-vipshop', 0],
      ['title', 'company-shein', 4],
      ['body', 'company-shein', 0],
      ['body', 'company-vipshop', 3],
      ['body', 'company-sensetime', 7],
    ]);
  });

  it('finds nothing in text that names nobody', () => {
    expect(seedMatcher.matchText('今天广州天气晴朗，珠江夜游新增两个码头。', 'body')).toEqual([]);
    expect(seedMatcher.matchText('', 'body')).toEqual([]);
  });

  it('resolves every id-like context entry of the seed list to an entity', () => {
    const ids = new Set(watchlist.map((e) => e.id));
    const dangling = watchlist.flatMap((e) => e.context.filter((c) => /^(company|institution|person|policy)-/.test(c) && !ids.has(c)));
    expect(dangling).toEqual([]);
  });
});

describe('a name repeated is no context for itself', () => {
  test('two plain 月之暗面 in an astronomy story are not the company', () => {
    const text = '能不能看到月之暗面？专家解释，所谓月之暗面其实并不总是黑暗的。';
    expect(seedMatcher.matchText(text, 'body').filter((m) => m.entityId === 'company-moonshot')).toEqual([]);
  });
  test('月之暗面 next to Kimi, another of its names, is the company', () => {
    const text = '月之暗面旗下的Kimi新增了深度研究功能。';
    expect(seedMatcher.matchText(text, 'body').filter((m) => m.entityId === 'company-moonshot').map((m) => m.text)).toEqual(['月之暗面', 'Kimi']);
  });
});

describe('the rules added for real writing', () => {
  const reasons = (mentions: Mention[]): Array<[string, string, string | undefined]> => mentions.map((m) => [m.entityId, m.text, m.reason]);

  test('a weak name needs confirmation, a strong one does not, and each says why', () => {
    const matcher = buildMatcher([entity('acme', '艾克米科技', { aliases: ['ACME Robotics'], weak: ['艾克米'], context: ['机器人', 'robots'] })]);
    expect(reasons(matcher.matchText('艾克米科技上市。', 'body'))).toEqual([['acme', '艾克米科技', '强名称 (strong alias)']]);
    expect(matcher.matchText('艾克米是一只卡通猫。', 'body')).toEqual([]);
    expect(reasons(matcher.matchText('艾克米发布机器人。', 'body'))).toEqual([['acme', '艾克米', '上下文「机器人」 (context term 机器人)']]);
  });

  test('English context confirms an English name', () => {
    const matcher = buildMatcher([entity('cw', '云从科技', { weak: ['CloudWalk'], context: ['人脸识别', 'facial recognition'] })]);
    expect(reasons(matcher.matchText('CloudWalk sells Facial Recognition systems.', 'body'))).toEqual([
      ['cw', 'CloudWalk', '上下文「Facial Recognition」 (context term Facial Recognition)'],
    ]);
    expect(matcher.matchText('CloudWalk is a payments firm.', 'body')).toEqual([]);
  });

  test('an acronym listed as case-sensitive matches only in that case', () => {
    const matcher = buildMatcher([entity('sysu', '中山大学', { aliases: ['SYSU'], caseSensitive: ['SYSU'] })]);
    expect(seen(matcher.matchText('Researchers at SYSU and ＳＹＳＵ, not /home/sysu or Sysu.', 'body'))).toEqual([
      ['sysu', 'SYSU', 15, 19],
      ['sysu', 'ＳＹＳＵ', 24, 28],
    ]);
  });

  test('a negative term in the same clause means the other sense, whatever else confirms it', () => {
    const robots = buildMatcher([entity('robotics', '机器人', { negative: ['电话', '客服'] })]);
    expect(robots.matchText('银行用电话机器人提醒还款。', 'body')).toEqual([]);
    expect(robots.matchText('机器人客服会先回答常见问题。', 'body')).toEqual([]);
    expect(seen(robots.matchText('工业机器人销量持续增长，全市客服热线同步开通。', 'body'))).toEqual([['robotics', '机器人', 2, 5]]);
    const moon = buildMatcher([entity('moon', '月之暗面', { aliases: ['Moonshot AI'], weak: ['月之暗面'], negative: ['专辑'] })]);
    expect(moon.matchText('Moonshot AI融资。乐队专辑《月之暗面》再版。', 'body').map((m) => m.text)).toEqual(['Moonshot AI']);
  });

  test('once an entity counts in a document, its weak names and people count elsewhere in it, title included', () => {
    const matcher = buildMatcher([
      entity('org', '暗物智能', { weak: ['暗物'] }),
      entity('person', '苏江', { kind: 'person', weak: ['苏江'], context: ['org'] }),
    ]);
    const body = `苏江表示，团队今年将扩大。${'今'.repeat(70)}。\n\n暗物称销量不错。`;
    expect(matcher.matchDocument({ title: '', body })).toEqual([]);
    expect(reasons(matcher.matchDocument({ title: '暗物智能发布新品', body }))).toEqual([
      ['org', '暗物智能', '强名称 (strong alias)'],
      ['person', '苏江', '文中已确认「暗物智能」 (暗物智能 confirmed in the document)'],
      ['org', '暗物', '文中已确认 (confirmed elsewhere in the document)'],
    ]);
  });

  test('a pattern name takes the number of a numbered session, in Arabic or Chinese digits', () => {
    const matcher = buildMatcher([entity('congress', '广州市人大', { aliases: ['广州市第{n}届人民代表大会'] })]);
    expect(seen(matcher.matchText('廣州市第十六屆人民代表大會開幕，广州市第16届人民代表大会闭幕。广州市第届人民代表大会', 'body'))).toEqual([
      ['congress', '廣州市第十六屆人民代表大會', 0, 13],
      ['congress', '广州市第16届人民代表大会', 16, 29],
    ]);
  });
});

describe('word boundaries for persons\' names', () => {
  const entities = [
    entity('org', '长城战略咨询'),
    entity('person', '孔伟强', { kind: 'person', weak: ['孔伟强'], context: ['org'] }),
  ];
  test('without a segmenter a name inside a longer word counts; with jieba it does not', () => {
    const text = '长城战略咨询的孔伟强大了华南团队。';
    expect(buildMatcher(entities).matchText(text, 'body').map((m) => m.entityId)).toEqual(['org', 'person']);
    expect(buildMatcher(entities, { words: jiebaWords }).matchText(text, 'body').map((m) => m.entityId)).toEqual(['org']);
  });
  test('the name standing as a word still counts, and only persons\' names are checked', () => {
    const matcher = buildMatcher(entities, { words: jiebaWords });
    expect(seen(matcher.matchText('长城战略咨询的孔伟强表示，团队扩大了。', 'body'))).toEqual([
      ['org', '长城战略咨询', 0, 6],
      ['person', '孔伟强', 7, 10],
    ]);
    // A segmenter that cuts every character apart would leave nothing inside a word: it is asked
    // only about sentences holding a person's name.
    const asked: string[] = [];
    const spy = buildMatcher(entities, { words: (sentence) => (asked.push(sentence), [...sentence]) });
    spy.matchText('长城战略咨询发布报告。孔伟强介绍了结论。', 'body');
    expect(asked).toEqual(['孔伟强介绍了结论']);
  });
});
