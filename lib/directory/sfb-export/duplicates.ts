/**
 * The same SIP address or Guid on two rows of one file: which row is right is for the
 * administrator to say, so the first is taken and every later one is reported with the
 * line of the first.
 */
export type DuplicateCheck = (row: { line: number; sipAddress: string; externalId: string }) => string | null;

export function createDuplicateCheck(): DuplicateCheck {
  const sipLines = new Map<string, number>();
  const idLines = new Map<string, number>();
  return ({ line, sipAddress, externalId }) => {
    const sipLine = sipAddress ? sipLines.get(sipAddress) : undefined;
    const idLine = externalId ? idLines.get(externalId) : undefined;
    if (sipAddress && sipLine === undefined) sipLines.set(sipAddress, line);
    if (externalId && idLine === undefined) idLines.set(externalId, line);
    if (sipLine !== undefined) return `duplicate SIP address, also on line ${sipLine}`;
    if (idLine !== undefined) return `duplicate Guid, also on line ${idLine}`;
    return null;
  };
}
