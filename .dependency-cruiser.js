// `npm run deps:check` (STYLE.md rule 2, docs/adr/0004-ci-gates.md): the architecture's import
// boundaries, checked on the resolved module graph of apps/ and libs/. Every rule is an error.
//
// Paths are resolved through tsconfig.json, so `@handover/kafka` is seen as libs/kafka/src/index.ts
// and the boundary rules hold whichever way a module is imported. tsPreCompilationDeps makes
// type-only imports (`import { type X }`, `import type`) part of the graph, tagged `type-only`.

/** Pure decision code: deciders and the evolve/state functions they fold the facts with. */
const PURE_DECISION_FILES = '(\\.decider|\\.evolve)\\.ts$|/projection/thread-state\\.ts$';

/** Frameworks and I/O that pure decision code must not reach. */
const IO_PACKAGES = '(^|/)node_modules/(@nestjs|typeorm|kafkajs|axios|pg)(/|$)';
const NODE_IO_MODULES =
  '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads|readline)$';
const ADAPTER_FILES = '\\.(entity|repository|service|controller|executor|runtime)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      comment: 'A library serves every app, so it cannot depend on one.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      comment:
        'Apps talk through Kafka contracts (@handover/contracts), never through code. Tests may reach across.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'pure-decisions-no-frameworks',
      comment:
        'Deciders and evolve functions are pure: facts in, decision out. Not even a type from a framework.',
      severity: 'error',
      from: { path: PURE_DECISION_FILES },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'pure-decisions-no-node-io',
      comment: 'Deciders and evolve functions do no I/O: no file system, network or processes.',
      severity: 'error',
      from: { path: PURE_DECISION_FILES },
      to: { dependencyTypes: ['core'], path: NODE_IO_MODULES },
    },
    {
      name: 'pure-decisions-no-adapters',
      comment:
        'Deciders and evolve functions never touch entities, repositories, services, controllers, executors ' +
        'or runtimes: the caller loads the state and carries out the decision.',
      severity: 'error',
      from: { path: PURE_DECISION_FILES },
      to: { path: ADAPTER_FILES },
    },
    {
      name: 'pure-decisions-libs-types-only',
      comment:
        'Deciders may import @handover/contracts, and only types from the other libs (e.g. EffectIntent from ' +
        "@handover/event-runtime): a value import would load the lib's index, hence kafkajs, TypeORM and Nest. " +
        'Type-only imports vanish from the compiled code, so they are exempt (dependencyTypesNot). This is ' +
        'a rule on direct imports because reachable rules cannot exempt them: dependency-cruiser follows ' +
        'type-only edges when it computes reachability, and would report the erased EffectIntent import ' +
        'as reaching kafkajs.',
      severity: 'error',
      from: { path: PURE_DECISION_FILES },
      to: { path: '^libs/', pathNot: '^libs/contracts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports make module load order matter (undefined at import time, broken DI tokens).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
  ],
  options: {
    // node_modules stays in the graph as leaves (the purity rules look at them) but is not entered.
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(dist|\\.cache|test-artifacts)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
