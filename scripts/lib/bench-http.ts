// HTTP side of the benchmark: signing in through Auth.js the way a browser does, and
// driving autocannon with one signed-in user per connection.
import autocannon from "autocannon";

export type Latencies = { p50: number; p95: number; p99: number };

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))] ?? Number.NaN;
}

export function summarise(values: readonly number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** `name=value` pairs of a response's Set-Cookie headers. */
function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0] ?? "";
    const separator = pair.indexOf("=");
    if (separator > 0) jar.set(pair.slice(0, separator), pair.slice(separator + 1));
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/**
 * Signs in with the Credentials provider as the login form's POST does (CSRF token from
 * /api/auth/csrf, its cookie sent back) and returns the Cookie header that carries the
 * session (`authjs.session-token`, chunked as .0, .1… when large).
 */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  if (!csrfResponse.ok) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf returned no csrfToken");
  const jar = cookiesOf(csrfResponse);

  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/` }),
  });
  const session = new Map([...cookiesOf(response)].filter(([name]) => name.startsWith("authjs.session-token")));
  if (session.size === 0) {
    throw new Error(`sign-in of ${email} failed: ${response.status} ${response.headers.get("location") ?? ""}`);
  }
  return cookieHeader(session);
}

/** Throws unless `path` answers 200 with this cookie (a dead session redirects to /login). */
export async function assertSignedIn(baseUrl: string, path: string, cookie: string, email: string): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`${email}: GET ${path} answered ${response.status} ${response.headers.get("location") ?? ""}`);
  }
}

export type LoadResult = {
  /** every response's time, ms */
  latencies: number[];
  /** the same, per group of connections (LoadOptions.groupOf) */
  latenciesByGroup: Map<string, number[]>;
  /** completed responses per second over the measured duration */
  requestsPerSecond: number;
  durationSeconds: number;
  statusCounts: Map<number, number>;
  /** responses outside 2xx, plus connection errors and timeouts */
  failures: number;
  errors: number;
};

export type LoadOptions = {
  baseUrl: string;
  connections: number;
  /** seconds; or `amount` */
  durationSeconds?: number;
  /** total requests, spread over the connections; every one is answered before it ends */
  amount?: number;
  /** the request sequence of connection number `index` (each connection gets its own objects) */
  requestsFor: (index: number) => autocannon.Request[];
  /** a label for connection number `index` (e.g. the role signed in on it), to break latency down */
  groupOf?: (index: number) => string;
};

/**
 * One autocannon run. Each connection gets its own request objects through setupClient
 * (autocannon shares the `requests` option between connections and caches each built
 * request on it, so a per-connection cookie must not live there).
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const latenciesByGroup = new Map<string, number[]>();
  const groups = new Map<autocannon.Client, number[]>();
  let connection = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
        timeout: 30,
        // a harmless placeholder until setupClient gives the connection its own requests
        requests: [{ method: "GET", path: "/api/health" }],
        setupClient: (client) => {
          const index = connection++;
          const group = options.groupOf?.(index) ?? "all";
          if (!latenciesByGroup.has(group)) latenciesByGroup.set(group, []);
          groups.set(client, latenciesByGroup.get(group) ?? []);
          client.setRequests(options.requestsFor(index));
        },
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statusCounts = new Map<number, number>();
        for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
          statusCounts.set(Number(code), stats.count ?? 0);
        }
        const durationSeconds = result.duration;
        resolve({
          latencies,
          latenciesByGroup,
          requestsPerSecond: latencies.length / durationSeconds,
          durationSeconds,
          statusCounts,
          failures: result.non2xx + result.errors,
          errors: result.errors,
        });
      },
    );
    instance.on("response", (client, _statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      groups.get(client)?.push(responseTime);
    });
  });
}

/** "200×1234, 307×2" */
export function describeStatuses(counts: Map<number, number>): string {
  return [...counts].sort(([a], [b]) => a - b).map(([code, count]) => `${code}×${count}`).join(", ") || "none";
}
