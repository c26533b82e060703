import { provideRedis } from '@mutex/testkit';
import type { TestProject } from 'vitest/node';

// A standalone Redis for the Bun-run suite, and a local Cluster to show what Bun's client
// (which has no Cluster support) says there.
export default (project: TestProject) => provideRedis(project, { cluster: true });
