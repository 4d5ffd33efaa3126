import {
  diffPolicyDocument,
  policySentences,
  policyStatus,
  snapshotHash,
  type PolicySnapshot,
} from '../../lambdas/core/policy-diff';

// A 规范性文件 as the extractor returns it: 文号 line, covering notice, then the measures.
const BODY = [
  '穗工信规字〔2025〕3号',
  '广州市工业和信息化局关于印发广州市算力券管理办法的通知',
  '各区工业和信息化主管部门，各有关单位：',
  '\u3000\u3000《广州市算力券管理办法》已经市人民政府同意，现印发给你们，请认真贯彻执行。执行中遇到的问题，请径向市工业和信息化局反映。',
  '\u3000\u3000广州市工业和信息化局',
  '\u3000\u30002025年3月1日',
  '广州市算力券管理办法',
  '第一条\u3000为降低企业使用智能算力的成本，推动人工智能产业发展，制定本办法。',
  '第二条\u3000本办法所称算力券，是指市财政安排资金、用于抵扣企业购买算力服务费用的凭证。',
  '第三条\u3000算力券按照企业实际采购金额的百分之三十抵扣，单家企业每年最高五百万元。',
  '第四条\u3000申领企业应当在本市注册，且近三年无严重失信记录；已享受其他市级算力补贴的，不得重复申领。',
  '第五条\u3000本办法自2025年4月1日起施行，有效期五年。',
].join('\n');

const META = {
  统一编号: 'GZ0320250003',
  文号: '穗工信规字〔2025〕3号',
  实施日期: '2025年04月01日',
  失效日期: '2030年03月31日',
  发布机关: '广州市工业和信息化局',
  文件状态: '有效',
};

const TITLE = '广州市工业和信息化局关于印发广州市算力券管理办法的通知';

function snapshot(overrides: Partial<PolicySnapshot> & { meta?: Record<string, string> } = {}): PolicySnapshot {
  const meta = overrides.meta ?? META;
  const body = overrides.body ?? BODY;
  return { title: overrides.title ?? TITLE, body, meta, status: policyStatus(meta, body) };
}

