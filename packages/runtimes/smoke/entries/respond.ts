import type { SmokeReport } from '../report.js';

/** The report as a JSON response, or the failure's stack with status 500 for the test to show. */
export async function respond(smoke: () => Promise<SmokeReport>): Promise<Response> {
  try {
    return new Response(JSON.stringify(await smoke()), {
      headers: { 'content-type': 'application/json' },
    });
  } catch (error) {
    return new Response(error instanceof Error ? (error.stack ?? error.message) : String(error), {
      status: 500,
    });
  }
}
