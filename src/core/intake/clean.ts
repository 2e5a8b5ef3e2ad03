// Cleaning what people paste before it is read: invisible and typographic characters, chat
// formatting, list markers, the punctuation around a value, and the common words of chat.
import type { Locale } from '../i18n/locale.js';
import { plainWord } from './fold.js';

// A real message is a dozen short lines; these caps bound the work for anything pasted by mistake.
export const MAX_TEXT_CHARS = 20_000;
export const MAX_LINES = 200;
export const MAX_LINE_CHARS = 500;
const PREVIEW_CHARS = 80;

// Words around a code in chat, in each language a technician may write (accents dropped, as
// `plainWord` writes them). They split runs of groups so "the code ABCD ..." never lends "code"
// to the challenge, and a line of only these words (a greeting, thanks) is not handed back; the
// lists err on common words, never on code-like ones.
const CHAT_WORDS: Record<Locale, string> = {
  en:
    'a an and are as at be below but by can cam camera challenge code could device do for from ' +
    'generated got had has have hello help here hi hey i if in is it its just me mac my need new no ' +
    'not now number of ok okay on or our please pls plz puk reset said says see serial sn so sorry ' +
    'that the thank thanks thx this to type us version was we will with you your fw firmware model ' +
    'address serial label sticker ago old minutes minute mins min hours hour seconds secs created ' +
    'made issued team support request password site asap urgent cheers regards best morning ' +
    'afternoon evening dear all again same above following page shows showed screen kind advance ' +
    'many greetings',
  de:
    'hallo moin servus guten tag morgen abend bitte danke dank vielen besten herzlichen gruss ' +
    'grusse grussen gruesse mfg lg vg viele liebe schone freundliche freundlichen hier ist sind war ' +
    'der die das den dem des ein eine einer einen und oder aber mit von vom fur zu zur zum auf bei ' +
    'im ich wir du ihr sie es mein meine meiner unser unsere kamera gerat neue neuer neuen neues ' +
    'nummer seriennummer modell modellnummer typ adresse passwort zurucksetzen anfrage ' +
    'erzeugt generiert erstellt angezeigt vor minuten sekunden sekunde sek stunden stunde std alt ' +
    'noch mal nochmal schon jetzt gerade eben etikett typenschild aufkleber seite zeigt steht ' +
    'lautet hat habe haben brauche kein keine nicht ja nein sorry entschuldigung dringend ' +
    'folgende unten oben gleiche alle allen zusammen voraus schonen bis bald',
  fr:
    'bonjour salut bonsoir merci beaucoup svp stp il vous plait cordialement bien bonne journee ' +
    'le la les un une des du de et ou est voici voila pour avec sur dans je nous mon ma mes ' +
    'notre camera appareil nouveau nouvelle numero serie modele adresse ' +
    'micrologiciel mot passe reinitialiser reinitialisation equipe demande genere generee cree ' +
    'creee affiche y minutes secondes seconde sec heure heures environ etiquette ecran ' +
    'urgent desole oui non encore deja maintenant ci dessous suivant ce cela ca que ete tous toutes avance ' +
    'bientot salutations sinceres distinguees',
  es:
    'hola buenas buenos dias tardes gracias muchas saludos saludo cordiales porfa favor por el la ' +
    'los las un una unos y o es esta aqui para con en de del al mi mis nuestro nuestra camara ' +
    'equipo dispositivo nuevo nueva codigo numero serie modelo direccion contrasena ' +
    'restablecer restablecimiento soporte solicitud generado generada creado creada hace minutos ' +
    'minuto segundos segundo seg horas hora unos aproximadamente etiqueta pagina muestra pantalla ' +
    'urgente perdon si ya ahora abajo siguiente este ese lo que te le desafio todos ' +
    'antemano atentamente',
  it:
    'ciao salve buongiorno buonasera grazie mille saluti cordiali distinti prego per favore il lo ' +
    'la i gli le un una uno e ed o di del della dello dei da con su mi mio mia nostro nostra ' +
    'telecamera videocamera dispositivo nuovo nuova codice numero serie seriale matricola modello ' +
    'indirizzo versione ripristino supporto richiesta generato generata creato creata fa minuti ' +
    'minuto secondi secondo ore ora circa etichetta pagina mostra schermo urgente scusa scusate si ' +
    'gia adesso sotto seguente ecco qui questo che ho abbiamo sfida tutti dell nell sull dall ' +
    'anticipo buona giornata presto',
  nl:
    'hallo hoi goedemorgen goedemiddag goedenavond dag bedankt dank dankjewel dankje alvast groeten ' +
    'groet vriendelijke hartelijk mvg gr graag alstublieft alsjeblieft aub ajb de het een en of is ' +
    'zijn hier voor met van op aan mijn onze ons ik wij je jij u apparaat nieuwe nieuw ' +
    'challengecode nummer serienummer modelnummer adres versie firmwareversie wachtwoord resetten ' +
    'aanvraag gegenereerd aangemaakt gemaakt geleden minuten minuut seconden seconde uur uren oud ' +
    'ongeveer typeplaatje pagina scherm toont dringend nee nog al nu even hieronder volgende dit ' +
    'dat deze allemaal iedereen fijne groetjes',
};

export const STOPWORDS: ReadonlySet<string> = new Set(Object.values(CHAT_WORDS).flatMap((words) => words.split(' ')));

/**
 * The chat words that end a run of code groups and make a line a sentence rather than a value.
 * Other languages' words of one or two letters (French "l'", "d'", Spanish "al", Italian "e") are
 * left out: they are also the letters of a value ("NDE 5503 AL" typed with spaces is still a model
 * number), and English's own short words keep their part as before.
 */
export const SENTENCE_WORDS: ReadonlySet<string> = new Set(
  Object.entries(CHAT_WORDS).flatMap(([locale, words]) => words.split(' ').filter((w) => locale === 'en' || w.length > 2)),
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

// Phones and word processors turn quotes curly, in each language's own way: “…”, „…“, «…», ‘…’, ‚…‘.
const QUOTES = ['"', "'", '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›'];
const OPENERS = new Set([...QUOTES, '(', '[']);
const CLOSERS = new Set([...QUOTES, ')', ']', ',', ';', '.', '!', '?']);

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

// Letters and digits of any script make words; everything else (punctuation, emoji) separates them.
// Most lines are ASCII, read the quicker way.
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NOT_WORD_CHARS = /[^\p{L}\p{N}]/gu;
const NOT_ASCII_WORD = /[^A-Za-z0-9]+/;
const NON_ASCII = /[\u0080-\uFFFF]/;

// French and Italian elide before a vowel ("s'il vous plaît", "d'avance", "l'indirizzo"): the
// letter and its apostrophe go, rather than letters alone counting as chat words.
const ELISION = /(?<![A-Za-z])(?:qu|[cdjlmnst])['’]/gi;

export function onlyStopwords(input: string): boolean {
  const text = input.replace(ELISION, ' ');
  if (!NON_ASCII.test(text)) return text.split(NOT_ASCII_WORD).every((w) => w === '' || STOPWORDS.has(w.toLowerCase()));
  return text.split(NOT_WORD).every((w) => w === '' || STOPWORDS.has(plainWord(w)));
}

export function sentenceLike(text: string): boolean {
  const words = text.split(' ').filter((w) => w.length > 0);
  return words.length > 4 || words.some((w) => SENTENCE_WORDS.has(plainWord(w).replace(NOT_WORD_CHARS, '')));
}
