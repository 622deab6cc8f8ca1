// Jest in ESM mode (the toolkit is ESM-only): ts-jest compiles TypeScript, and relative
// imports written with `.js` (as NodeNext requires) are mapped back to their `.ts` sources.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Coverage is c8's (see .c8rc.json): it also sees the built dist/ that the end-to-end tests run
  // in their own processes, mapped back to src/ through the bundle's source maps.
  testTimeout: 30000,
};
