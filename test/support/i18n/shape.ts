// What a catalog message is made of, read with FormatJS' own ICU parser (the one
// intl-messageformat formats with), so the checks see a message exactly as the bot does.

import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';

export type Kind = 'argument' | 'number' | 'date' | 'time' | 'plural' | 'selectordinal' | 'select';

export interface Shape {
  /** Each placeholder's name and the kinds it is used as (`{n}` and `{n, plural, …}` are two). */
  readonly placeholders: ReadonlyMap<string, ReadonlySet<Kind>>;
  /** How many times each tag opens. */
  readonly tags: ReadonlyMap<string, number>;
  /** Each plural or select, with the option keys it spells out. */
  readonly branches: readonly { name: string; kind: Kind; options: readonly string[] }[];
  /** The words a reader sees (all literal text, every branch), without placeholders or tags. */
  readonly text: string;
  /** The literal text inside each <code> tag. */
  readonly codes: readonly string[];
}

const KIND: Partial<Record<TYPE, Kind>> = {
  [TYPE.argument]: 'argument',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
};

/** The message's shape, or the parser's error as text. */
export function shapeOf(message: string): Shape | string {
  let ast: MessageFormatElement[];
  try {
    ast = parse(message, { ignoreTag: false, requiresOtherClause: true });
  } catch (e) {
    return (e as Error).message;
  }
  const placeholders = new Map<string, Set<Kind>>();
  const tags = new Map<string, number>();
  const branches: { name: string; kind: Kind; options: string[] }[] = [];
  const text: string[] = [];
  const codes: string[] = [];
  const use = (name: string, kind: Kind): void => {
    const kinds = placeholders.get(name) ?? new Set<Kind>();
    kinds.add(kind);
    placeholders.set(name, kinds);
  };
  const literal = (els: MessageFormatElement[]): string =>
    els.map((e) => (e.type === TYPE.literal ? e.value : e.type === TYPE.tag ? literal(e.children) : '')).join('');
  const walk = (els: MessageFormatElement[]): void => {
    for (const el of els) {
      switch (el.type) {
        case TYPE.literal:
          text.push(el.value);
          break;
        case TYPE.pound:
          text.push(' ');
          break;
        case TYPE.tag:
          tags.set(el.value, (tags.get(el.value) ?? 0) + 1);
          if (el.value === 'code') codes.push(literal(el.children));
          walk(el.children);
          break;
        case TYPE.plural: {
          const kind: Kind = el.pluralType === 'ordinal' ? 'selectordinal' : 'plural';
          use(el.value, kind);
          branches.push({ name: el.value, kind, options: Object.keys(el.options) });
          for (const o of Object.values(el.options)) {
            text.push(' ');
            walk(o.value);
          }
          break;
        }
        case TYPE.select:
          use(el.value, 'select');
          branches.push({ name: el.value, kind: 'select', options: Object.keys(el.options) });
          for (const o of Object.values(el.options)) {
            text.push(' ');
            walk(o.value);
          }
          break;
        default: {
          const kind = KIND[el.type];
          if (kind) use(el.value, kind);
          text.push(' ');
        }
      }
    }
  };
  walk(ast);
  return { placeholders, tags, branches, text: text.join(''), codes };
}

/** `{count}` as plural, `{id}` as argument: for failure messages. */
export function describePlaceholders(shape: Shape): string {
  const parts = [...shape.placeholders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, kinds]) => `{${name}: ${[...kinds].sort().join('+')}}`);
  return parts.length ? parts.join(' ') : '(none)';
}
