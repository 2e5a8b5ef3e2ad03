// A challenge code split over several lines ("4 lines of 8"), possibly after a "Code:" line:
// the lines that are one run of groups each are joined and searched as one run.
import { type Group, nearMiss, prefixUpTo, searchRun } from './code.js';
import type { InputLine } from './line.js';
import type { Intake } from './result.js';

/** A code split over several lines ("4 lines of 8"), possibly after "Code:". */
export function findCodeOverLines(intake: Intake, lines: InputLine[], askedForCode: boolean): void {
  // Only lines with a group are pushed: the group is kept beside its line.
  let block: Array<{ line: InputLine; group: Group }> = [];
  const flush = (): void => {
    const labelled = block[0]?.line.codeContext === true || (askedForCode && block.length > 0);
    if (block.length >= 2 || labelled) {
      const groups = block.map((b) => b.group);
      const outcome =
        searchRun(groups, false, intake.locale) ??
        (labelled ? nearMiss(groups.slice(0, prefixUpTo(groups)), true, intake.locale) : undefined);
      if (outcome?.kind === 'code') intake.code(outcome.code);
      else if (outcome?.kind === 'error' && (labelled || block.length >= 2)) intake.challengeError(outcome.input, outcome.message);
      if (outcome) for (const b of block.slice(outcome.from, outcome.to + 1)) b.line.contributed = true;
    }
    block = [];
  };
  for (const line of lines) {
    const group = line.joinable;
    const joinable = group !== undefined && (!line.contributed || line.codeContext);
    if (!joinable || line.codeContext) flush();
    if (joinable) block.push({ line, group });
  }
  flush();
}
