// Infisical's ids (tokens, identities) are UUIDs in a Postgres uuid column: case does not matter
// to the server.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id that error messages show as an example of the form expected. */
export const EXAMPLE_ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

/** Whether a value has the form of an Infisical id (a token's, an identity's). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
