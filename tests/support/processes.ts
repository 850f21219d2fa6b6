// Helpers for tests that run Nexus's own processes (`npm start`, `npm run worker`) and
// check how they stop: process trees from /proc (Linux), ports, waiting.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";

/** Pid → parent pid and state of every process, from /proc. */
function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), { state: fields[0] ?? "?", ppid: Number(fields[1]) });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The pid and every live descendant of it. */
export function processTree(pid: number): number[] {
  const table = processTable();
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) {
    for (const [child, { ppid }] of table) if (ppid === tree[index]) tree.push(child);
  }
  return tree.filter((member) => isRunning(member));
}

/** True while the process exists and is not a zombie (exited, not yet reaped). */
export function isRunning(pid: number): boolean {
  try {
    if (!existsSync(`/proc/${pid}`)) return false;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until none of `pids` runs; returns how long that took, or throws naming the survivors. */
export async function waitForExitOfAll(pids: number[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  try {
    await waitUntil(() => pids.every((pid) => !isRunning(pid)), timeoutMs, "every process to exit");
  } catch {
    const survivors = pids.filter((pid) => isRunning(pid)).map((pid) => `${pid} ${commandOf(pid)}`);
    throw new Error(`still running after ${timeoutMs / 1000} s:\n  ${survivors.join("\n  ")}`);
  }
  return Date.now() - started;
}

/** True when nothing listens on the port (on any address). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A port nothing listens on now (the system's choice), or `base + offset` when PROCESS_TEST_PORT_BASE is set. */
export async function freePort(offset: number): Promise<number> {
  const base = Number(process.env.PROCESS_TEST_PORT_BASE);
  if (Number.isInteger(base) && base > 0) return base + offset;
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export type Spawned = {
  child: ChildProcess;
  pid: number;
  /** everything it wrote so far, stdout and stderr */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Runs `npm run <script>` in this worktree with the given environment, collecting its output. */
export function spawnNpm(script: string, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn("npm", ["run", "--silent", script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  if (!child.pid) throw new Error(`npm run ${script} did not start`);
  return { child, pid: child.pid, output: () => output, exited };
}
