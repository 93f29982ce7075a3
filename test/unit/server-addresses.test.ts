import { describe, expect, it } from 'vitest';
import { parseServerAddresses, ServerAddresses } from '../../shared/server-addresses';

describe('parseServerAddresses', () => {
  it.each([
    ['http://10.0.0.11:8080', ['http://10.0.0.11:8080']],
    [' http://a:1/ , https://b:2// ', ['http://a:1', 'https://b:2']],
    ['http://a:1,http://a:1/', ['http://a:1']],
  ])('reads %j', (text, addresses) => {
    expect(parseServerAddresses(text)).toEqual({ addresses });
  });

  it.each([
    ['', /Enter the server address/],
    ['http://a:1,,http://b:2', /empty entry/],
    ['http://a:1,not a url', /"not a url" is not a full address/],
    ['http://a:1,ftp://b', /"ftp:\/\/b" must start with http/],
  ])('refuses %j, saying what is wrong', (text, message) => {
    const parsed = parseServerAddresses(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('ServerAddresses', () => {
  it('moves to the next address once per failure of the one in use, and wraps around', () => {
    const a = new ServerAddresses(['http://a', 'http://b', 'http://c']);
    expect(a.current()).toBe('http://a');
    expect(a.failed('http://a')).toBe('http://b');
    // A second report about the node already left does not skip the next one.
    expect(a.failed('http://a')).toBe('http://b');
    expect(a.failed('http://b')).toBe('http://c');
    expect(a.failed('http://c')).toBe('http://a');
  });

  it('stays on a single address', () => {
    const a = new ServerAddresses(['http://a']);
    expect(a.failed('http://a')).toBe('http://a');
  });
});
