/** Three projects: fast unit specs beside the code, and the same e2e suite on SQLite and on PostgreSQL. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }];
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': tsJest,
    // NestJS 12 is ESM-only, and so are @fastify/static's content-disposition and glob; see
    // test/jest/esm-to-cjs.transform.js
    '/node_modules/(@nestjs/|@fastify/static/node_modules/).+\\.js$':
      '<rootDir>/test/jest/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: [
    '^(?!.*/node_modules/(@nestjs/|@fastify/static/node_modules/)).*/node_modules/',
  ],
  testEnvironment: 'node',
};

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  // Each e2e file boots whole apps; a worker that has grown past this is replaced between files, so
  // the heap stays well under the 1 GiB that /health's memory check reports as down.
  workerIdleMemoryLimit: '700MB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: '.',
      roots: ['<rootDir>/src'],
      testRegex: '.*\\.spec\\.ts$',
    },
    {
      ...common,
      displayName: 'e2e-sqlite',
      rootDir: '.',
      testRegex: 'test/.*\\.e2e-spec\\.ts$',
      setupFiles: ['<rootDir>/test/setup/sqlite.ts'],
    },
    {
      ...common,
      displayName: 'e2e-postgres',
      rootDir: '.',
      testRegex: 'test/.*\\.e2e-spec\\.ts$',
      testPathIgnorePatterns: ['\\.sqlite\\.e2e-spec\\.ts$'],
      setupFiles: ['<rootDir>/test/setup/postgres.ts'],
    },
  ],
};
