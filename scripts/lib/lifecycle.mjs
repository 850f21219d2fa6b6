// How Nexus's own processes stop (README, "Stopping Nexus"). Every process of `npm start`,
// `npm run dev` and `npm run worker` stops gracefully on SIGINT, SIGTERM or SIGHUP, and when
// the process that started it goes away (even killed with SIGKILL, which nobody can catch):
// a parent's death must never leave a child serving on its own. A second signal during
// the grace stops at once.
// Plain JavaScript, typed by lifecycle.d.mts: the web server processes load it without a
// TypeScript loader, which would cost them CPU on every request (next-worker.mjs).

export const STOP_SIGNALS = /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"]);

/**
 * Signals closer together than this are one request to stop: Ctrl+C reaches every process
 * of the terminal's foreground group, and each parent forwards it to its children as well.
 */
const SAME_REQUEST_MS = 1_000;

/** How often a child checks that its parent is still there (when it has no IPC channel to it). */
const PARENT_CHECK_MS = 500;

/**
 * Calls `onGone` once when this process's parent is gone: its IPC channel closes (the
 * parent spawned us with one), or this process is re-parented (to init or a subreaper).
 * @param {(reason: string) => void} onGone
 */
export function watchParent(onGone) {
  const parent = process.ppid;
  let gone = false;
  /** @param {string} reason */
  const report = (reason) => {
    if (gone) return;
    gone = true;
    clearInterval(timer);
    onGone(reason);
  };
  if (process.channel) process.once("disconnect", () => report("the parent process closed its channel"));
  const timer = setInterval(() => {
    if (process.ppid !== parent) report(`the parent process ${parent} exited`);
  }, PARENT_CHECK_MS);
  timer.unref();
}

/**
 * Wires this process's stop: the first signal (or the parent's death) runs `graceful`, then
 * exits with the code it returns (0 when it returns nothing). A signal at least a second
 * after the first, or `graceful` outlasting `deadlineMs`, runs `immediate` (kill what must
 * not outlive us) and exits with 1.
 * @param {{ name: string, graceful: (reason: string) => Promise<number | void>, immediate?: () => void, deadlineMs: number }} options
 * @returns {import("./lifecycle.d.mts").Shutdown}
 */
export function handleShutdown({ name, graceful, immediate, deadlineMs }) {
  /** @type {number | null} */
  let startedAt = null;
  /** @param {string} reason */
  const now = (reason) => {
    process.stderr.write(`${name}: stopping at once (${reason})\n`);
    try {
      immediate?.();
    } finally {
      process.exit(1);
    }
  };
  /** @param {string} reason */
  const stop = (reason) => {
    if (startedAt !== null) return;
    startedAt = Date.now();
    setTimeout(() => now(`still stopping after ${deadlineMs / 1000} s`), deadlineMs).unref();
    graceful(reason).then(
      (code) => process.exit(code ?? 0),
      (error) => {
        process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        now("the graceful stop failed");
      },
    );
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (startedAt === null) stop(signal);
      else if (Date.now() - startedAt >= SAME_REQUEST_MS) now(`a second ${signal}`);
    });
  }
  watchParent((reason) => stop(reason));
  return {
    get stopping() {
      return startedAt !== null;
    },
    stop,
  };
}

/** STOP_GRACE_SECONDS (default 10): how long requests and jobs in flight may take to finish when stopping. */
/** @param {NodeJS.ProcessEnv} [env] */
export function stopGraceMs(env = process.env) {
  const seconds = Number(env.STOP_GRACE_SECONDS);
  return env.STOP_GRACE_SECONDS !== undefined && env.STOP_GRACE_SECONDS !== "" && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : 10_000;
}
