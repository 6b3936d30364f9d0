// Component and service tests of the dashboard (jsdom, zoneless Angular).
import { createCjsPreset } from 'jest-preset-angular/presets';

// Dates in tests read the same on every machine and in CI.
process.env['TZ'] = 'UTC';

const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

export default {
  ...preset,
  displayName: 'frontend',
  rootDir: '.',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: { '^@clinic/shared$': '<rootDir>/../shared/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  restoreMocks: true,
};
