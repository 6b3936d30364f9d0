import { takeContractViolations } from './contract';

// Every API test fails when a 2xx body it received does not match the OpenAPI document.
afterEach(() => {
  const violations = takeContractViolations();
  if (violations.length > 0) {
    throw new Error(
      `Responses that break the API contract:\n${violations.slice(0, 20).join('\n')}`,
    );
  }
});
