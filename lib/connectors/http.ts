// Outbound GET of JSON for connectors, hardened for URLs that users type in: every
// address is checked against lib/connectors/url-policy.ts at connect time (literal IPs
// before connecting, host names inside the socket's own DNS lookup, so a rebinding DNS
// answer is checked too), one timer bounds the whole exchange, the body is capped while
// it streams, redirects are not followed, and nothing is logged.
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { checkAddress } from "@/lib/connectors/url-policy";

export type ConnectorErrorKind = "refused_address" | "unreachable" | "timeout" | "tls" | "too_large" | "not_json";

/** A failed exchange; `message` is one sentence for the user that names the host and never a header. */
export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly status?: number;
  /** The response's Content-Type, for "not_json". */
  readonly contentType?: string;

  constructor(kind: ConnectorErrorKind, message: string, details: { status?: number; contentType?: string } = {}) {
    super(message);
    this.name = "ConnectorError";
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.contentType !== undefined) this.contentType = details.contentType;
  }
}

export type GetJsonOptions = {
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  allowPrivateNetworks: boolean;
};

export type JsonResponse = { status: number; body: unknown; contentType: string };

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NODATA",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "EPIPE",
  "ETIMEDOUT",
]);

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "HOSTNAME_MISMATCH",
]);

function isTlsError(code: string, message: string): boolean {
  if (TLS_CODES.has(code) || code.startsWith("CERT_") || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_")) return true;
  // OpenSSL failures such as a plain-HTTP server on an https:// URL arrive as EPROTO.
  return code === "EPROTO" && /SSL|TLS/.test(message);
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return "";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "";
}

/** Turns a socket or parser error into a ConnectorError; `host` is host[:port]. */
function classifyFailure(error: unknown, host: string): ConnectorError {
  const code = errorCode(error);
  if (isTlsError(code, errorMessage(error))) {
    return new ConnectorError("tls", `The secure connection to ${host} failed: its TLS certificate or handshake was not accepted (${code}).`);
  }
  if (code === "ENOTFOUND" || code === "EAI_NONAME" || code === "EAI_NODATA" || code === "EAI_FAIL") {
    return new ConnectorError("unreachable", `${host} could not be found: its name does not resolve (${code}).`);
  }
  if (code === "ECONNREFUSED") {
    return new ConnectorError("unreachable", `${host} refused the connection: nothing is listening there (ECONNREFUSED).`);
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new ConnectorError("unreachable", `${host} could not be reached (${code}).`);
  }
  if (code === "HPE_HEADER_OVERFLOW") {
    return new ConnectorError("too_large", `${host} answered with headers too large to read.`);
  }
  if (code.startsWith("HPE_")) {
    return new ConnectorError("not_json", `${host} did not answer with valid HTTP (${code}).`);
  }
  return new ConnectorError("unreachable", `${host} could not be reached${code === "" ? "" : ` (${code})`}.`);
}

/** GETs a URL and parses JSON; see the file comment for the rules. Non-2xx answers are returned, not thrown. */
export async function getJson(target: string, options: GetJsonOptions): Promise<JsonResponse> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConnectorError("refused_address", "The URL is not valid.");
  }
  const host = url.host;
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConnectorError("refused_address", `Only http:// and https:// URLs are contacted, not ${url.protocol}// (${host}).`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConnectorError("refused_address", `The URL for ${host} carries a user name or password; remove them.`);
  }

  // URL keeps brackets around IPv6 literals; net.isIP wants the bare address.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(hostname) !== 0) {
    const refusal = checkAddress(hostname, options.allowPrivateNetworks);
    if (refusal !== null) throw new ConnectorError("refused_address", refusal);
  }

  return new Promise<JsonResponse>((resolve, reject) => {
    let settled = false;
    // Set by the lookup below when it refuses an address, so the resulting socket error is reported as the refusal.
    let refusal: string | null = null;
    let request: http.ClientRequest | undefined;

    const finish = (outcome: { value: JsonResponse } | { error: ConnectorError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ("error" in outcome) {
        request?.destroy();
        reject(outcome.error);
      } else {
        resolve(outcome.value);
      }
    };

    const timer = setTimeout(() => {
      finish({ error: new ConnectorError("timeout", `${host} did not answer within ${formatDuration(options.timeoutMs)}.`) });
    }, options.timeoutMs);

    const lookup: net.LookupFunction = (name, lookupOptions, callback) => {
      dns.lookup(name, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) {
          callback(error, "", 0);
          return;
        }
        // Every address must pass, not only the one the socket would try first.
        for (const entry of addresses) {
          const reason = checkAddress(entry.address, options.allowPrivateNetworks, name);
          if (reason !== null) {
            refusal = reason;
            callback(Object.assign(new Error(reason), { code: "ERR_CONNECTOR_REFUSED_ADDRESS" }), "", 0);
            return;
          }
        }
        const [first] = addresses;
        if (first === undefined) {
          callback(Object.assign(new Error(`${name} has no addresses`), { code: "ENOTFOUND" }), "", 0);
        } else if (lookupOptions.all === true) {
          // net asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily); the
          // typings only describe the single-address callback.
          (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      });
    };

    const requestOptions: https.RequestOptions = {
      method: "GET",
      headers: { Accept: "application/json", "Accept-Encoding": "identity", ...options.headers },
      lookup,
      // No shared agent: a pooled socket opened under one request's policy must never
      // carry another request that has a stricter one.
      agent: false,
    };

    try {
      request = (url.protocol === "https:" ? https : http).request(url, requestOptions, (response) => {
        const status = response.statusCode ?? 0;
        const contentType = response.headers["content-type"] ?? "";
        const tooLarge = () => new ConnectorError("too_large", `${host} sent a response larger than ${formatBytes(options.maxBytes)}.`, { status });

        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          finish({ error: tooLarge() });
          return;
        }

        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > options.maxBytes) {
            finish({ error: tooLarge() });
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", (error) => finish({ error: classifyFailure(error, host) }));
        response.on("close", () => {
          if (!response.complete) finish({ error: new ConnectorError("unreachable", `${host} closed the connection before the response was complete.`) });
        });
        response.on("end", () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
          let body: unknown = null;
          let parsed = false;
          try {
            body = JSON.parse(text);
            parsed = true;
          } catch {
            body = null;
          }
          if (!parsed && status >= 200 && status < 300) {
            const what = contentType === "" ? "a body" : `${contentType.split(";")[0]?.trim()}`;
            finish({ error: new ConnectorError("not_json", `${host} answered with ${what} that is not JSON.`, { status, contentType }) });
            return;
          }
          finish({ value: { status, body, contentType } });
        });
      });
    } catch (error) {
      // Thrown synchronously for an invalid header value; its message names the header, never the value.
      finish({ error: new ConnectorError("refused_address", `The request to ${host} could not be built (${errorCode(error) || "invalid request"}).`) });
      return;
    }

    request.on("error", (error) => {
      if (refusal !== null) finish({ error: new ConnectorError("refused_address", refusal) });
      else finish({ error: classifyFailure(error, host) });
    });
    request.end();
  });
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
