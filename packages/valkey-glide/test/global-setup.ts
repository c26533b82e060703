import { provideRedis } from '@mutex/testkit';
import type { TestProject } from 'vitest/node';

export default (project: TestProject) => provideRedis(project, { cluster: true });
