// How long reading Bosch's reply for a 50-camera site takes, on a realistic reply and on hostile
// 100 KB pastes. Target (issue 15): a 100 KB hostile reply is read in under 50 ms.
// Run: npx tsx bench/bosch-reply.ts
import { type CameraKey, readBoschReply } from '../src/core/bosch-reply.js';

const hex = (i: number): string => i.toString(16).toUpperCase().padStart(2, '0');
const cameras: CameraKey[] = Array.from({ length: 50 }, (_, k) => ({
  n: k + 1,
  mac: `00:07:5F:AA:BB:${hex(k)}`,
  serial: `4047547340010501${String(k).padStart(2, '0')}`,
  code: `A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q${String(k).padStart(3, '0')}`,
}));
const reply = [
  'MAC\tSerial\tPUK',
  ...cameras.map((c) => `${c.mac ?? ''}\t${c.serial ?? ''}\t7X2Q9M4K${hex(c.n)}`),
  '',
  ...cameras.map((c) => `> Challenge code: ${c.code ?? ''}\n> Model: NDE-5503-AL\nPUK: 7X2Q9M4K${hex(c.n)}\n`),
].join('\n');

const cases: Record<string, string> = {
  'a 50-camera reply': reply,
  '100 KB of words': 'a '.repeat(50_000),
  '100 KB of short lines': 'a\n'.repeat(50_000),
  '100 KB of PUK labels': 'PUK: '.repeat(20_000),
  '100 KB of MAC pieces': '00:07:5F:'.repeat(11_000),
  '100 KB of code groups': 'A1B2C3D4 '.repeat(11_000),
  '100 KB of tab cells': ('x\t'.repeat(50) + '\n').repeat(1_000),
  '100 KB of PUK shapes': '1A2B3C4D5E\n'.repeat(9_000),
  '100 KB of tags': '<'.repeat(100_000),
  '100 KB of foreign pairs': 'MAC 00:07:5F:99:99:99\nPUK 5H5H5H5H5H\n'.repeat(2_900),
  '100 KB of pairs, 1 line': 'MAC 00:07:5F:99:99:99 PUK 5H5H5H5H5H '.repeat(2_900),
  '100 KB of spaced pairs': '00 07 5F '.repeat(11_000),
  '100 KB of lone labels': 'PUK:\n'.repeat(20_000),
  '100 KB of old codes': 'Q1W2E3R4 '.repeat(11_000),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

for (const [name, text] of Object.entries(cases)) {
  for (let i = 0; i < 10; i++) readBoschReply(text, cameras); // warm up
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    readBoschReply(text, cameras);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(24)} ${(text.length / 1024).toFixed(0).padStart(4)} KB  p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms`,
  );
}
