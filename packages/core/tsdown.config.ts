import { defineConfig } from 'tsdown';
import shared from '../../tsdown.shared.ts';

// Two entries: the API applications call, and the kit adapter authors need.
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/adapter.ts'] });
