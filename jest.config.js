// Jest in ESM mode (the toolkit is ESM-only): ts-jest compiles TypeScript, and relative
// imports written with `.js` (as NodeNext requires) are mapped back to their `.ts` sources.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts', '!src/post.ts'],
  coverageReporters: ['text-summary', 'text'],
  testTimeout: 30000,
};
