// Two real API instances (child processes) on one PostgreSQL database and one Redis:
// `scripts/test.mjs` runs it in its PostgreSQL pass with REDIS_URL (default redis://127.0.0.1:6379).
export default {
  displayName: 'multi-instance',
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: { '^@clinic/shared$': '<rootDir>/../shared/src/index.ts' },
  testMatch: ['<rootDir>/test/multi-instance/**/*.multi-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
