// API tests: the real HTTP stack against a real database (DATABASE_URL: SQLite file or PostgreSQL).
export default {
  displayName: 'api',
  rootDir: '..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: { '^@clinic/shared$': '<rootDir>/../shared/src/index.ts' },
  testMatch: ['<rootDir>/test/**/*.api-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
  testTimeout: 30_000,
  maxWorkers: 1,
};
