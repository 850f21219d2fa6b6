// `npm test`'s build stage: `next build`, recorded as the build of the current sources, so
// the `npm start` the process tests run (and a developer's next `npm start`) does not
// build again.
import { buildIfNeeded } from "./lib/build";

await buildIfNeeded({ force: true });
