/** Unit tests sit beside the code (*.spec.ts); e2e tests against real services live in test/. */
const moduleNameMapper = {
  '^@rol/(config|contracts|devstack|domain|mail|persistence|temporal)$': '<rootDir>/libs/$1/src',
  '^@rol/(api|worker)$': '<rootDir>/apps/$1/src',
  '^@rol/workflows$': '<rootDir>/workflows',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts'] },
    {
      // The workflows on the local dev server against stub activities: between unit and e2e.
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflows/**/*.workflow-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
