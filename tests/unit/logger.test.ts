// lib/logger.ts: JSON lines, secrets redacted, errors without the values they quote, and
// a request id from the request when there is one.
import fs from "node:fs";
import { Writable } from "node:stream";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { acceptRequestId, createLogger, isSecretField, requestLogger } from "@/lib/logger";

const SECRETS = {
  password: "hunter2-password-value",
  secret: "s3cr3t-value",
  token: "tok-123-value",
  authorization: "Bearer abc-authorization-value",
};

/** A logger writing into an array: one entry per line. */
function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, log: createLogger(stream) };
}

function parsed(line: string | undefined): Record<string, unknown> {
  return JSON.parse(line ?? "null") as Record<string, unknown>;
}

function expectNoSecrets(text: string) {
  for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.doUnmock("next/headers");
  vi.resetModules();
});

describe("logger", () => {
  it("writes every line as JSON with level, time, msg and the service", () => {
    const { lines, log } = capture();
    log.info("started");
    log.warn({ companyId: "c1" }, "slow query");
    log.error(new Error("boom"));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const entry = parsed(line);
      expect(entry).toMatchObject({ service: "nexus" });
      expect(typeof entry.level).toBe("string");
      expect(typeof entry.msg).toBe("string");
      expect(new Date(String(entry.time)).toISOString()).toBe(entry.time);
    }
    expect(lines.map((line) => parsed(line).level)).toEqual(["info", "warn", "error"]);
    expect(parsed(lines[1])).toMatchObject({ companyId: "c1", msg: "slow query" });
  });

  it("prints [Redacted] for password, secret, token and authorization fields, never the value", () => {
    const { lines, log } = capture();
    log.info({ ...SECRETS, userId: "u1" }, "top level");
    log.info({ headers: { authorization: SECRETS.authorization, cookie: "session=abc" }, user: { password: SECRETS.password } }, "nested");
    log.info({ input: { form: { fields: { newPassword: SECRETS.password, clientSecret: SECRETS.secret } } } }, "deep");
    log.info({ rows: [{ tokenHash: SECRETS.token }, { smtpPassword: SECRETS.password }] }, "in arrays");
    log.info({ CREDENTIAL_KEYS: "1:AAAA", AUTH_SECRET: SECRETS.secret, plaintext: SECRETS.secret, ingestionKey: SECRETS.token }, "env-like");
    log.child({ token: SECRETS.token, headers: { cookie: "session=abc" } }).info("child bindings");

    const output = lines.join("\n");
    expectNoSecrets(output);
    expect(output).not.toContain("session=abc");
    expect(output).not.toContain("1:AAAA");

    const [top, nested, deep, arrays, envLike, child] = lines.map(parsed);
    expect(top).toMatchObject({ password: "[Redacted]", secret: "[Redacted]", token: "[Redacted]", authorization: "[Redacted]", userId: "u1" });
    expect(nested).toMatchObject({ headers: { authorization: "[Redacted]", cookie: "[Redacted]" }, user: { password: "[Redacted]" } });
    expect(deep).toMatchObject({ input: { form: { fields: { newPassword: "[Redacted]", clientSecret: "[Redacted]" } } } });
    expect(arrays).toMatchObject({ rows: [{ tokenHash: "[Redacted]" }, { smtpPassword: "[Redacted]" }] });
    expect(envLike).toMatchObject({ CREDENTIAL_KEYS: "[Redacted]", AUTH_SECRET: "[Redacted]", plaintext: "[Redacted]", ingestionKey: "[Redacted]" });
    expect(child).toMatchObject({ token: "[Redacted]", headers: { cookie: "[Redacted]" } });
  });

  it("keeps fields that only look alike", () => {
    expect(isSecretField("keyVersion")).toBe(false);
    expect(isSecretField("requestId")).toBe(false);
    expect(isSecretField("companyId")).toBe(false);
    expect(isSecretField("passwordHash")).toBe(true);
    expect(isSecretField("x-api-key")).toBe(true);
  });

  it("logs errors with type, message, stack and code, without query parameters or other properties", () => {
    const { lines, log } = capture();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: "23505",
      detail: `Key (email)=(${SECRETS.secret}) already exists.`,
    });
    const failed = new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', [SECRETS.secret, SECRETS.password], cause);
    const withBody = Object.assign(new Error("upstream refused"), { status: 502, body: { token: SECRETS.token }, url: `https://x/?auth=${SECRETS.secret}` });

    log.error(failed);
    log.error({ err: withBody }, "publish failed");

    const output = lines.join("\n");
    expectNoSecrets(output);
    const first = parsed(lines[0]);
    expect(first.msg).toBe('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)');
    const err = first.err as Record<string, unknown>;
    expect(Object.keys(err).sort()).toEqual(["cause", "message", "stack", "type"]);
    expect(String(err.stack)).toMatch(/^Error: Failed query: .*\n\s+at /);
    expect(err.cause).toMatchObject({ type: "Error", code: "23505", message: expect.stringContaining("duplicate key") });
    expect(Object.keys(err.cause as object)).not.toContain("detail");

    const second = parsed(lines[1]);
    expect(second.msg).toBe("publish failed");
    expect(Object.keys(second.err as object).sort()).toEqual(["message", "stack", "status", "type"]);
  });

  it("takes its level from LOG_LEVEL, info by default or when unknown", () => {
    expect(createLogger(new Writable()).level).toBe("info");
    vi.stubEnv("LOG_LEVEL", "warn");
    expect(createLogger(new Writable()).level).toBe("warn");
    vi.stubEnv("LOG_LEVEL", "loud");
    expect(createLogger(new Writable()).level).toBe("info");
  });
});

