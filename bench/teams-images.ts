// How long fitting a phone photo to a Teams message takes (src/platforms/teams/files.ts
// fitForTeams), and what comes out: a 12 MP photo, a noisy one (worst case for JPEG), a small one.
// Run: npm run bench:teams-images

import sharp from 'sharp';
import { fitForTeams } from '../src/platforms/teams/files.js';

const cases = [
  { what: '12 MP photo (4032×3024)', width: 4032, height: 3024, sigma: 10 },
  { what: '12 MP, heavy noise (worst case)', width: 4032, height: 3024, sigma: 40 },
  { what: '2 MP photo (1600×1200)', width: 1600, height: 1200, sigma: 10 },
];
for (const c of cases) {
  const bytes = await sharp({
    create: {
      width: c.width,
      height: c.height,
      channels: 3,
      background: { r: 128, g: 128, b: 128 },
      noise: { type: 'gaussian', mean: 128, sigma: c.sigma },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  const runs: number[] = [];
  let out = await fitForTeams({ bytes, type: 'jpeg', name: 'label.jpg' });
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    out = await fitForTeams({ bytes, type: 'jpeg', name: 'label.jpg' });
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `${c.what}: ${(bytes.byteLength / 1e6).toFixed(1)} MB in → ${out.reduced?.to.join('×') ?? 'as is'}, ${(out.bytes.byteLength / 1024).toFixed(0)} KB out; median ${runs[1]!.toFixed(0)} ms`,
  );
}
