// Prints the one summary line CI reads, from jest's --json output.
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
try {
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  // Suites that failed to load count as failures even though no test inside them ran.
  const brokenSuites = result.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  const failed = result.numFailedTests + brokenSuites;
  const tail = skipped > 0 ? `, ${skipped} skipped` : '';
  console.log(`${result.numPassedTests} passed, ${failed} failed${tail}`);
} catch (error) {
  console.log('0 passed, 1 failed');
  console.error(`could not read jest results from ${file}: ${error.message}`);
}
