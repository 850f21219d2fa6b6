// Where a server worker's CPU goes: reads the .cpuprofile files `node --cpu-prof` writes
// and sums self time by area (React's render, Next's pipeline, our code, the database
// driver, compression, garbage collection) and by function. Used by `npm run bench --
// --profile`; BENCHMARKS.md quotes its output.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type ProfileSummary = {
  files: number;
  totalMs: number;
  byArea: { area: string; ms: number; share: number }[];
  byFunction: { name: string; ms: number; share: number }[];
};

const AREAS: [string, RegExp][] = [
  ["(idle)", /^\(idle\)$/],
  ["garbage collection", /^\(garbage collector\)$/],
  // Next ships React's server renderer inside its app-page runtime: the render shows up there
  ["Next.js server runtime (routing, its bundled React render, RSC payload)", /next\/dist/],
  ["postgres driver", /node_modules\/postgres\//],
  ["drizzle-orm", /drizzle-orm/],
  ["Auth.js / jose", /@auth|next-auth|jose/],
  ["compression (zlib)", /zlib/],
  ["Node internals (streams, http, buffers)", /^node:|internal\//],
  ["the app's own code (server chunks)", /\.next\/server\/(app|chunks)/],
  ["other node_modules", /node_modules/],
];

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)") {
    return functionName === "(garbage collector)" ? "garbage collection" : "(idle)";
  }
  for (const [area, pattern] of AREAS) if (pattern.test(url) || pattern.test(functionName)) return area;
  return url ? "other" : "native / V8";
}

/** Self time of every profile in `directory`, summed; (idle) and (program) are left out of the shares. */
export function summariseProfiles(directory: string, top = 15): ProfileSummary {
  const files = readdirSync(directory).filter((name) => name.endsWith(".cpuprofile"));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(directory, file), "utf8")) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const selfMicros = new Map<number, number>();
    profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
    for (const [id, micros] of selfMicros) {
      const node = byId.get(id);
      if (!node) continue;
      const area = areaOf(node);
      if (area === "(idle)") continue;
      areas.set(area, (areas.get(area) ?? 0) + micros / 1000);
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^.*\.next\//, ".next/")}:${lineNumber + 1}` : "native";
      const name = `${functionName || "(anonymous)"} ${where}`;
      functions.set(name, (functions.get(name) ?? 0) + micros / 1000);
    }
  }
  const totalMs = [...areas.values()].reduce((sum, ms) => sum + ms, 0);
  const ranked = (entries: Map<string, number>) =>
    [...entries].sort(([, a], [, b]) => b - a).map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));
  return {
    files: files.length,
    totalMs,
    byArea: ranked(areas).map(({ name, ms, share }) => ({ area: name, ms, share })),
    byFunction: ranked(functions).slice(0, top),
  };
}

/** The summary as markdown lists. */
export function renderProfile(summary: ProfileSummary, requests: number): string {
  const perRequest = (ms: number) => (requests > 0 ? `${(ms / requests).toFixed(2)} ms a request` : "");
  return [
    `${summary.files} worker profile(s), ${Math.round(summary.totalMs)} ms of CPU (idle left out) over ${requests} responses: ${perRequest(summary.totalMs)}.`,
    "",
    "By area (self time):",
    ...summary.byArea.map((entry) => `- ${entry.area}: ${(entry.share * 100).toFixed(1)} % (${perRequest(entry.ms)})`),
    "",
    "Heaviest functions (self time):",
    ...summary.byFunction.map((entry) => `- ${(entry.share * 100).toFixed(1)} % \`${entry.name}\``),
  ].join("\n");
}
