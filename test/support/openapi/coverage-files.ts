/** Where each test file leaves the (operationId, status) pairs it saw; scripts/test sums them. */
export const COVERAGE_DIR = 'test-results/openapi-coverage';
