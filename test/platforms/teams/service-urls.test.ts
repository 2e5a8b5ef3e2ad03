// The rule behind "the bot sends only to Microsoft's Bot Connector": which serviceUrls pass,
// as a table, with the look-alikes an attacker would try.

import { describe, expect, it } from 'vitest';
import { ServiceUrlAllowlist } from '../../../src/platforms/teams/service-urls.js';

describe("the default allowlist: Microsoft's Teams hosts", () => {
  const list = new ServiceUrlAllowlist();
  it.each([
    ['https://smba.trafficmanager.net/amer/', true],
    ['https://smba.trafficmanager.net/emea/', true],
    ['https://smba.trafficmanager.net/teams/', true],
    ['https://SMBA.trafficmanager.net/apac/', true],
    ['https://smba.infra.gcc.teams.microsoft.com/teams', true],
    ['https://smba.infra.gov.teams.microsoft.us/teams', true],
    ['https://smba.infra.dod.teams.microsoft.us/teams', true],
    ['http://smba.trafficmanager.net/amer/', false],
    ['https://smba.trafficmanager.net:8443/amer/', false],
    ['https://smba.trafficmanager.net.evil.example/amer/', false],
    ['https://evil.example/smba.trafficmanager.net/', false],
    ['https://smba.trafficmanager.net@evil.example/', false],
    ['https://user:pw@smba.trafficmanager.net/amer/', false],
    ['https://trafficmanager.net/', false],
    ['http://127.0.0.1:3978/', false],
    ['not a url', false],
    ['', false],
    [undefined, false],
  ] as const)('%s -> %s', (url, allowed) => {
    expect(list.allows(url)).toBe(allowed);
  });
});

describe('TEAMS_SERVICE_URL_ALLOWLIST replaces the default', () => {
  const list = new ServiceUrlAllowlist(['http://127.0.0.1:4000/', 'https://bots.example.cn/teams']);
  it.each([
    ['http://127.0.0.1:4000/v3/conversations', true],
    ['http://127.0.0.1:4001/', false],
    ['https://bots.example.cn/teams/', true],
    ['https://bots.example.cn/teams', true],
    ['https://bots.example.cn/teamsx/', false],
    ['https://bots.example.cn/', false],
    ['https://smba.trafficmanager.net/amer/', false],
  ] as const)('%s -> %s', (url, allowed) => {
    expect(list.allows(url)).toBe(allowed);
  });
});
