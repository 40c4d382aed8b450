// Module boundaries (docs/ARCHITECTURE.md, "Module map"), checked by `npm run lint`.
// A module is a folder under src/modules/; infrastructure is every other folder of src/.
const TEST = '(\\.test\\.ts$|^test/)';
const INFRASTRUCTURE = '^src/(cache|config|db|errors|http|observability|rate-limits|redis|sessions|shared|time)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Files never import each other in a circle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Nor do folders: a module or an infrastructure folder depends on others one way only.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-other-module-repository',
      comment: "A module reads and writes another module's data through that module's service, never its repository.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST },
      to: { path: '^src/modules/[^/]+/[^/]+\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'routes-only-from-the-root',
      comment: 'Route modules are mounted in one place: the composition root.',
      severity: 'error',
      from: { pathNot: ['^src/composition-root\\.ts$', TEST] },
      to: { path: '\\.routes\\.ts$', pathNot: '^src/(platform|site)/' },
    },
    {
      name: 'infrastructure-knows-no-module',
      comment: 'Pools, cache, HTTP plumbing, config, shared read models and time helpers depend on no module.',
      severity: 'error',
      from: { path: INFRASTRUCTURE, pathNot: TEST },
      to: { path: '^src/modules/' },
    },
    {
      name: 'src-never-imports-tests',
      comment: 'Test helpers live under test/support and are imported by tests only.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST },
      to: { path: TEST },
    },
  ],
  options: {
    // Tests are outside the structure: they may reach into any layer to set up data.
    exclude: { path: '\\.test\\.ts$' },
    // Reached only when a source file imports a test helper, which a rule forbids.
    doNotFollow: { path: ['node_modules', '^test/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
