import { build } from 'esbuild';
import type { SmokeConfig } from '../../smoke/report.js';
import { smokeSource } from './paths.js';

export interface BundleOptions {
  /** A file under smoke/entries. */
  readonly entry: string;
  readonly config: SmokeConfig;
  /** 'esm' for programs and Workers, 'iife' for a script (the Edge Runtime). */
  readonly format: 'esm' | 'iife';
  /** 'neutral' for programs (nothing Node-specific is assumed), 'browser' for edge bundles. */
  readonly platform: 'neutral' | 'browser';
  readonly conditions: readonly string[];
  /**
   * Keep `await using` as written, for a runtime that parses it; otherwise esbuild compiles it
   * to calls of `Symbol.asyncDispose`, as TypeScript does for Node 20 and 22 users.
   */
  readonly nativeUsing: boolean;
  /** Packages left as imports, resolved by the runtime from packages/runtimes/node_modules. */
  readonly external?: readonly string[];
}

/**
 * The smoke as one file, with @mutex/* bundled from their sources (the `@mutex/source`
 * condition), as an application's bundler would include the published build.
 */
export async function bundleSmoke(options: BundleOptions): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [smokeSource(`entries/${options.entry}`)],
    bundle: true,
    write: false,
    format: options.format,
    platform: options.platform,
    target: options.nativeUsing ? 'esnext' : 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['@mutex/source', ...options.conditions],
    external: [...(options.external ?? [])],
    define: { SMOKE: JSON.stringify(options.config) },
    logLevel: 'silent',
  });
  const code = outputFiles[0]?.text;
  if (!code) throw new Error(`esbuild produced nothing for ${options.entry}`);
  if (options.nativeUsing !== code.includes('await using')) {
    throw new Error(`expected ${options.nativeUsing ? 'native' : 'compiled'} await using`);
  }
  return code;
}
