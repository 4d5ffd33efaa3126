import seed from '../../lambdas/data/watchlist-seed.json';
import { entitiesToCsv, parseEntities, parseEntitiesCsv } from '../../lambdas/core/entity-schema';
import { InputError } from '../../lambdas/core/errors';

function failure(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const good = { id: 'company-cloudwalk', kind: 'company', name: '云从科技' };

describe('parseEntities', () => {
  it('reads the seed list, every entry enabled and distinct', () => {
    const entities = parseEntities(seed, 'watchlist-seed.json');
    expect(entities).toHaveLength(60);
    expect(new Set(entities.map((e) => e.id)).size).toBe(60);
    expect(entities.find((e) => e.id === 'company-cloudwalk')).toMatchObject({
      name: '云从科技',
      aliases: expect.arrayContaining(['云从科技集团股份有限公司', '雲從科技', 'CloudWalk']) as string[],
      enabled: true,
    });
    expect(entities.filter((e) => e.kind === 'person').every((e) => e.context.length > 0)).toBe(true);
  });

  it('fills in empty lists and enabled: true when they are left out', () => {
    expect(parseEntities({ version: 1, entities: [good] }, 'w.json')).toEqual([
      { ...good, aliases: [], context: [], exclude: [], tags: [], enabled: true },
    ]);
  });

  it('names the file, the entry (index and id) and the field of a wrong kind', () => {
    const others = ['a', 'b', 'c'].map((id) => ({ ...good, id }));
    const input = { version: 1, entities: [...others, { ...good, id: 'x', kind: 'startup' }] };
    expect(failure(() => parseEntities(input, 'watchlist.json')).message).toBe(
      'watchlist.json: entities[3] (id "x"): kind must be one of company, institution, person, policy',
    );
  });

  it('names the list item that is wrong', () => {
    const input = [{ ...good, aliases: ['雲從科技', ''] }];
    expect(failure(() => parseEntities(input, 'w.json')).message).toBe('w.json: entities[0] (id "company-cloudwalk"): aliases[1] must not be empty');
  });

  it('rejects a missing name, an id that is not lowercase ascii, and unknown fields', () => {
    expect(failure(() => parseEntities([{ id: 'a', kind: 'person' }], 'w.json')).message).toMatch(/^w\.json: entities\[0\] \(id "a"\): name /);
    expect(failure(() => parseEntities([{ ...good, id: 'Company_X' }], 'w.json')).message).toMatch(/entities\[0\] \(id "Company_X"\): id must be lowercase ascii/);
    expect(failure(() => parseEntities([{ ...good, alias: ['x'] }], 'w.json')).message).toBe(
      'w.json: entities[0] (id "company-cloudwalk"): entry unknown field(s) alias',
    );
  });

  it('rejects a duplicate id, naming both entries', () => {
    const input = { version: 1, entities: [good, { ...good, name: '另一个' }] };
    expect(failure(() => parseEntities(input, 'w.json')).message).toBe('w.json: entities[1] (id "company-cloudwalk"): id duplicates entities[0]');
  });

  it('rejects a file without version 1', () => {
    expect(failure(() => parseEntities({ entities: [] }, 'w.json')).message).toBe(
      'w.json: version must be 1 (expected {"version": 1, "entities": [...]})',
    );
  });
});

describe('CSV', () => {
  it('round-trips the seed list unchanged', () => {
    const entities = parseEntities(seed, 'watchlist-seed.json');
    const csv = entitiesToCsv(entities);
    expect(csv.split('\n')[0]).toBe('id,kind,name,aliases,context,exclude,weak,caseSensitive,negative,tags,enabled');
    expect(parseEntitiesCsv(csv, 'seed.csv')).toEqual(entities);
  });

  it('reads list cells separated by "|", quoted commas and default columns', () => {
    const csv = [
      'id,kind,name,aliases,context,exclude,tags,enabled',
      'person-su-jiang,person,苏江,蘇江,company-dmai|白盒推理,"江苏江, 姑苏江",,',
      'company-x,company,"Acme, Inc.",,,,,no',
    ].join('\n');
    expect(parseEntitiesCsv(csv, 'w.csv')).toEqual([
      { id: 'person-su-jiang', kind: 'person', name: '苏江', aliases: ['蘇江'], context: ['company-dmai', '白盒推理'], exclude: ['江苏江, 姑苏江'], tags: [], enabled: true },
      { id: 'company-x', kind: 'company', name: 'Acme, Inc.', aliases: [], context: [], exclude: [], tags: [], enabled: false },
    ]);
  });

  it('names the row and field of a bad cell', () => {
    const csv = 'id,kind,name,enabled\ncompany-a,company,A,true\ncompany-b,company,B,maybe\n';
    expect(failure(() => parseEntitiesCsv(csv, 'w.csv')).message).toBe('w.csv: entities[1] (id "company-b"): enabled must be true or false, not "maybe"');
    const badKind = 'id,kind,name\ncompany-a,firm,A\n';
    expect(failure(() => parseEntitiesCsv(badKind, 'w.csv')).message).toBe(
      'w.csv: entities[0] (id "company-a"): kind must be one of company, institution, person, policy',
    );
  });

  it('rejects unknown or missing columns', () => {
    expect(failure(() => parseEntitiesCsv('id,kind,name,colour\na,company,A,red\n', 'w.csv')).message).toBe('w.csv: unknown column(s) colour');
    expect(failure(() => parseEntitiesCsv('id,name\na,A\n', 'w.csv')).message).toBe('w.csv: missing column(s) kind');
  });
});

describe('the fields for real writing: weak, caseSensitive, negative and {n} patterns', () => {
  it('reads them, and leaves them out of entities that do not use them', () => {
    const [entity, plain] = parseEntities([
      { ...good, aliases: ['CloudWalk', '云从科技集团{n}届股东大会'], weak: ['云从', 'CW'], caseSensitive: ['CW'], negative: ['风从虎'] },
      { id: 'company-plain', kind: 'company', name: '平常公司' },
    ], 'w.json');
    expect(entity).toMatchObject({ weak: ['云从', 'CW'], caseSensitive: ['CW'], negative: ['风从虎'] });
    expect(plain).not.toHaveProperty('weak');
    expect(plain).not.toHaveProperty('negative');
  });

  it.each([
    [{ ...good, caseSensitive: ['SYSU'] }, /entities\[0\] \(id "company-cloudwalk"\): caseSensitive\[0\] "SYSU" is not one of the name, aliases or weak/],
    [{ ...good, aliases: ['广州市第{n}届{n}'] }, /aliases\[0\] may hold \{n\} only once/],
    [{ ...good, weak: ['{n}'] }, /weak\[0\] needs fixed text beside \{n\}/],
    [{ ...good, aliases: ['第{x}届'] }, /aliases\[0\] may only use the placeholder \{n\}/],
    [{ ...good, negative: [''] }, /negative\[0\] must not be empty/],
  ])('refuses a bad entry and names the field: %j', (entry, message) => {
    expect(failure(() => parseEntities([entry], 'w.json')).message).toMatch(message);
  });

  it('reads CSV with and without the new columns; an empty cell leaves the field out', () => {
    const older = parseEntitiesCsv('id,kind,name,aliases,context,exclude,tags,enabled\ncompany-a,company,甲公司,甲,,,,\n', 'old.csv');
    expect(older[0]).not.toHaveProperty('weak');
    const newer = parseEntitiesCsv('id,kind,name,weak,caseSensitive,negative\ncompany-a,company,甲公司,甲|JIA,JIA,乙方|丙方\ncompany-b,company,乙公司,,,\n', 'new.csv');
    expect(newer[0]).toMatchObject({ weak: ['甲', 'JIA'], caseSensitive: ['JIA'], negative: ['乙方', '丙方'] });
    expect(newer[1]).not.toHaveProperty('weak');
  });
});
