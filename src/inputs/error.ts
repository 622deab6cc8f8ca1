/** A problem with what the workflow passed in: reported as is, before any request is sent. */
export class InputError extends Error {
  override name = 'InputError';
}
