// `--import` this to run a README block from a scratch directory (see workspace-hooks.mjs).
// MUTEX_README_RESOLVE holds `{ scratch, anchors }` as JSON, both file: URLs.
import { register } from 'node:module';

const data = JSON.parse(process.env.MUTEX_README_RESOLVE ?? 'null');
if (data === null) throw new Error('MUTEX_README_RESOLVE is not set');
register('./workspace-hooks.mjs', import.meta.url, { data });
