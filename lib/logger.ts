import "server-only";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

// Structured logs (PRODUCT.md §9): one JSON object a line on stdout, which Vercel and any
// log collector ingest as is. A line carries the request id that middleware.ts (pages,
// server actions) or a load balancer (route handlers) gave the request, and never a
// secret: secret-like fields are redacted wherever they sit, and errors keep only their
// name, message, stack and code (and an HTTP status).

export type { Logger };

const CENSOR = "[Redacted]";

// Field names whose values are secrets, as the code spells them. `redact` censors them at
// the top level and one level down, including in a child logger's bindings.
const SECRET_FIELDS = [
  "password",
  "passwordHash",
  "newPassword",
  "currentPassword",
  "temporaryPassword",
  "secret",
  "clientSecret",
  "token",
  "tokenHash",
  "sessionToken",
  "accessToken",
  "refreshToken",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "key",
  "keys",
  "apiKey",
  "privateKey",
  "encryptionKey",
  "plaintext",
  "ciphertext",
  "CREDENTIAL_KEYS",
  "AUTH_SECRET",
  "PUSHER_SECRET",
  "DATABASE_URL",
  "SMTP_URL",
] as const;

const pathSegment = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);
const segmentAfterDot = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`);

export const REDACT_PATHS: string[] = SECRET_FIELDS.flatMap((name) => [pathSegment(name), `*${segmentAfterDot(name)}`]);

// The same rule by name shape, at any depth: `redact` paths are positional, so a secret
// nested deeper or spelled differently (smtpPassword, ingestionKey) would slip past them.
const SECRET_NAME_PARTS = [
  "password",
  "passwd",
  "secret",
  "token",
  "authorization",
  "cookie",
  "plaintext",
  "ciphertext",
  "credentialkeys",
  "databaseurl",
  "smtpurl",
];

export function isSecretField(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return (
    SECRET_NAME_PARTS.some((part) => normalized.includes(part)) ||
    normalized.endsWith("key") ||
    normalized.endsWith("keys")
  );
}

const MAX_SCRUB_DEPTH = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A copy with secret-like fields censored; errors, dates and other instances are left to the serializers. */
function scrub(value: unknown, depth: number): unknown {
  if (depth > MAX_SCRUB_DEPTH) return "[Truncated]";
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    copy[name] = isSecretField(name) ? CENSOR : scrub(item, depth + 1);
  }
  return copy;
}

export type SerializedError = {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  status?: number;
  cause?: SerializedError;
};

/**
 * An error's message without the values it may quote. Drizzle's query errors read
 * "Failed query: <sql>\nparams: <values>", and those values are user input: password
 * hashes, ciphertexts, emails. The SQL itself is parameterised, so it stays.
 */
export function safeErrorMessage(error: Error): string {
  const message = typeof error.message === "string" ? error.message : "";
  const params = message.indexOf("\nparams:");
  return params === -1 ? message : message.slice(0, params);
}

/**
 * Errors as { type, message, stack, code, status, cause }: never the other properties an
 * error may carry (a failed query's parameters, a request URL or body, a response).
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const type = value.name || "Error";
  const message = safeErrorMessage(value);
  const serialized: SerializedError = { type, message };
  if (typeof value.stack === "string") {
    // The stack's first line repeats the raw message: rebuild it from the safe one.
    const frames = value.stack.indexOf("\n    at ");
    serialized.stack = `${type}: ${message}${frames === -1 ? "" : value.stack.slice(frames)}`;
  }
  const { code, status } = value as { code?: unknown; status?: unknown };
  if (typeof code === "string" || typeof code === "number") serialized.code = code;
  // an HTTP client's error (Pusher's): the answer's status, never its URL or body
  if (typeof status === "number") serialized.status = status;
  if (value.cause instanceof Error && depth < 3) serialized.cause = serializeError(value.cause, depth + 1) as SerializedError;
  return serialized;
}

function levelFromEnvironment(): string {
  const requested = process.env.LOG_LEVEL?.trim().toLowerCase();
  return requested && (requested === "silent" || requested in pino.levels.values) ? requested : "info";
}

/** A logger with Nexus's options; `destination` is for tests (the app writes to stdout). */
export function createLogger(destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: levelFromEnvironment(),
    base: { service: "nexus" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // "level":"error" rather than 50: what log search in Vercel and others expects
      level: (label) => ({ level: label }),
      log: (object) => scrub(object, 0) as Record<string, unknown>,
    },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      // log.error(error) would make the raw message the line's msg: use the safe one.
      logMethod(args, method) {
        const [first, second] = args;
        if (first instanceof Error && typeof second !== "string") {
          return method.apply(this, [{ err: first }, safeErrorMessage(first)]);
        }
        return method.apply(this, args);
      },
    },
  };
  // Synchronous writes to stdout: a serverless instance may be frozen right after the
  // response, and an error line is worth the microseconds.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

/** The process's logger. Prefer `requestLogger()` while serving a request. */
export const logger: Logger = createLogger();

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A request id from a header as it arrived: kept only when it is ≤ 64 of [A-Za-z0-9_-]. */
export function acceptRequestId(value: string | null | undefined): string | null {
  return value && REQUEST_ID.test(value) ? value : null;
}

type HeaderSource = { get(name: string): string | null };

// One generated id per request when no header carried one: Next hands out the same
// headers object for the whole request, so it keys the memo.
const generatedIds = new WeakMap<object, string>();

function requestIdFrom(source: HeaderSource): string {
  const incoming = acceptRequestId(source.get("x-request-id"));
  if (incoming) return incoming;
  let id = generatedIds.get(source);
  if (!id) {
    id = randomUUID();
    generatedIds.set(source, id);
  }
  return id;
}

/** This request's headers, or null outside one (a script, a test, a timer, `after()`). */
async function currentRequestHeaders(): Promise<HeaderSource | null> {
  // Outside the Next server there is no request; skip loading next/ at all (scripts).
  if (!process.env.NEXT_RUNTIME) return null;
  let next: [typeof import("next/headers"), typeof import("next/navigation")];
  try {
    next = await Promise.all([import("next/headers"), import("next/navigation")]);
  } catch {
    return null;
  }
  const [{ headers }, { unstable_rethrow }] = next;
  try {
    return await headers();
  } catch (error) {
    // A prerender stops by throwing from headers(): let Next see that; anything else
    // means no request is in scope.
    unstable_rethrow(error);
    return null;
  }
}

/** The id of the request being served, or null outside one. */
export async function currentRequestId(request?: { headers: HeaderSource }): Promise<string | null> {
  const source = request?.headers ?? (await currentRequestHeaders());
  return source ? requestIdFrom(source) : null;
}

/**
 * A child of `logger` carrying this request's `requestId` (and the given bindings).
 * Route handlers may pass their Request; otherwise the id comes from next/headers.
 * Outside a request it carries no requestId and still works.
 */
export async function requestLogger(bindings: Record<string, unknown> = {}, request?: { headers: HeaderSource }): Promise<Logger> {
  const requestId = await currentRequestId(request);
  // pino runs no formatter over a child's bindings (only the redact paths): scrub them here
  const safe = scrub(bindings, 0) as Record<string, unknown>;
  return logger.child(requestId ? { requestId, ...safe } : safe);
}
