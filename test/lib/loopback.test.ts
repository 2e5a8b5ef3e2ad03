import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, isLoopbackHostHeader } from '../../src/lib/loopback.js';

describe('what counts as this machine', () => {
  it.each([
    // address, a loopback peer, a loopback HOST to listen on
    ['127.0.0.1', true, true],
    ['127.8.9.10', true, true],
    ['::1', true, true],
    ['0:0:0:0:0:0:0:1', true, true],
    ['::0001', true, true],
    ['::ffff:127.0.0.1', true, true],
    ['[::1]', true, true],
    ['localhost', false, true],
    ['LOCALHOST.', false, true],
    ['0.0.0.0', false, false],
    ['::', false, false],
    ['1::', false, false],
    ['fe80::1', false, false],
    ['::ffff:10.0.0.1', false, false],
    ['10.0.0.1', false, false],
    ['128.0.0.1', false, false],
    ['localhost.example.com', false, false],
    ['', false, false],
  ])('%j: peer %s, listen %s', (address, peer, listen) => {
    expect(isLoopbackAddress(address)).toBe(peer);
    expect(isLoopbackHost(address)).toBe(listen);
  });

  it.each([
    ['localhost:3000', true],
    ['localhost', true],
    ['127.0.0.1:80', true],
    ['[::1]:3000', true],
    ['app.localhost:3000', true],
    ['attacker.example:3000', false],
    ['127.0.0.1.attacker.example', false],
    ['localhost:3000:1', false],
    ['localhost:port', false],
    ['[fe80::1]:3000', false],
    ['', false],
  ])('Host: %j is this machine: %s', (header, local) => {
    expect(isLoopbackHostHeader(header)).toBe(local);
  });
});
