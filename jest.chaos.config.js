import base from './jest.config.js';

/**
 * The chaos suite (`npm run test:chaos`): the real bot as a child process against its own FerretDB and
 * fake LINE and Slack APIs in fault modes. Slow (it starts processes and waits out timeouts), so it is
 * kept out of `npm test`; one file at a time, as every file runs several processes.
 */
export default {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  globalSetup: '<rootDir>/test/chaos/support/clear-report.ts',
  globalTeardown: '<rootDir>/test/chaos/support/write-report.ts',
  maxWorkers: 1,
  testTimeout: 180_000,
  // Bot and database processes are killed in afterAll; sockets the fetch pool keeps open to them
  // must not hold the run.
  forceExit: true,
};
