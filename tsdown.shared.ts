import { defineConfig, type Rolldown } from 'tsdown';

/**
 * Declarations that name `AsyncDisposable` (or another type of TypeScript's `esnext.disposable`
 * lib) reference that lib, so that they compile in a project whose `lib` lacks it and that has
 * no `@types/node` (edge runtimes, `"types": []`). rolldown-plugin-dts keeps only `path` and
 * `types` directives from the sources, so the reference is added to the emitted files here.
 */
const DISPOSABLE_TYPE = /\b(?:Async)?Disposable(?:Stack)?\b|\bSymbol\.(?:asyncDispose|dispose)\b/;
const DISPOSABLE_LIB = '/// <reference lib="esnext.disposable" />\n';
const referenceDisposableLib: Rolldown.Plugin = {
  name: 'mutex:reference-disposable-lib',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk' || !/\.d\.[cm]?ts$/.test(file.fileName)) continue;
      if (DISPOSABLE_TYPE.test(file.code)) file.code = DISPOSABLE_LIB + file.code;
    }
  },
};

/** Every package builds the same way: ESM + CJS + declarations from src/index.ts. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Not `plugins`: tsdown leaves those out of the build that emits the .d.cts files. Added in
  // place: options returned from here are merged with tsdown's, which would repeat its plugins.
  inputOptions(options) {
    options.plugins = [options.plugins, referenceDisposableLib];
  },
});
