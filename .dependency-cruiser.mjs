/**
 * The arrows of docs/architecture.md, checked in `npm test` (`npm run deps`) rather than hoped for.
 *
 *   core ◀── framework ◀── assess ◀── messages ◀── delivery ◀── operations ◀── web ◀── cli
 *   store (beside, uses core)   intake (beside, uses core, framework, store)
 *
 * A part imports only the parts its row below allows, and only through their `index.ts`; nothing in `src/`
 * imports from `test/`. Tests beside the code (`*.test.ts`, `testing.ts`, `test-support.ts`, `*.fixture.ts`,
 * `test-fixtures.ts`) may import their own part's modules, like any file of that part, and other parts'
 * test helpers (`store/testing.ts` gives every part's tests a real database); the direction holds for them too.
 */

/** What each part may import besides itself: the parts to its left in the picture above. */
const ALLOWED = {
  core: [],
  framework: ["core"],
  assess: ["core", "framework"],
  messages: ["core", "framework", "assess"],
  store: ["core"],
  intake: ["core", "framework", "store"],
  delivery: ["core", "framework", "assess", "messages", "store"],
  operations: ["core", "framework", "assess", "messages", "store", "intake", "delivery"],
  web: ["core", "framework", "assess", "messages", "store", "intake", "delivery", "operations"],
  cli: ["core", "framework", "assess", "messages", "store", "intake", "delivery", "operations", "web"],
};

/** Files that exist only for tests: they may reach other parts' test helpers. */
const TEST_ONLY = "(\\.test\\.ts|/testing\\.ts|/test-support\\.ts|\\.fixture\\.ts|/test-fixtures\\.ts)$";
const TEST_HELPER = "^src/[^/]+/(testing|test-support|test-fixtures)\\.ts$";

const directionRules = Object.entries(ALLOWED).map(([part, allowed]) => ({
  name: `direction-${part}`,
  comment: `${part}/ may import only ${allowed.length ? allowed.join(", ") : "nothing outside itself"} (docs/architecture.md)`,
  severity: "error",
  from: { path: `^src/${part}/` },
  to: { path: "^src/[^/]+/", pathNot: [`^src/${part}/`, ...allowed.map((p) => `^src/${p}/`)] },
}));

export default {
  forbidden: [
    ...directionRules,
    {
      name: "through-index",
      comment: "Another part is reached only through its public face, its index.ts (docs/architecture.md)",
      severity: "error",
      from: { path: "^src/([^/]+)/", pathNot: TEST_ONLY },
      to: { path: "^src/[^/]+/", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$"] },
    },
    {
      name: "tests-through-index-or-helpers",
      comment: "A test beside the code reaches another part through its index.ts or its test helpers",
      severity: "error",
      from: { path: `^src/([^/]+)/.*${TEST_ONLY}` },
      to: { path: "^src/[^/]+/", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$", TEST_HELPER] },
    },
    {
      name: "src-not-to-test",
      comment: "Code under src/ never imports from test/",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "resolvable",
      comment: "An import the checker cannot resolve would slip past every rule above",
      severity: "error",
      from: { path: "^src/" },
      // Packages resolve by their own rules (some only by export conditions); our relative imports must.
      to: { couldNotResolve: true, path: "^\\.\\.?/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
