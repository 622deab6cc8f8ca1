// The small rules of wording that every message of the action follows, in one place so that they
// cannot drift apart: one line, one sentence with its reqId, a count with its noun.

/** Any text as one line: white space, line breaks included, folds to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Ends a server's words as one sentence, with the reqId that support asks for. */
export function sentence(text: string, reqId?: string): string {
  const body = text.trim().replace(/[.\s]+$/, '');
  return reqId ? `${body} (reqId: ${reqId}).` : `${body}.`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 token", "3 tokens"; `many` for plurals that are not one + s ("identities"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A time left, in words a reader takes in at a glance: "45 minutes", "5 hours", "30 days". */
export function describeTimeLeft(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}
