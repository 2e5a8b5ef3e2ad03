// Checks a card the way a client would before drawing it: the `adaptivecards` parser must
// report no error or warning, and the payload must stay under Teams' ~28 KB message limit.

import * as AC from 'adaptivecards';

export const MAX_CARD_BYTES = 28 * 1024;

export interface CardProblem {
  card: string;
  problems: string[];
}

export function cardProblems(json: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const size = Buffer.byteLength(JSON.stringify(json));
  if (size >= MAX_CARD_BYTES) problems.push(`card is ${size} bytes, over ${MAX_CARD_BYTES}`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  // The validator also checks what parse does not (e.g. duplicate input ids, missing ids).
  const results = card.validateProperties();
  for (const e of results.validationEvents) problems.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return problems;
}

export function allCardProblems(cards: Array<Record<string, unknown>>): CardProblem[] {
  return cards.map((c) => ({ card: JSON.stringify(c).slice(0, 200), problems: cardProblems(c) })).filter((p) => p.problems.length > 0);
}
