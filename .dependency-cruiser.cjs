// Which part of src/ may import which: the arrows point inwards, to the core, and the edges
// (drivers, platforms, HTTP) meet only at the composition root (app.ts) and at the contract
// modules made for it (platforms/contract.ts, core/ports.ts). Checked by `npm test`
// (`npm run deps` alone); a rule that must bend is changed here, with its reason.
//
// Type-only imports count (tsPreCompilationDeps): a type is as much a dependency as a value.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two modules one: neither can be read, tested or moved alone. Break it with a ' +
        'leaf module both sides import (as core/terms.ts does for request.ts and notices.ts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'The core knows nothing of Slack, Teams, Redis or HTTP: it reaches them only through the ' +
        'ports it declares (core/ports.ts). Of the outside it may use zod and date-fns (parsing and ' +
        'calendar arithmetic, no I/O), intl-messageformat and its ICU parser (catalog messages into words, no I/O) and node:crypto (random ids; no I/O); any other package or Node ' +
        'module (fs, http, net...) would be I/O or a platform and belongs in a driver or a platform.',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/(zod|date-fns|intl-messageformat|@formatjs)/', '^crypto$'] },
    },
    {
      name: 'lib-imports-nothing-of-the-project',
      severity: 'error',
      comment: 'lib/ holds generic pieces (a keyed queue, loopback checks) that any layer may use, so they may use none.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'only-main-imports-the-composition-root',
      severity: 'error',
      comment:
        'app.ts wires everything together, so whatever imports it depends on everything. Platforms ' +
        'get what they need through platforms/contract.ts; only the process entry (main.ts) starts the app.',
      from: { pathNot: '^src/main\\.ts$' },
      to: { path: '^src/(app|main)\\.ts$' },
    },
    {
      name: 'only-the-root-imports-platforms',
      severity: 'error',
      comment:
        'Platforms are edges: the composition root (app.ts) picks and wires them; nothing else ' +
        '(core, drivers, HTTP, audit, config) may depend on one.',
      from: { pathNot: '^src/(app\\.ts$|platforms/)' },
      to: { path: '^src/platforms/' },
    },
    {
      name: 'platforms-do-not-import-drivers',
      severity: 'error',
      comment:
        'A platform reaches state through the desk and the narrow store of platforms/contract.ts, ' +
        'never a driver: Slack must work the same on memory and on Redis. (Shared ports, such as the ' +
        'observable clock, are declared in core/ports.ts.)',
      from: { path: '^src/platforms/' },
      to: { path: '^src/drivers/' },
    },
    {
      name: 'drivers-do-not-import-platforms-or-http',
      severity: 'error',
      comment: 'Drivers implement core ports (store, timers) and know no chat platform and no HTTP route.',
      from: { path: '^src/drivers/' },
      to: { path: '^src/(platforms|http|audit)/' },
    },
    {
      name: 'drivers-apart',
      severity: 'error',
      comment:
        'The memory and the Redis driver are alternatives: neither may lean on the other, or the ' +
        'default (memory) would carry Redis and the reverse. drivers/index.ts, which picks one, is ' +
        'where they meet.',
      from: { path: '^src/drivers/(memory|redis)/' },
      to: { path: '^src/drivers/(memory|redis)/', pathNot: '^src/drivers/$1/' },
    },
    {
      name: 'platforms-apart',
      severity: 'error',
      comment:
        'Slack, Teams and the playground are peers: a Teams request answered from Slack goes ' +
        'through the core and the notice router, never from one adapter into another. (The ' +
        'playground runs the Teams bot it is handed as a PlatformFactory, not by importing it.)',
      from: { path: '^src/platforms/([^/]+)/' },
      to: { path: '^src/platforms/[^/]+/', pathNot: '^src/platforms/$1/' },
    },
    {
      name: 'platforms-meet-at-the-contract',
      severity: 'error',
      comment:
        'Of the shared platforms/ modules a platform imports only contract.ts and files.ts (the one ' +
        'file path both platforms share); the notice router and the agent registry are the ' +
        "composition root's machinery, reached through the contract's narrow router and agents.",
      from: { path: '^src/platforms/[^/]+/' },
      to: { path: '^src/platforms/[^/]+\\.ts$', pathNot: '^src/platforms/(contract|files)\\.ts$' },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment:
        'platforms/contract.ts is what both the composition root and every platform import, so it ' +
        'may itself import only what both already depend on: the core, the config and the HTTP ' +
        "server's types, and the shared file path's types. Never a platform, the router or app.ts.",
      from: { path: '^src/platforms/contract\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(core/|config\\.ts$|http/|platforms/files\\.ts$)' },
    },
    {
      name: 'shared-files-is-a-leaf',
      severity: 'error',
      comment:
        'platforms/files.ts (checking and relaying files) is imported by both platforms and the ' +
        'contract, so it imports only the core and the small generic pieces: never a platform.',
      from: { path: '^src/platforms/files\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(core/|lib/)' },
    },
    {
      name: 'http-knows-no-platform-or-driver',
      severity: 'error',
      comment:
        'The HTTP server serves routes it is given (platforms mount theirs through the contract); ' +
        'it reads state only through the core.',
      from: { path: '^src/http/' },
      to: { path: '^src/(platforms|drivers|audit)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
