// What both TypeScript round trips share: their arguments, comparing values, and a fetch that records what bodies
// it sent.

/** BASE_URL USERNAME PASSWORD */
export function commandLine(): [string, string, string] {
  const [baseUrl, username, password] = process.argv.slice(2);
  if (baseUrl === undefined || username === undefined || password === undefined) {
    throw new Error("usage: node dist/<client>.js BASE_URL USERNAME PASSWORD");
  }
  return [baseUrl, username, password];
}

export function expecter(client: string) {
  return function expect<T>(what: string, actual: T, wanted: T): void {
    const got = JSON.stringify(actual);
    const expected = JSON.stringify(wanted);
    if (got !== expected) {
      throw new Error(`${client}: ${what}: got ${got}, expected ${expected}`);
    }
    console.log(`${client}: ${what}: ok`);
  };
}

/** `fetch`, noting the media type of every request that has a body. */
export function recordingFetch(): { fetch: typeof fetch; sentTypes: string[] } {
  const sentTypes: string[] = [];
  const recording = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.body !== null) {
      sentTypes.push(request.headers.get("content-type") ?? "(none)");
    }
    return fetch(request);
  };
  return { fetch: recording as typeof fetch, sentTypes };
}
