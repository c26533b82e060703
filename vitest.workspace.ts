// The test projects, one per package. Vitest 4 no longer reads this file by itself:
// vitest.config.ts passes this list to `test.projects`.
export default ['packages/*/vitest.config.ts'];