describe('diffPolicyDocument', () => {
  test('a status change 有效 → 废止 is reported once, as the status', () => {
    const before = snapshot();
    const after = snapshot({ meta: { ...META, 文件状态: '已废止' } });
    expect(diffPolicyDocument(before, after)).toEqual({
      fields: [{ kind: 'status', name: 'status', before: '有效', after: '废止' }],
      addedSentences: [],
      removedSentences: [],
    });
  });

  test('a changed 失效日期 shows before and after', () => {
    const after = snapshot({ meta: { ...META, 失效日期: '2027年03月31日' } });
    expect(diffPolicyDocument(snapshot(), after)).toEqual({
      fields: [{ kind: 'meta', name: '失效日期', before: '2030年03月31日', after: '2027年03月31日' }],
      addedSentences: [],
      removedSentences: [],
    });
  });

  test('an added clause is listed as the added sentence, nothing removed', () => {
    const clause = '第六条\u3000市工业和信息化局每年公布算力券的发放和使用情况，接受社会监督。';
    const body = BODY.replace('第五条', `${clause}\n第五条`);
    const diff = diffPolicyDocument(snapshot(), snapshot({ body }));
    expect(diff).toEqual({
      fields: [],
      addedSentences: ['第六条 市工业和信息化局每年公布算力券的发放和使用情况，接受社会监督。'],
      removedSentences: [],
    });
  });

  test('a removed sentence is listed as removed, the rest of its paragraph untouched', () => {
    const body = BODY.replace('执行中遇到的问题，请径向市工业和信息化局反映。', '');
    expect(diffPolicyDocument(snapshot(), snapshot({ body }))).toEqual({
      fields: [],
      addedSentences: [],
      removedSentences: ['执行中遇到的问题，请径向市工业和信息化局反映。'],
    });
  });

  test('an edited sentence shows as the old one removed and the new one added', () => {
    const body = BODY.replace('百分之三十', '百分之二十');
    const diff = diffPolicyDocument(snapshot(), snapshot({ body }));
    expect(diff?.removedSentences).toEqual(['第三条 算力券按照企业实际采购金额的百分之三十抵扣，单家企业每年最高五百万元。']);
    expect(diff?.addedSentences).toEqual(['第三条 算力券按照企业实际采购金额的百分之二十抵扣，单家企业每年最高五百万元。']);
  });

  test('a re-formatted but unchanged document is no change, and hashes the same', () => {
    // Re-wrapped lines, different indentation, spaces inside sentences, full-width digits and
    // half-width punctuation, CRLF line ends: what a template change or a copy-paste does.
    const reformatted = BODY.split('\n')
      .map((line) => line.replace(/\u3000/g, '  ').replace(/。/g, '。 '))
      .join('\r\n\r\n')
      .replace('第四条  申领企业应当在本市注册，', '第四条 申领企业应当在本市注册，\n')
      .replace('2025年4月1日', '２０２５年４月１日')
      .replace('；已享受', ';已享受');
    const before = snapshot();
    const after = snapshot({ body: reformatted, title: ` ${TITLE}\u3000`, meta: { ...META, 失效日期: ' 2030年03月31日 ' } });
    expect(after.body).not.toBe(before.body);
    expect(diffPolicyDocument(before, after)).toBeNull();
    expect(snapshotHash(after)).toBe(snapshotHash(before));
  });

  test('a re-wrapped sentence next to a real change: only the real change is reported', () => {
    const body = BODY.replace('第二条\u3000本办法所称算力券，', '第二条\u3000本办法所称算力券，\n').replace('有效期五年', '有效期三年');
    expect(diffPolicyDocument(snapshot(), snapshot({ body }))).toEqual({
      fields: [],
      addedSentences: ['第五条 本办法自2025年4月1日起施行，有效期三年。'],
      removedSentences: ['第五条 本办法自2025年4月1日起施行，有效期五年。'],
    });
  });

  test('a title change is reported with both titles', () => {
    const title = '广州市工业和信息化局关于印发广州市算力券管理办法（修订）的通知';
    const diff = diffPolicyDocument(snapshot(), snapshot({ title }));
    expect(diff).toEqual({ fields: [{ kind: 'title', name: 'title', before: TITLE, after: title }], addedSentences: [], removedSentences: [] });
  });

  test('an unchanged document, or one whose page was only re-stamped, is no change', () => {
    expect(diffPolicyDocument(snapshot(), snapshot())).toBeNull();
    const restamped = snapshot({ meta: { ...META, lastmodifiedtime: '2025-11-20-10:00:00' } });
    expect(diffPolicyDocument(snapshot(), restamped)).toBeNull();
    expect(snapshotHash(restamped)).toBe(snapshotHash(snapshot()));
  });

  test('a moved paragraph is no news; a sentence said twice must be removed twice', () => {
    const lines = BODY.split('\n');
    const moved = [...lines.slice(0, 7), lines[8], lines[7], ...lines.slice(9)].join('\n');
    expect(diffPolicyDocument(snapshot(), snapshot({ body: moved }))).toBeNull();
    const twice = `${BODY}\n第五条\u3000本办法自2025年4月1日起施行，有效期五年。`;
    expect(diffPolicyDocument(snapshot({ body: twice }), snapshot())?.removedSentences).toEqual([
      '第五条 本办法自2025年4月1日起施行，有效期五年。',
    ]);
  });

  test('several changes at once come in a fixed order: title, status, then meta by key', () => {
    const after: PolicySnapshot = {
      title: `${TITLE}（已废止）`,
      body: BODY,
      meta: { ...META, 文件状态: '废止', 失效日期: '2025年11月30日', 发布机关: '广州市工业和信息化局、广州市财政局' },
      status: '废止',
    };
    const diff = diffPolicyDocument(snapshot(), after);
    expect(diff?.fields.map((f) => [f.kind, f.name])).toEqual([
      ['title', 'title'],
      ['status', 'status'],
      ['meta', '发布机关'],
      ['meta', '失效日期'],
    ]);
  });

  test('a meta field that appears or disappears has null on the missing side', () => {
    const { 统一编号: _dropped, ...rest } = META;
    const diff = diffPolicyDocument(snapshot(), snapshot({ meta: { ...rest, 关键词: '算力券' } }));
    expect(diff?.fields).toEqual([
      { kind: 'meta', name: '关键词', before: null, after: '算力券' },
      { kind: 'meta', name: '统一编号', before: 'GZ0320250003', after: null },
    ]);
  });

  test('gkmlpt flags flipping are reported as the status, not as raw flags', () => {
    const flags = (abolished: string) => ({ 文号: '穗府办〔2020〕9号', is_expired: 'false', is_abolished: abolished });
    const before = snapshot({ meta: flags('false') });
    const after = snapshot({ meta: flags('true') });
    expect(diffPolicyDocument(before, after)?.fields).toEqual([{ kind: 'status', name: 'status', before: '有效', after: '废止' }]);
  });
});

