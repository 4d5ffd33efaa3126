/** The address classifier and the checks built on it (no network: lookups are local or injected). */
import type dns from 'node:dns';
import { SourceFailure } from '../../lambdas/core/errors';
import {
  AddressRefusedError,
  addressRefusal,
  checkUrl,
  classifyAddress,
  createGuardedLookup,
} from '../../lambdas/adapters/network-policy';

describe('classifyAddress', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'], // deprecated site-local
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  test.each([
    ['8.8.8.8'],
    ['14.215.177.38'], // a Guangzhou address
    ['172.15.255.255'], // just below 172.16/12
    ['172.32.0.0'], // just above it
    ['100.63.255.255'],
    ['100.128.0.0'],
    ['2400:3200::1'],
    ['::ffff:8.8.8.8'],
    ['2001:4860:4860::8888'],
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  test('a host name is not an address', () => {
    expect(() => classifyAddress('localhost')).toThrow(TypeError);
  });
});

describe('addressRefusal', () => {
  test('explains the refusal and how to allow it', () => {
    expect(addressRefusal('127.0.0.1', { allowPrivateNetwork: false })).toBe(
      '127.0.0.1 is a loopback address; pass --allow-private-network to allow it',
    );
    expect(addressRefusal('::', { allowPrivateNetwork: false })).toBe(
      ':: is an unspecified address; pass --allow-private-network to allow it',
    );
    expect(addressRefusal('10.0.0.8', { allowPrivateNetwork: false }, 'intranet.example')).toBe(
      'intranet.example resolves to 10.0.0.8, a private address; pass --allow-private-network to allow it',
    );
  });

  test('allows everything when private networks are allowed, and public addresses always', () => {
    expect(addressRefusal('127.0.0.1', { allowPrivateNetwork: true })).toBeUndefined();
    expect(addressRefusal('8.8.8.8', { allowPrivateNetwork: false })).toBeUndefined();
  });
});

describe('checkUrl', () => {
  const strict = { allowPrivateNetwork: false };

  function refusal(url: string): string {
    try {
      checkUrl(url, strict);
    } catch (error) {
      expect(error).toBeInstanceOf(SourceFailure);
      expect((error as SourceFailure).failureClass).toBe('blocked');
      return (error as Error).message;
    }
    throw new Error(`expected ${url} to be refused`);
  }

  test('refuses private literals, whatever their spelling', () => {
    expect(refusal('http://127.0.0.1:8080/x')).toBe(
      'refused http://127.0.0.1:8080/x: 127.0.0.1 is a loopback address; pass --allow-private-network to allow it',
    );
    // WHATWG URL parsing normalises these to 127.0.0.1 / ::ffff:7f00:1 before we look.
    expect(refusal('http://2130706433/')).toContain('127.0.0.1 is a loopback address');
    expect(refusal('http://0x7f.1/')).toContain('127.0.0.1 is a loopback address');
    expect(refusal('http://[::ffff:127.0.0.1]/')).toContain('::ffff:7f00:1 is a loopback address');
    expect(refusal('http://[fe80::1]/')).toContain('fe80::1 is a link-local address');
  });

  test('refuses other schemes and garbage', () => {
    expect(refusal('ftp://example.com/a')).toBe('refused ftp://example.com/a: only http: and https: URLs are fetched, not ftp:');
    expect(refusal('not a url')).toBe('refused not a url: not a valid absolute URL');
  });

  test('lets public literals and host names through (names are checked at connect time)', () => {
    expect(checkUrl('https://www.gz.gov.cn/zwgk/', strict).hostname).toBe('www.gz.gov.cn');
    expect(checkUrl('http://14.215.177.38/', strict).hostname).toBe('14.215.177.38');
    expect(checkUrl('http://localhost/', strict).hostname).toBe('localhost');
  });
});

describe('createGuardedLookup', () => {
  type Answer = dns.LookupAddress[];

  /** A resolver that answers from a table, the way dns.lookup with `all: true` does. */
  function fakeResolve(table: Record<string, Answer>): typeof dns.lookup {
    return ((hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, addresses?: Answer) => void) => {
      const answer = table[hostname];
      if (answer) callback(null, answer);
      else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    }) as unknown as typeof dns.lookup;
  }

  function lookup(
    hostname: string,
    options: dns.LookupOptions,
    table: Record<string, Answer>,
    allowPrivateNetwork = false,
  ): Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
    const guarded = createGuardedLookup({ allowPrivateNetwork }, fakeResolve(table));
    return new Promise((resolve) => guarded(hostname, options, (error, address, family) => resolve({ error, address, family })));
  }

  const table: Record<string, Answer> = {
    'www.gz.gov.cn': [{ address: '14.215.177.38', family: 4 }],
    'rebind.example': [
      { address: '14.215.177.38', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ],
    'v6.example': [{ address: '::ffff:192.168.0.1', family: 6 }],
  };

  test('passes public answers through in the shape asked for', async () => {
    expect(await lookup('www.gz.gov.cn', { all: true }, table)).toEqual({
      error: null,
      address: [{ address: '14.215.177.38', family: 4 }],
      family: undefined,
    });
    expect(await lookup('www.gz.gov.cn', {}, table)).toEqual({ error: null, address: '14.215.177.38', family: 4 });
  });

  test('refuses a name when any of its addresses is refused', async () => {
    const { error } = await lookup('rebind.example', { all: true }, table);
    expect(error).toBeInstanceOf(AddressRefusedError);
    expect(error?.message).toBe(
      'rebind.example resolves to 169.254.169.254, a link-local address; pass --allow-private-network to allow it',
    );
  });

  test('refuses IPv4-mapped private answers', async () => {
    const { error } = await lookup('v6.example', {}, table);
    expect(error?.message).toContain('v6.example resolves to ::ffff:192.168.0.1, a private address');
  });

  test('allows private answers when private networks are allowed', async () => {
    const { error, address } = await lookup('rebind.example', {}, table, true);
    expect(error).toBeNull();
    expect(address).toBe('14.215.177.38');
  });

  test('passes resolver errors on', async () => {
    const { error } = await lookup('nowhere.invalid', {}, table);
    expect(error?.code).toBe('ENOTFOUND');
  });

  test('with the real resolver, localhost is refused', async () => {
    const guarded = createGuardedLookup({ allowPrivateNetwork: false });
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guarded('localhost', {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(AddressRefusedError);
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });
});
