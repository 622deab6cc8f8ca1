// Sent in the User-Agent so that a server's logs name the caller. A unit test keeps it equal to
// package.json's version.
export const ACTION_NAME = 'infisical-revoke-token-action';
export const ACTION_VERSION = '3.1.0';
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;
