import { defineConfig } from 'tsdown';

/** Every package builds the same way: ESM + CJS + declarations from src/index.ts. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
});
