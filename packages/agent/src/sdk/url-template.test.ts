import { describe, expect, it } from 'vitest';
import { classifySegment, OVERFLOW_TEMPLATE, parseUrlRule, templateOfPath, UrlTemplater } from './url-template.js';

describe('templateOfPath: real-world URLs', () => {
  it.each([
    // kept as they are: words, slugs, versions, short codes
    ['/', '/'],
    ['/health', '/health'],
    ['/api/v1/users', '/api/v1/users'],
    ['/blog/how-to-train-your-dragon', '/blog/how-to-train-your-dragon'],
    ['/blog/my-post-2024', '/blog/my-post-2024'],
    ['/static/app.js', '/static/app.js'],
    ['/css/main.min.css', '/css/main.min.css'],
    ['/api/v2/graphql', '/api/v2/graphql'],
    ['/x86_64/packages', '/x86_64/packages'],
    ['/en-US/docs/Web', '/en-US/docs/Web'],
    ['/repos/facebook/react/pulls', '/repos/facebook/react/pulls'],
    ['/oauth2/authorize', '/oauth2/authorize'],
    ['/page2', '/page2'],
    ['/api/mail/inbox/', '/api/mail/inbox/'],
    // integers
    ['/api/mail/4711', '/api/mail/{id}'],
    ['/api/users/42/orders/1337', '/api/users/{id}/orders/{id}'],
    ['/groupware/mail/0', '/groupware/mail/{id}'],
    ['/api/items/4711.json', '/api/items/{id}.json'],
    // UUIDs, with and without dashes, any case
    ['/api/orders/3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b', '/api/orders/{uuid}'],
    ['/api/orders/3F2B8C1E-9D4A-4E6B-8F1A-2C3D4E5F6A7B/items', '/api/orders/{uuid}/items'],
    ['/api/orders/3f2b8c1e9d4a4e6b8f1a2c3d4e5f6a7b', '/api/orders/{uuid}'],
    // hex ids (Mongo ObjectId, git SHAs)
    ['/api/docs/507f1f77bcf86cd799439011', '/api/docs/{hex}'],
    ['/commit/9fceb02d0ae598e95dc970b74767f19372d61af8', '/commit/{hex}'],
    ['/deadbeef', '/deadbeef'],
    // base64-like and long mixed tokens
    ['/reset/eyJhbGciOiJIUzI1NiJ9', '/reset/{token}'],
    ['/s/dGhpcyBpcyBhIHRlc3QgdG9rZW4', '/s/{token}'],
    ['/invite/AbCdEfGhIjKlMnOpQrSt', '/invite/{token}'],
    ['/v/x7Gk2pQ9rT4mW8zL1nB5', '/v/{token}'],
    // dates
    ['/reports/2024-01-31', '/reports/{date}'],
    ['/events/2024-01-31T10:15:00Z/summary', '/events/{date}/summary'],
    ['/archive/20240131', '/archive/{id}'],
    // shorter ids with many digits
    ['/invoices/INV-2024-0042', '/invoices/{id}'],
    ['/po/PO-88412', '/po/{id}'],
    ['/t/ab12cd34', '/t/{hex}'],
    // percent-encoding and e-mail addresses are user data
    ['/search/caf%C3%A9', '/search/{value}'],
    ['/files/report%202024.pdf', '/files/{value}'],
    ['/users/jane.doe@example.com', '/users/{value}'],
  ])('%s -> %s', (path, expected) => {
    expect(templateOfPath(path)).toBe(expected);
  });
});

describe('classifySegment', () => {
  it('keeps words and slugs', () => {
    for (const s of ['users', 'how-to-train-your-dragon', 'README', 'index.html', 'v1', 'api', 'CamelCase'])
      expect(classifySegment(s)).toBeNull();
  });
});

describe('user rules', () => {
  it('win over shape detection and name their variables', () => {
    const t = new UrlTemplater({ rules: ['/api/users/:id/orders/:orderId', '/u/{name}', '/files/*'] });
    expect(t.template('/api/users/alice/orders/7')).toBe('/api/users/{id}/orders/{orderId}');
    expect(t.template('/u/bob')).toBe('/u/{name}');
    expect(t.template('/files/a/b/c.txt')).toBe('/files/*');
    // no rule matches: shape detection
    expect(t.template('/api/users/42')).toBe('/api/users/{id}');
    // a rule does not match an empty segment
    expect(t.template('/u/')).toBe('/u/');
  });

  it('refuse malformed rules with the rule in the message', () => {
    expect(() => parseUrlRule('api/x')).toThrow('must start with /');
    expect(() => parseUrlRule('/a/*/b')).toThrow('"/a/*/b"');
    expect(() => parseUrlRule('/a/:1x')).toThrow('bad variable name');
  });
});

/** A distinct lower-case word per number (what a user name looks like to the detection). */
function letters(n: number): string {
  let s = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(97 + ((i - 1) % 26)) + s;
  return `user${s}`;
}

describe('UrlTemplater', () => {
  it('never uses the query string', () => {
    const t = new UrlTemplater();
    expect(t.template('/api/mail/12?user=4&token=abc')).toBe('/api/mail/{id}');
    expect(t.template('/search?q=shoes')).toBe('/search');
  });

  it('caps distinct names: 100,000 distinct id URLs give at most the cap', () => {
    const t = new UrlTemplater({ maxNames: 500 });
    const names = new Set<string>();
    // ids the shape detection cannot see (plain words) are what the cap is for
    for (let i = 0; i < 100_000; i++) names.add(t.template(`/api/users/${letters(i)}`));
    expect(t.size).toBe(500);
    expect(names.size).toBe(501); // the cap plus the overflow name
    expect(names.has(OVERFLOW_TEMPLATE)).toBe(true);
    expect(t.overflowed).toBe(100_000 - 500);
    // names known before the cap keep being given
    const first = [...names][0] as string;
    expect(t.template(first)).toBe(first);
  });

  it('folds detectable ids into one name whatever their number', () => {
    const t = new UrlTemplater({ maxNames: 500 });
    for (let i = 0; i < 100_000; i++) t.template(`/api/mail/${i}`);
    expect(t.size).toBe(1);
    expect(t.overflowed).toBe(0);
  });
});

describe('UrlTemplater memory of recent paths', () => {
  it('gives the same names from memory, and forgets overflowed paths', () => {
    const t = new UrlTemplater({ maxNames: 1 });
    expect(t.template('/api/mail/1')).toBe('/api/mail/{id}');
    expect(t.template('/api/mail/1?x=2')).toBe('/api/mail/{id}');
    expect(t.template('/users/alice')).toBe(OVERFLOW_TEMPLATE);
    expect(t.template('/users/alice')).toBe(OVERFLOW_TEMPLATE);
    expect(t.overflowed).toBe(2);
    expect(t.size).toBe(1);
  });
});
