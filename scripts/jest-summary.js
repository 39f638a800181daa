#!/usr/bin/env node
'use strict';
/*
 * Turns jest's --json report into the single line CI counts:
 *   tests: N passed, M failed, K skipped
 * which is always the last line printed. Exits non-zero when anything failed, when no test ran
 * (a suite that silently matches nothing must not look green), or when the report is missing.
 *
 * Plain CommonJS on purpose: it runs after a failed typecheck or a broken ts-jest setup too.
 */
const fs = require('node:fs');

const MAX_LISTED = 50;

function countLine(passed, failed, skipped) {
  return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function readReport(file) {
  if (!file) return { error: 'usage: node scripts/jest-summary.js <jest.json>' };
  try {
    return { report: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch (err) {
    const reason =
      err && err.code === 'ENOENT'
        ? 'no jest report (jest did not run or died early)'
        : String(err);
    return { error: `${reason} (${file})` };
  }
}

function relative(file) {
  const cwd = process.cwd() + '/';
  return typeof file === 'string' && file.startsWith(cwd) ? file.slice(cwd.length) : String(file);
}

// Jest's suite message starts with a "● Test suite failed to run" banner; the cause is the next line.
function firstCause(text) {
  return String(text || '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('●'));
}

function main() {
  const { report, error } = readReport(process.argv[2]);
  if (error) {
    console.log(error);
    console.log(countLine(0, 0, 0));
    return 1;
  }

  const suites = Array.isArray(report.testResults) ? report.testResults : [];
  const failedTests = [];
  // A suite can fail with no failing test (syntax error, throwing beforeAll/afterAll); each such
  // suite counts as one failure so the count line never reads "0 failed" on a red run.
  const brokenSuites = [];
  for (const suite of suites) {
    const assertions = Array.isArray(suite.assertionResults) ? suite.assertionResults : [];
    const failing = assertions.filter((a) => a.status === 'failed');
    for (const a of failing) failedTests.push(`${relative(suite.name)} > ${a.fullName || a.title}`);
    if (suite.status === 'failed' && failing.length === 0) {
      brokenSuites.push(`${relative(suite.name)}: ${firstCause(suite.message) || 'suite failed'}`);
    }
  }

  const passed = Number(report.numPassedTests) || 0;
  const failed = (Number(report.numFailedTests) || 0) + brokenSuites.length;
  const skipped = (Number(report.numPendingTests) || 0) + (Number(report.numTodoTests) || 0);

  const problems = [];
  if (failedTests.length > 0) problems.push(['failed tests', failedTests]);
  if (brokenSuites.length > 0) problems.push(['suites that failed outside a test', brokenSuites]);
  for (const [title, items] of problems) {
    console.log(`${title} (${items.length}):`);
    for (const item of items.slice(0, MAX_LISTED)) console.log(`  - ${item}`);
    if (items.length > MAX_LISTED) console.log(`  ... and ${items.length - MAX_LISTED} more`);
  }

  let rc = 0;
  if (failed > 0 || report.success === false) rc = 1;
  if (report.wasInterrupted) {
    console.log('jest was interrupted');
    rc = 1;
  }
  if (passed + failed === 0) {
    console.log('jest ran no tests');
    rc = 1;
  }
  console.log(countLine(passed, failed, skipped));
  return rc;
}

process.exitCode = main();
