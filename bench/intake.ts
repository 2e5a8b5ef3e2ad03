// How long the intake parser takes on realistic messages and on hostile 100 KB pastes.
// Target (issue "Production hardening"): a 100 KB message answers in under 50 ms.
import { parseIntake } from '../src/core/intake.js';
import { parseSite } from '../src/core/intake/site.js';

const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
const cases: Record<string, string> = {
  'one pasted request': `Hi, code ${CODE.match(/.{4}/g)!.join(' ')}\nModel: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128\nSN 404754734001050102`,
  '100 KB of one line': 'x'.repeat(100_000),
  '100 KB of short lines': 'MAC 00:07:5F:12:34\n'.repeat(5_300),
  '100 KB of near-codes': 'ABCD '.repeat(20_000),
  '100 KB of mentions': '<!channel> <@U123> '.repeat(5_300),
};

// A whole site in one paste (issue 15): parseSite, same target.
const siteCode = (n: number): string => `K7Q2M9X4R1T8W3Z6P5N0H2J7F4D9B${String(n).padStart(3, '0')}`;
const siteMac = (n: number): string => `00:07:5F:AA:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
const siteCases: Record<string, string> = {
  'site: 50-row table': [
    'Code\tMAC\tFW\tSN\tModel',
    ...Array.from({ length: 50 }, (_, n) => `${siteCode(n)}\t${siteMac(n)}\t7.80.0012\t04401234${n}\tNDE-3503-AL`),
  ].join('\n'),
  'site: 200 camera lines': Array.from({ length: 200 }, (_, n) => `${siteMac(n)} NDE-3503-AL 7.80 ${siteCode(n)} 0440123456${n}`).join(
    '\n',
  ),
  'site: 200 blocks': Array.from({ length: 200 }, (_, n) => `Code: ${siteCode(n)}\nMAC: ${siteMac(n)}\nFW 7.80\nSN 0440123456${n}`).join(
    '\n\n',
  ),
  'site: 100 KB of one line': 'x'.repeat(100_000),
  'site: 10,000 separators': ';'.repeat(10_000),
  'site: 100 KB of ; lines': 'a;b;c;d;e;f;g;h;i;j;k\n'.repeat(4_500),
  'site: 100 KB of short lines': 'MAC 00:07:5F:12:34\n'.repeat(5_300),
  'site: 100 KB of near-codes': 'ABCD '.repeat(20_000),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Said instead of the serial asked for (no digit anywhere): each word is weighed as a pause or a "no".
const askedCases: Record<string, string> = {
  'asked: "Moment bitte"': 'Moment bitte',
  'asked: 100 KB of "wait"': 'wait '.repeat(20_000),
  'asked: 100 KB of "no" lines': 'non lo so\n'.repeat(10_000),
  'asked: 100 KB of one word?': `${'a'.repeat(100_000)}?`,
};

const parsers: Array<[Record<string, string>, (text: string) => unknown]> = [
  [cases, (text) => parseIntake(text, undefined, 'en')],
  [askedCases, (text) => parseIntake(text, 'serial', 'de')],
  [siteCases, (text) => parseSite(text, 'en')],
];
for (const [name, text, parse] of parsers.flatMap(([all, parse]) => Object.entries(all).map(([n, t]) => [n, t, parse] as const))) {
  for (let i = 0; i < 20; i++) parse(text); // warm up
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = process.hrtime.bigint();
    parse(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(28)} ${(text.length / 1024).toFixed(0).padStart(4)} KB  p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms`,
  );
}
