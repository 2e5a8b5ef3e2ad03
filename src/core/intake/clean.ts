// Cleaning what people paste before it is read: invisible and typographic characters, chat
// formatting, list markers, the punctuation around a value, and the common words of chat.

// A real message is a dozen short lines; these caps bound the work for anything pasted by mistake.
export const MAX_TEXT_CHARS = 20_000;
export const MAX_LINES = 200;
export const MAX_LINE_CHARS = 500;
const PREVIEW_CHARS = 80;

// Words around a code in chat. They split runs of groups so "the code ABCD ..." never
// lends "code" to the challenge; the list errs on common words, never on code-like ones.
export const STOPWORDS = new Set(
  (
    'a an and are as at be below but by can cam camera challenge code could device do for from ' +
    'generated got had has have hello help here hi hey i if in is it its just me mac my need new no ' +
    'not now number of ok okay on or our please pls plz puk reset said says see serial sn so sorry ' +
    'that the thank thanks thx this to type us version was we will with you your fw firmware model ' +
    'address serial label sticker ago old minutes minute mins min hours hour seconds secs created ' +
    'made issued team support request password site asap urgent cheers regards best morning ' +
    'afternoon evening dear all again same above following page shows showed screen'
  ).split(' '),
);

export function cleanText(text: string): string {
  return (
    text
      // Copying from web pages and PDFs brings invisible and typographic characters.
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g, ' ')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      // eslint-disable-next-line no-control-regex -- control characters are what this line removes
      .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, ' ')
      // Chat formatting (`code`, *bold*, _italic_, ~strike~) is never part of a value.
      .replace(/[`*_~]/g, '')
  );
}

export function cleanLine(line: string): string {
  return line
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/^(?:[-•·>]|\d{1,2}[.)])+ /, '')
    .trim();
}

const OPENERS = new Set(['"', "'", '(', '[']);
const CLOSERS = new Set(['"', "'", ')', ']', ',', ';', '.', '!', '?']);

/** Strips quotes, brackets and sentence punctuation around a value (a loop, as an anchored `+$` regex is quadratic). */
export function trimValue(value: string): string {
  const text = value.trim();
  let start = 0;
  let end = text.length;
  while (start < end && OPENERS.has(text.charAt(start))) start += 1;
  while (end > start && CLOSERS.has(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end).trim();
}

export function preview(line: string): string {
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

export function onlyStopwords(text: string): boolean {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.every((w) => STOPWORDS.has(w.toLowerCase()));
}

export function sentenceLike(text: string): boolean {
  const words = text.split(' ').filter((w) => w.length > 0);
  return words.length > 4 || words.some((w) => STOPWORDS.has(w.toLowerCase().replace(/[^a-z0-9]/g, '')));
}
