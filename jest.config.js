/** Three projects: fast unit specs beside the code, and the same e2e suite on SQLite and on PostgreSQL. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }];
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', rootDir: 'src', testRegex: '.*\\.spec\\.ts$' },
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
