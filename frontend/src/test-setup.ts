import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({
  // Fail a test on an unknown element or property in a template instead of only logging it.
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true,
});
