// The control: a Worker that draws a random value at module scope, which workerd refuses.
// It shows that the runtime under test enforces the rule the other Worker must keep.
const drawn = crypto.getRandomValues(new Uint8Array(1));

export default {
  async fetch(): Promise<Response> {
    return new Response(String(drawn[0]));
  },
};
