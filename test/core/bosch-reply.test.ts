// Bosch answers a site's e-mail with one reply listing a PUK per camera, in whatever layout its
// agent used. These stories check that every camera gets its own PUK, and that a PUK the reader
// cannot place with certainty is never given to a camera.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CameraKey, readBoschReply, withTypedPuks } from '../../src/core/bosch-reply.js';

const hex = (i: number): string => i.toString(16).toUpperCase().padStart(2, '0');
const codeOf = (i: number): string => `K9${hex(i)}F3Q7ZL2M8RX4TB6WD1HC5VN0PJ3YG`.slice(0, 32);
const pukOf = (i: number): string => `7X${hex(i)}Q9M4K8P`;
const camera = (i: number): CameraKey => ({
  n: i,
  mac: `00:07:5F:AA:BB:${hex(i)}`,
  serial: `4047547340010501${String(i).padStart(2, '0')}`,
  code: codeOf(i),
});
const site = (count: number): CameraKey[] => Array.from({ length: count }, (_, k) => camera(k + 1));

/** A reply in four layouts, the way one Bosch agent answered twelve cameras (camera 12 left out). */
const TWELVE = [
  'Hello,',
  '',
  'please find below the response codes for your cameras (ticket #8712345678).',
  '',
  'No.\tModel\tMAC address\tSerial number\tPUK',
  `1\tNDE-5503-AL\t00:07:5F:AA:BB:01\t${camera(1).serial}\t${pukOf(1)}`,
  `2\tNDE-5503-AL\t00:07:5F:AA:BB:02\t${camera(2).serial}\t${pukOf(2)}`,
  `3\tNBN-80052-BA\t00:07:5F:AA:BB:03\t${camera(3).serial}\t${pukOf(3)}`,
  '',
  `MAC 00-07-5f-aa-bb-04   PUK: ${pukOf(4)}`,
  `MAC: 0007.5faa.bb05 - Response Code: ${pukOf(5)}`,
  `MAC 00075FAABB06 PUK ${pukOf(6)}`,
  '',
  'Device 7 (MIC-7502-Z30B)',
  `Serial No.: ${camera(7).serial}`,
  `Antwortcode: ${pukOf(7)}`,
  '',
  `S/N ${camera(8).serial}`,
  'Firmware: 7.80.0128',
  `Password: ${pukOf(8)}`,
  '',
  `> Challenge code: ${codeOf(9)}`,
  `Response/PUK: ${pukOf(9)}`,
  `> Challenge code: ${codeOf(10)}`,
  `Response/PUK: ${pukOf(10)}`,
  `> Challenge code: ${codeOf(11)}`,
  `code de réponse : ${pukOf(11)}`,
  '',
  'Best regards,',
  'Jan Novak',
  'Bosch Central Support',
  'Tel. +49 711 400 40990, Ref 1A2B3C4D5E',
  'Robert Bosch GmbH, Sitz: Stuttgart, Registergericht: Amtsgericht Stuttgart HRB 14000',
].join('\n');

const pukFor = (reading: ReturnType<typeof readBoschReply>, n: number): string | undefined => reading.matched.find((m) => m.n === n)?.puk;

