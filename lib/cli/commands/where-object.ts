/** Where-Object '{$_.Prop -op value}': passes on the piped objects for which the block is true. */
import { InputError } from '../../validation/input-error';
import { inputLimits } from '../../validation/input-limits';
import type { Command } from '../command';
import { parseWhereObject } from '../where-object-block';

export const whereObject: Command = {
  name: 'Where-Object',
  synopsis: "Where-Object [-FilterScript] '{$_.Property -op value [-and|-or …]}'",
  description: 'keeps the piped objects for which the condition holds (-eq -ne -gt -ge -lt -le -like -notlike -match -notmatch, -and -or -not)',
  parameters: [{ name: 'FilterScript', type: 'string', position: 0, maxLength: inputLimits.whereObject, multiline: true }],
  async run(ctx) {
    if (typeof ctx.params.FilterScript !== 'string') throw new InputError("give a condition, e.g. Where-Object '{$_.IsPinSet -eq $False}'.");
    // Parsed before reading input: a malformed block fails once, at once.
    const keep = parseWhereObject(ctx.params.FilterScript);
    if (!ctx.input) return;
    for await (const item of ctx.input) {
      if ('error' in item) ctx.fail(`input line ${item.line}`, item.error);
      else if (keep(item.object)) await ctx.emit(item.object);
    }
  },
};
