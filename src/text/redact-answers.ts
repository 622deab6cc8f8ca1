// Every answer a request gets, redacted as it arrives: whatever later quotes a piece of it (an
// excerpt of a page, a Location, an error name) cuts text in which no known secret is left whole,
// so no cut can leave part of one. Only whole values are replaced, so an answer means what it meant.
import type { Send } from '../http/index.js';
import { redactAnswer, type Redactor } from './redact.js';

export function redacting(send: Send, redact: Redactor | undefined): Send {
  if (redact === undefined) return send;
  // Whole values: the answer must still mean what it meant (a login's new token stays usable).
  const wire = Object.assign((text: string) => redact.whole(text), { cutEnd: redact.cutEnd });
  return async (request) => redactAnswer(await send(request), wire);
}