describe('a reply for a whole site', () => {
  it('gives each of twelve cameras its own PUK across four layouts, and names the one left out', () => {
    const reading = readBoschReply(TWELVE, site(12));
    expect(reading.matched.map((m) => [m.n, m.puk])).toEqual(Array.from({ length: 11 }, (_, k) => [k + 1, pukOf(k + 1)]));
    expect(reading.missing).toEqual([12]);
    expect(reading.conflicting).toEqual([]);
    expect(reading.unplaced).toBe(0);
  });

  it('says by which identifier each camera was found', () => {
    const by = Object.fromEntries(readBoschReply(TWELVE, site(12)).matched.map((m) => [m.n, m.by]));
    expect(by).toMatchObject({ 4: 'mac', 5: 'mac', 6: 'mac', 7: 'serial', 8: 'serial', 9: 'code', 11: 'code' });
  });

  it('lists the cameras in the order they were given', () => {
    const reading = readBoschReply(TWELVE, site(12).reverse());
    expect(reading.matched.map((m) => m.n)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});

describe('what is never matched', () => {
  it('sends a camera given twice with different PUKs to the agent, matched to neither', () => {
    const text = `MAC 00:07:5F:AA:BB:01 PUK ${pukOf(1)}\nMAC 00:07:5F:AA:BB:02 PUK ${pukOf(2)}\n\nCorrection: MAC 00:07:5F:AA:BB:01 PUK 9Q9Q9Q9Q9Q`;
    const reading = readBoschReply(text, site(2));
    expect(reading.conflicting).toEqual([1]);
    expect(reading.matched).toEqual([{ n: 2, puk: pukOf(2), by: 'mac' }]);
  });

  it('counts a PUK next to a MAC not of this site, and gives it to no camera', () => {
    const text = `MAC: 00:07:5F:AA:BB:01\nPUK: ${pukOf(1)}\nMAC: 00:07:5F:99:99:99\nPUK: 5H5H5H5H5H`;
    const reading = readBoschReply(text, site(2));
    expect(reading.matched).toEqual([{ n: 1, puk: pukOf(1), by: 'mac' }]);
    expect(reading.missing).toEqual([2]);
    expect(reading.unplaced).toBe(1);
    expect(JSON.stringify(reading)).not.toContain('5H5H5H5H5H');
  });

  it('never takes a challenge code, a MAC or a serial for a PUK', () => {
    const c = camera(1);
    const text = `Challenge: ${c.code ?? ''}\nResponse: ${c.code ?? ''}\nMAC ${c.mac ?? ''}  ${c.serial ?? ''}  00075FAABB01`;
    const reading = readBoschReply(text, [c]);
    expect(reading.matched).toEqual([]);
    expect(reading.missing).toEqual([1]);
    expect(reading.unplaced).toBe(0);
  });

  it('never binds a PUK across to the next camera of a table', () => {
    const text = `MAC\tPUK\n00:07:5F:AA:BB:01\t\n00:07:5F:AA:BB:02\t${pukOf(2)}`;
    const reading = readBoschReply(text, site(2));
    expect(reading.matched).toEqual([{ n: 2, puk: pukOf(2), by: 'mac' }]);
    expect(reading.missing).toEqual([1]);
  });

  it('does not give a camera the PUK of an old challenge code it no longer has', () => {
    const c = { ...camera(1), code: codeOf(77) };
    const text = `Challenge code: ${codeOf(1)}\nMAC: ${c.mac ?? ''}\nPUK: ${pukOf(1)}`;
    expect(readBoschReply(text, [c]).matched).toEqual([]);
  });
});

describe('identifiers in any written form', () => {
  it.each([['0007.5faa.bb01'], ['00-07-5F-AA-BB-01'], ['00075faabb01'], ['00:07:5f:aa:bb:01']])('finds the MAC written %s', (mac) => {
    expect(readBoschReply(`${mac} ${pukOf(1)}`, site(2)).matched).toEqual([{ n: 1, puk: pukOf(1), by: 'mac' }]);
  });

  it('finds a challenge code split in groups of 4 or 8, or over two lines', () => {
    const code = codeOf(1);
    const fours = code.replace(/(.{4})(?!$)/g, '$1 ');
    const eights = code.replace(/(.{8})(?!$)/g, '$1-');
    const lines = `${code.slice(0, 16)}\n${code.slice(16)}`;
    for (const written of [fours, eights, lines]) {
      const reading = readBoschReply(`Challenge:\n${written}\nPUK: ${pukOf(1)}`, site(1));
      expect(reading.matched, written).toEqual([{ n: 1, puk: pukOf(1), by: 'code' }]);
      expect(reading.unplaced, written).toBe(0);
    }
  });

  it('reads a PUK written in groups as one', () => {
    expect(pukFor(readBoschReply('MAC 00:07:5F:AA:BB:01 PUK: 7X2Q 9M4K 8PZ1', site(1)), 1)).toBe('7X2Q 9M4K 8PZ1');
  });

  it('reads pasted HTML with extra spaces and entities', () => {
    const html = `<table><tr><td>MAC</td><td>PUK</td></tr><tr><td>00:07:5F:AA:BB:01&nbsp;</td><td>  ${pukOf(1)}  </td></tr></table>`;
    expect(readBoschReply(html, site(1)).matched).toEqual([{ n: 1, puk: pukOf(1), by: 'mac' }]);
  });
});

describe('a forwarded reply', () => {
  it('reads PUKs written inside the quoted request, past the signature, and ignores the signature', () => {
    const text = [
      'Hi, see the PUKs inline below.',
      '',
      'Kind regards',
      'Anna Schmidt',
      'Phone +49 89 6290-1020 | Fax 6290-1021 | KvK 12345678 | Ref 9ZZ9ZZ9ZZ9',
      '',
      '-----Original Message-----',
      'From: support@example.com',
      'Subject: PUK request CR-7K3M: 2 cameras',
      '',
      '> Hello Bosch Central Support,',
      '>',
      '> Camera 1',
      `> Challenge code: ${codeOf(1)}`,
      '> Model: NDE-5503-AL',
      `> MAC address: ${camera(1).mac ?? ''}`,
      '> Firmware version: 7.80.0128',
      `> Serial number: ${camera(1).serial ?? ''}`,
      `PUK: ${pukOf(1)}`,
      '>',
      '> Camera 2',
      `> Challenge code: ${codeOf(2)}`,
      `> MAC address: ${camera(2).mac ?? ''}`,
      `PUK: ${pukOf(2)}`,
      '>',
      '> Thank you and kind regards',
    ].join('\n');
    const reading = readBoschReply(text, site(2));
    expect(reading.matched.map((m) => m.puk)).toEqual([pukOf(1), pukOf(2)]);
    expect(reading.unplaced).toBe(0);
  });
});

// Replies the way Bosch's desk writes them, each a shape the reader once misread. `want` is
// camera → PUK; every other camera must stay missing (or conflicting where said), never get another's PUK.
describe('replies as Bosch writes them (table)', () => {
  const A = '00:07:5F:12:34:56';
  const B = '00:07:5F:12:34:57';
  const three: CameraKey[] = [
    { n: 1, mac: A, serial: '404754734001050101', code: codeOf(1) },
    { n: 2, mac: B, serial: '404754734001050102', code: codeOf(2) },
    { n: 3, mac: '00:07:5F:12:34:58', serial: '404754734001050103', code: codeOf(3) },
  ];
  const old = 'Q1W2E3R4T5Y6U7I8O9P0A1S2D3F4G5H6';
  const eights = (c: string): string => c.replace(/(.{8})(?!$)/g, '$1 ');
  const rows: [string, string, Record<number, string>][] = [
    // MACs written with spaces, in pairs, fours or sixes, any case
    ['MAC in spaced pairs', 'MAC: 00 07 5F 12 34 56  PUK: ABCD1234EFGH', { 1: 'ABCD1234EFGH' }],
    ['MAC in lower-case spaced pairs', 'MAC 00 07 5f 12 34 56 PUK ABCD1234EFGH', { 1: 'ABCD1234EFGH' }],
    ['MAC in spaced fours', 'MAC 0007 5F12 3456 PUK ABCD1234EFGH', { 1: 'ABCD1234EFGH' }],
    ['MAC in spaced sixes, unlabelled', '00075F 123456\tABCD1234EFGH', { 1: 'ABCD1234EFGH' }],
    ['MAC in dotted pairs', 'MAC 00.07.5F.12.34.56 PUK ABCD1234EFGH', { 1: 'ABCD1234EFGH' }],
    [
      'spaced-MAC table',
      `MAC\tPUK\n00 07 5F 12 34 56\tABCDEFGHJKLM\n00 07 5F 12 34 57\tZYXWVUTSRQPN`,
      { 1: 'ABCDEFGHJKLM', 2: 'ZYXWVUTSRQPN' },
    ],
    ['seven spaced pairs are no MAC', 'MAC 00 07 5F 12 34 56 78 PUK ABCD1234EFGH', {}],
    // a PUK on the line after its label
    ['PUK on the next line, letters only', `MAC: ${A}\nPUK:\nABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['PUK on the next line, in groups', `MAC: ${A}\nResponse Code:\n7X2Q 9M4K 8PZ1`, { 1: '7X2Q 9M4K 8PZ1' }],
    // labels with a word for "code" or "number" after PUK, and unlock words
    ['PUK-Code, letters only', `MAC-Adresse: ${A}\nPUK-Code: ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['PUK Code, letters only', `MAC: ${A}\nPUK Code: ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['PUK-Nummer', `MAC: ${A}\nPUK-Nummer: ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['code de déblocage', `Adresse MAC : ${A}\nCode de déblocage : ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['codice di sblocco', `Indirizzo MAC: ${A}\nCodice di sblocco: ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    [
      'Excel table headed PUK-Code',
      `MAC-Adresse\tPUK-Code\n${A}\tABCDEFGHJKLM\n${B}\tZYXWVUTSRQPN`,
      { 1: 'ABCDEFGHJKLM', 2: 'ZYXWVUTSRQPN' },
    ],
    [
      'Outlook forward in German',
      `________________________________\nVon: Bosch Support <x@bosch.com>\nGesendet: Montag, 1. Dezember 2026 14:02\nAn: support@example.com\nBetreff: AW: PUK request CR-7K3M\n\nMAC-Adresse: 00-07-5F-12-34-56\nPUK-Code: ABCDEFGHJKLM\n\nMAC-Adresse: 00-07-5F-12-34-57\nPUK-Code: ZYXWVUTSRQPN`,
      { 1: 'ABCDEFGHJKLM', 2: 'ZYXWVUTSRQPN' },
    ],
    // Excel's empty cells keep their column
    [
      'Excel row with an empty cell',
      `MAC\tSerial\tPUK\n${A}\t\tABCD1234EFGH\n${B}\t404754734001050102\tZZZZ9999YYYY`,
      { 1: 'ABCD1234EFGH', 2: 'ZZZZ9999YYYY' },
    ],
    // challenge codes quoted from our request are never PUKs, known or not
    [
      'an old challenge code on the line after its label',
      `MAC\tPUK\n${B}\tZZZZ9999YYYY\n\n> Camera 1\n> Challenge code:\n> ${old}\n> MAC: ${A}`,
      { 2: 'ZZZZ9999YYYY' },
    ],
    ['an unlabelled old challenge code in groups', `> Camera 1\n> ${eights(old)}\n> MAC: ${A}`, {}],
    ['an unlabelled old challenge code', `MAC: ${A}\n${old}`, {}],
    [
      'a table row with an old challenge code',
      `MAC\tChallenge\tPUK\n${A}\t${old}\tABCD1234EFGH\n${B}\t${codeOf(2)}\tZZZZ9999YYYY`,
      { 2: 'ZZZZ9999YYYY' },
    ],
    // a number that is the value of some other word is no PUK
    ['a model after its make', `Model: Dinion NBN-73023BA\nMAC: ${A}\nABCDEFGHJKLM`, {}],
    ['an invoice number', `Invoice 4711000123\nMAC: ${A}\nABCDEFGHJKLM`, {}],
    ['a customer number after an unknown label', `Kundennummer: 12345678\nMAC: ${A}`, {}],
    // what already worked stays so
    ['a sentence', `The PUK for ${A} is ABCD1234EFGH and for ${B} it is ZZZZ9999YYYY.`, { 1: 'ABCD1234EFGH', 2: 'ZZZZ9999YYYY' }],
    ['code PUK', `Adresse MAC : ${A}\nCode PUK : ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
    ['clave PUK', `Dirección MAC: ${A}\nClave PUK: ABCDEFGHJKLM`, { 1: 'ABCDEFGHJKLM' }],
  ];
  it.each(rows)('%s', (_, text, want) => {
    const reading = readBoschReply(text, three);
    expect(Object.fromEntries(reading.matched.map((m) => [m.n, m.puk]))).toEqual(want);
    expect(reading.conflicting).toEqual([]);
  });
});

describe('hostile input', () => {
  const hostile = [
    'a '.repeat(50_000),
    'a\n'.repeat(50_000),
    '0-'.repeat(50_000),
    'PUK: '.repeat(20_000),
    '00:07:5F:'.repeat(11_000),
    `${codeOf(1).slice(0, 8)} `.repeat(11_000),
    '<'.repeat(100_000),
    'Serial S/N '.repeat(9_000),
    '> '.repeat(50_000),
    ('x\t'.repeat(50) + '\n').repeat(1_000),
    '1A2B3C4D5E\n'.repeat(9_000),
    '\u200b'.repeat(100_000),
    'MAC 00:07:5F:99:99:99\nPUK 5H5H5H5H5H\n'.repeat(2_900),
    'MAC 00:07:5F:99:99:99 PUK 5H5H5H5H5H '.repeat(2_900),
    '00 07 5F '.repeat(11_000),
    '0007 5F12 '.repeat(10_000),
    'PUK:\n'.repeat(20_000),
    'Q1W2E3R4 '.repeat(11_000),
  ];
  it.each(hostile.map((h) => [h.slice(0, 12), h] as const))('reads %j without a match or a throw', (_, h) => {
    const reading = readBoschReply(h, site(50));
    expect(reading.matched).toEqual([]);
    expect(reading.missing).toHaveLength(50);
  });

  it('reads no further than 100 KB', () => {
    const text = `${'x'.repeat(100_001)}\nMAC 00:07:5F:AA:BB:01 PUK ${pukOf(1)}`;
    expect(readBoschReply(text, site(1)).missing).toEqual([1]);
  });

  it('reads no text at all as no PUK', () => {
    expect(readBoschReply('', site(1))).toEqual({ matched: [], missing: [1], conflicting: [], unplaced: 0 });
  });
});

// --- any site, any layout ----------------------------------------------------------------

type Ident = 'mac' | 'serial' | 'code';

function macWritten(mac: string, style: number): string {
  const h = mac.replace(/:/g, '');
  switch (style) {
    case 0:
      return mac;
    case 1:
      return mac.replace(/:/g, '-').toLowerCase();
    case 2:
      return `${h.slice(0, 4)}.${h.slice(4, 8)}.${h.slice(8)}`.toLowerCase();
    case 4:
      return mac.replace(/:/g, ' ');
    case 5:
      return `${h.slice(0, 4)} ${h.slice(4, 8)} ${h.slice(8)}`.toLowerCase();
    case 6:
      return mac.replace(/:/g, '.');
    default:
      return h;
  }
}

function identLine(c: CameraKey, ident: Ident, style: number): string {
  if (ident === 'mac')
    return `${['MAC', 'MAC address:', 'MAC-Adresse :', 'Adresse MAC'][style % 4] ?? ''} ${macWritten(c.mac ?? '', style)}`;
  if (ident === 'serial') return `${['Serial number:', 'S/N', 'SN:', 'Seriennummer'][style % 4] ?? ''} ${c.serial ?? ''}`;
  const code = c.code ?? '';
  const written = style % 2 ? code.replace(/(.{4})(?!$)/g, '$1 ') : code;
  return `${['Challenge code:', '> Challenge-Code:', 'Code de challenge :', 'Challenge'][style % 4] ?? ''} ${written}`;
}

const pukLine = (puk: string, style: number): string =>
  `${['PUK:', 'Response Code:', 'Antwortcode:', 'Response/PUK:', 'Password:', 'code de réponse :'][style % 6] ?? ''} ${puk}`;

describe('any site, any layout (property)', () => {
  it('matches every camera present with its own PUK, and no camera with another', () => {
    const siteArb = fc.uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 50 }).chain((ids) =>
      fc.record({
        cameras: fc.constant(ids.map((i, k) => ({ ...camera(i), n: k + 1 }))),
        entries: fc.array(
          fc.record({
            present: fc.boolean(),
            idents: fc.subarray<Ident>(['mac', 'serial', 'code'], { minLength: 1 }),
            layout: fc.constantFrom('row', 'block', 'pair'),
            style: fc.nat(11),
            order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
            puk: fc.stringMatching(/^[A-HJ-NP-Z2-9]{10,16}$/),
          }),
          { minLength: ids.length, maxLength: ids.length },
        ),
        shuffleCameras: fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
      }),
    );
    fc.assert(
      fc.property(siteArb, ({ cameras, entries, shuffleCameras }) => {
        const puks = new Map<number, string>();
        const parts: { key: number; text: string }[] = [];
        cameras.forEach((c, k) => {
          const e = entries[k];
          if (!e?.present) return;
          // A PUK unique per camera (the generator may repeat one): the camera's number makes it so.
          const puk = `${e.puk}${String(c.n).padStart(2, '0')}`;
          puks.set(c.n, puk);
          const idLines = e.idents.map((ident, j) => identLine(c, ident, e.style + j));
          let text: string;
          if (e.layout === 'row') {
            text = [...idLines.map((l) => l.replace(/^> /, '')), pukLine(puk, e.style)].join('\t');
          } else if (e.layout === 'pair') {
            text = `${idLines[0] ?? ''}\n${pukLine(puk, e.style)}`;
          } else {
            const lines = ['Camera details', ...idLines, pukLine(puk, e.style)];
            const keyed = lines.map((l, j) => ({ l, o: e.order[j % 4] ?? 0 }));
            keyed.sort((a, b) => a.o - b.o);
            text = keyed.map((x) => x.l).join('\n');
          }
          parts.push({ key: shuffleCameras[k] ?? 0, text });
        });
        parts.sort((a, b) => a.key - b.key);
        const reply = ['Hello,', '', ...parts.flatMap((p) => [p.text, '']), 'Best regards,', 'Bosch Central Support'].join('\n');
        const reading = readBoschReply(reply, cameras);
        for (const m of reading.matched) expect(m.puk).toBe(puks.get(m.n));
        expect(reading.matched.map((m) => m.n).sort((a, b) => a - b)).toEqual([...puks.keys()].sort((a, b) => a - b));
        expect(reading.conflicting).toEqual([]);
        expect(reading.unplaced).toBe(0);
        expect(reading.missing.length).toBe(cameras.length - puks.size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a PUK typed beside the pasted reply', () => {
  it("counts over the reply's for that camera, and the reply no longer speaks for it", () => {
    const reading = {
      matched: [
        { n: 1, puk: 'AAAA1111BBBB', by: 'mac' as const },
        { n: 2, puk: 'CCCC2222DDDD', by: 'mac' as const },
      ],
      missing: [3, 4],
      conflicting: [5],
      unplaced: 2,
    };
    const typed = [
      { camera: 2, puk: 'TYPED222TYPE' },
      { camera: 4, puk: 'TYPED444TYPE' },
      { camera: 5, puk: 'TYPED555TYPE' },
    ];
    const { reading: fromReply, send } = withTypedPuks(reading, typed);
    expect(fromReply).toEqual({ matched: [reading.matched[0]], missing: [3], conflicting: [], unplaced: 2 });
    expect(send).toEqual([{ camera: 1, puk: 'AAAA1111BBBB' }, ...typed]);
  });
});
