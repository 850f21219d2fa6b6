// Types of lifecycle.mjs (plain JavaScript, see there).
export declare const STOP_SIGNALS: readonly ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Calls `onGone` once when this process's parent is gone: its IPC channel closes (the
 * parent spawned us with one), or this process is re-parented (to init or a subreaper).
 */
export declare function watchParent(onGone: (reason: string) => void): void;

export type Shutdown = {
  /** true once a stop has begun */
  readonly stopping: boolean;
  /** begins the graceful stop (as a signal would); later calls do nothing */
  stop: (reason: string) => void;
};

/**
 * Wires this process's stop: the first signal (or the parent's death) runs `graceful`, then
 * exits with the code it returns (0 when it returns nothing). A signal at least a second
 * after the first, or `graceful` outlasting `deadlineMs`, runs `immediate` (kill what must
 * not outlive us) and exits with 1.
 */
export declare function handleShutdown(options: {
  /** for the messages: "npm start", "next worker"… */
  name: string;
  graceful: (reason: string) => Promise<number | void>;
  immediate?: () => void;
  deadlineMs: number;
}): Shutdown;

/** STOP_GRACE_SECONDS (default 10): how long requests and jobs in flight may take to finish when stopping. */
export declare function stopGraceMs(env?: NodeJS.ProcessEnv): number;