describe('policyStatus', () => {
  test('reads 文件状态 and its spellings', () => {
    expect(policyStatus({ 文件状态: '有效' }, BODY)).toBe('有效');
    expect(policyStatus({ 文件状态: '现行有效' }, BODY)).toBe('有效');
    expect(policyStatus({ 文件状态: '已废止' }, BODY)).toBe('废止');
    expect(policyStatus({ 文件状态: '已失效' }, BODY)).toBe('失效');
    expect(policyStatus({ 文件状态: '已修订' }, BODY)).toBe('修订');
    expect(policyStatus({ 文件状态: '部分失效' }, BODY)).toBe('部分失效');
    expect(policyStatus({ EXT_sx: '无效' }, BODY)).toBe('失效');
  });

  test('reads gkmlpt flags: both false is 有效, abolished wins over expired', () => {
    expect(policyStatus({ is_expired: 'false', is_abolished: 'false' }, BODY)).toBe('有效');
    expect(policyStatus({ is_expired: 'true', is_abolished: 'false' }, BODY)).toBe('失效');
    expect(policyStatus({ is_expired: 'true', is_abolished: 'true' }, BODY)).toBe('废止');
    expect(policyStatus({ is_expired: '0', is_abolished: '1' }, BODY)).toBe('废止');
  });

  test('an empty 文件状态 cell says nothing; a marker line in the text does', () => {
    expect(policyStatus({ 文件状态: '' }, BODY)).toBeUndefined();
    expect(policyStatus(undefined, BODY)).toBeUndefined();
    expect(policyStatus({ 文件状态: '' }, `（已废止）\n${BODY}`)).toBe('废止');
    expect(policyStatus({}, `${BODY}\n\u3000\u3000此件已失效。`)).toBe('失效');
    expect(policyStatus({ is_expired: 'false', is_abolished: 'false' }, `【已修订】\n${BODY}`)).toBe('修订');
  });

  test('a document that abolishes another one is not itself abolished', () => {
    const body = `${BODY}\n《广州市算力补贴暂行办法》同时废止。`;
    expect(policyStatus({}, body)).toBeUndefined();
  });
});

describe('policySentences', () => {
  test('splits on Chinese and Latin terminators and on line ends, dropping blank pieces', () => {
    expect(policySentences('第一条　甲。乙！丙？丁；\n\n戊!己?庚;\u3000\u3000\n——\n辛')).toEqual([
      '第一条 甲。',
      '乙！',
      '丙？',
      '丁；',
      '戊!',
      '己?',
      '庚;',
      '辛',
    ]);
  });
});

describe('snapshotHash', () => {
  test('is a sha256 that changes with any meaningful change', () => {
    const base = snapshotHash(snapshot());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const changed = [
      snapshot({ title: `${TITLE}（修订）` }),
      snapshot({ meta: { ...META, 文件状态: '废止' } }),
      snapshot({ meta: { ...META, 失效日期: '2027年03月31日' } }),
      snapshot({ body: BODY.replace('五百万元', '三百万元') }),
    ].map(snapshotHash);
    for (const hash of changed) expect(hash).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
