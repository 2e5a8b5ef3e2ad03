// How long the intake parser takes on realistic messages and on hostile 100 KB pastes.
// Target (issue "Production hardening"): a 100 KB message answers in under 50 ms.
import { parseIntake } from '../src/core/intake.js';

const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
const cases: Record<string, string> = {
  'one pasted request': `Hi, code ${CODE.match(/.{4}/g)!.join(' ')}\nModel: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128\nSN 404754734001050102`,
  '100 KB of one line': 'x'.repeat(100_000),
  '100 KB of short lines': 'MAC 00:07:5F:12:34\n'.repeat(5_300),
  '100 KB of near-codes': 'ABCD '.repeat(20_000),
  '100 KB of mentions': '<!channel> <@U123> '.repeat(5_300),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

for (const [name, text] of Object.entries(cases)) {
  for (let i = 0; i < 20; i++) parseIntake(text, undefined, 'en'); // warm up
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = process.hrtime.bigint();
    parseIntake(text, undefined, 'en');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(24)} ${(text.length / 1024).toFixed(0).padStart(4)} KB  p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms`,
  );
}
