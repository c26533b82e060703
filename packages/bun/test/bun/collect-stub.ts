// Stands in for Bun's built-in 'bun' module while Vitest (on Node) only collects the Bun-run
// files to count their tests; nothing here runs a test.
export class RedisClient {
  constructor() {
    throw new Error(
      "'bun' is only a stand-in while Vitest collects these files: run them with Bun",
    );
  }
}
