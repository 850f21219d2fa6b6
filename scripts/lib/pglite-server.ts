// Serves an embedded PGlite over the PostgreSQL wire protocol on loopback, so the app,
// scripts and tests all speak postgres-js to one database (STACK.md, "PGlite").
// PGlite is a single backend: a client holds the lock from its first message until the
// backend reports ReadyForQuery "idle", so transactions and extended-protocol batches
// of different clients never interleave.
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Serialises access to the single PGlite backend. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

export type PgliteServer = {
  url: string;
  port: number;
  /** The whole database as a tarball, for starting copies of it (test templates). */
  dump: () => Promise<Blob>;
  close: () => Promise<void>;
};

export async function startPgliteServer(options: {
  dataDir?: string; // omitted: in memory
  loadDataDir?: Blob; // start from a dump (see `dump`)
  port?: number; // 0: a free port
  host?: string;
}): Promise<PgliteServer> {
  if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const mutex = new Mutex();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    let started = false; // after the startup message, messages carry a type byte
    let release: (() => void) | null = null;
    let inTransaction = false;
    let queue: Promise<void> = Promise.resolve();
    const scanner = new ReadyForQueryScanner();

    const run = async (message: Buffer) => {
      if (!release) release = await mutex.lock();
      let idle = false;
      await db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (data) => {
          const status = scanner.scan(data);
          if (status) {
            idle = status === "I";
            inTransaction = status !== "I";
          }
          if (!socket.destroyed) socket.write(data);
        },
      });
      if (idle && release) {
        release();
        release = null;
      }
    };

    const onClose = () => {
      sockets.delete(socket);
      queue = queue.then(async () => {
        if (!release) return;
        if (inTransaction) {
          await db.execProtocolRawStream(simpleQuery("ROLLBACK"), { onRawData: () => {} });
        }
        release();
        release = null;
      });
    };

    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const message = nextMessage();
        if (!message) break;
        queue = queue.then(() => run(message)).catch(() => {
          socket.destroy();
        });
      }
    });
    socket.on("close", onClose);
    socket.on("error", () => socket.destroy());

    function nextMessage(): Buffer | null {
      if (!started) {
        if (buffered.length < 8) return null;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return null;
        const code = buffered.readInt32BE(4);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N"); // no TLS on loopback
          return nextMessage();
        }
        if (code === CANCEL_REQUEST) {
          socket.destroy();
          return null;
        }
        started = true;
        return Buffer.from(message);
      }
      if (buffered.length < 5) return null;
      const length = buffered.readInt32BE(1) + 1;
      if (buffered.length < length) return null;
      const message = Buffer.from(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
      if (message[0] === 0x58 /* X: Terminate */) {
        socket.end();
        return nextMessage();
      }
      return message;
    }
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    dump: async () => {
      const release = await mutex.lock();
      try {
        return await db.dumpDataDir("none");
      } finally {
        release();
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const release = await mutex.lock();
      await db.close();
      release();
    },
  };
}

/**
 * Follows the backend's message stream across chunks (PGlite flushes about 8 KB at a
 * time, splitting messages anywhere) and reports the status byte of each ReadyForQuery
 * ("Z"): "I" idle, "T" in a transaction, "E" in a failed one.
 */
class ReadyForQueryScanner {
  private header = Buffer.alloc(0);
  private skip = 0;
  private awaitingStatus = false;

  /** The last ReadyForQuery status completed in this chunk, if any. */
  scan(data: Uint8Array): string | null {
    let status: string | null = null;
    let offset = 0;
    while (offset < data.length) {
      if (this.awaitingStatus) {
        status = String.fromCharCode(data[offset] ?? 0);
        this.awaitingStatus = false;
        offset += 1;
      } else if (this.skip > 0) {
        const step = Math.min(this.skip, data.length - offset);
        this.skip -= step;
        offset += step;
      } else {
        const take = Math.min(5 - this.header.length, data.length - offset);
        this.header = Buffer.concat([this.header, data.subarray(offset, offset + take)]);
        offset += take;
        if (this.header.length < 5) break;
        const type = this.header[0];
        const bodyLength = this.header.readInt32BE(1) - 4;
        this.header = Buffer.alloc(0);
        if (type === 0x5a && bodyLength === 1) this.awaitingStatus = true;
        else this.skip = bodyLength;
      }
    }
    return status;
  }
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
