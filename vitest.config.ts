import { defineConfig } from 'vitest/config';
import { sourceResolution } from './vitest.shared.ts';
import projects from './vitest.workspace.ts';

export default defineConfig({
  ...sourceResolution,
  test: { projects },
});
