// Unit tests of the backend (no database).
export default {
  displayName: 'backend',
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  moduleNameMapper: { '^@clinic/shared$': '<rootDir>/../shared/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
