// What a request brings back of its caller's last write (platform/read-your-writes.ts): the cookie a browser
// returns, or the header an API client echoes; the later of the two; nothing from a malformed value.
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { writtenPositionOf } from './read-your-writes.js';

const request = (cookie?: string, header?: string | string[]) =>
  ({
    cookies: cookie === undefined ? {} : { lantern_written: cookie },
    headers: header === undefined ? {} : { 'lantern-written': header },
  }) as unknown as FastifyRequest;

describe("the caller's last write, as the request brings it back", () => {
  it('is read from the cookie or the header', () => {
    expect(writtenPositionOf(request('0/3000060'))).toBe('0/3000060');
    expect(writtenPositionOf(request(undefined, '1/A0'))).toBe('1/A0');
  });

  it('is the later of the two when both come', () => {
    expect(writtenPositionOf(request('0/3000060', '0/3000100'))).toBe('0/3000100');
    expect(writtenPositionOf(request('2/0', '0/3000100'))).toBe('2/0');
  });

  it('is nothing when absent or malformed (then the caller is taken to have written nothing lately)', () => {
    expect(writtenPositionOf(request())).toBeUndefined();
    expect(writtenPositionOf(request('garbage', '0/zz'))).toBeUndefined();
    expect(writtenPositionOf(request('garbage', '0/10'))).toBe('0/10');
  });
});