describe("requestLogger", () => {
  it("works outside a request (a script): no requestId, and the line goes to stdout", async () => {
    const written: string[] = [];
    vi.spyOn(fs, "writeSync").mockImplementation((fd: number, data: unknown) => {
      if (fd === 1) written.push(String(data));
      return typeof data === "string" ? Buffer.byteLength(data) : 0;
    });
    const log = await requestLogger({ source: "script", smtp: { smtpPassword: SECRETS.password } });
    expect(log.bindings()).toEqual({ service: "nexus", source: "script", smtp: { smtpPassword: "[Redacted]" } });
    log.info({ password: SECRETS.password }, "from a script");
    log.flush();
    const line = written.join("").split("\n").find((text) => text.includes("from a script"));
    expect(parsed(line)).toMatchObject({ level: "info", service: "nexus", source: "script", password: "[Redacted]", msg: "from a script" });
    expect(parsed(line)).not.toHaveProperty("requestId");
    expectNoSecrets(written.join(""));
  });

  it("works in the Next server outside a request scope (a timer, after()): no requestId", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    const { requestLogger: fresh } = await import("@/lib/logger");
    const log = await fresh();
    expect(log.bindings()).toEqual({ service: "nexus" });
  });

  it("carries the x-request-id middleware put on the request", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.doMock("next/headers", () => ({ headers: async () => new Headers({ "x-request-id": "3f1c2a9e-0d4b-4c57-9a8e-5b1f2e3d4c5a" }) }));
    const { requestLogger: fresh } = await import("@/lib/logger");
    const log = await fresh({ source: "server-action" });
    expect(log.bindings()).toEqual({ service: "nexus", requestId: "3f1c2a9e-0d4b-4c57-9a8e-5b1f2e3d4c5a", source: "server-action" });
  });

  it("takes a load balancer's id from a route handler's request when well-formed, else generates one per request", async () => {
    const incoming = new Request("http://localhost/api/health", { headers: { "x-request-id": "lb-0123_abc" } });
    expect((await requestLogger({}, incoming)).bindings()).toEqual({ service: "nexus", requestId: "lb-0123_abc" });

    for (const bad of ["has space", "a".repeat(65), "quote\"", "new\nline"]) {
      const headers = new Headers();
      // Headers refuses some values outright; the validator must refuse the rest.
      try {
        headers.set("x-request-id", bad);
      } catch {
        continue;
      }
      const request = new Request("http://localhost/api/health", { headers });
      const id = (await requestLogger({}, request)).bindings().requestId as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(bad);
    }

    const plain = new Request("http://localhost/api/v1/executions");
    const first = (await requestLogger({}, plain)).bindings().requestId as string;
    const again = (await requestLogger({}, plain)).bindings().requestId as string;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(again).toBe(first);
    expect((await requestLogger({}, new Request("http://localhost/"))).bindings().requestId).not.toBe(first);
  });

  it("accepts request ids of up to 64 characters of [A-Za-z0-9_-]", () => {
    expect(acceptRequestId("a".repeat(64))).toBe("a".repeat(64));
    expect(acceptRequestId("a".repeat(65))).toBeNull();
    expect(acceptRequestId("")).toBeNull();
    expect(acceptRequestId(null)).toBeNull();
    expect(acceptRequestId("x;DROP")).toBeNull();
  });
});
