import { defineConfig } from 'tsdown';
import shared from '../../tsdown.shared.ts';

// ESM only: the conformance suite imports Vitest, which cannot be loaded with require().
export default defineConfig({ ...shared, format: ['esm'] });
