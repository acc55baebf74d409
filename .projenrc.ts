import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { awscdk, DependencyType, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * The aws-cdk-lib floor users must have (peer dependency).
 *
 * 2.257.0 is the floor cdk-nag 3.x declares; users who run cdk-nag over our
 * constructs (the common case for security teams) need at least that, and we
 * use nothing newer. Tests and the example app build against DEV_CDK_VERSION,
 * which bundles AWS's offline template validator (@aws/cloudformation-validate 1.14).
 */
const CDK_FLOOR = '2.257.0';
const DEV_CDK_VERSION = '2.276.0';

/** The CDK CLI: 2.1148.x reads current cloud assemblies; the registry's 3.0.0 cannot. */
const CDK_CLI_VERSION = '2.1148.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-org-trail',
  description:
    'An AWS CDK construct for an organization-wide CloudTrail audit pipeline: org trail, KMS key, hardened S3 archive, CloudWatch Logs delivery.',
  author: 'cdk-org-trail maintainers',
  authorAddress: 'maintainers@cdk-org-trail.dev',
  repositoryUrl: 'https://github.com/cdk-org-trail/cdk-org-trail.git',
  license: 'Apache-2.0',
  keywords: [
    'aws-cdk',
    'cdk',
    'cloudtrail',
    'organization-trail',
    'audit',
    'security',
    'compliance',
    'cis',
    'kms',
    's3',
    'cloudwatch-logs',
  ],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  // Keep our explicit dev versions below instead of pinning each peer to its floor.
  peerDependencyOptions: { pinnedDevDependency: false },

  // jsii targets. Only the JavaScript package can be built on the project's
  // machines (no Maven Central, .NET, Go toolchain or PyPI); the release
  // workflow builds the others on GitHub runners. Locally and in .ci/run the
  // `package` task builds the npm tarball and `package:codegen` proves every
  // target still generates (jsii-pacmak --code-only).
  publishToPypi: {
    distName: 'cdk-org-trail',
    module: 'cdk_org_trail',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkorgtrail',
    mavenGroupId: 'io.github.cdk-org-trail',
    mavenArtifactId: 'cdk-org-trail',
    mavenServerId: 'central-ossrh',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkOrgTrail',
    packageId: 'CdkOrgTrail',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-org-trail/cdk-org-trail-go',
  },

  devDeps: [
    `aws-cdk@${CDK_CLI_VERSION}`,
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Parses the shipped Athena/Lake SQL in tests (Trino dialect checks).
    'node-sql-parser@5.4.0',
    // Service-flow tests (test/flows): IAM policy evaluation of the synthesized policies. AGPL-3.0,
    // acceptable for a devDependency that is never bundled or shipped (see README, Development).
    '@cloud-copilot/iam-simulate@0.1.173',
    '@cloud-copilot/iam-policy@0.1.109',
    // The log-file validator (src/integrity): its CLI and function are bundled with esbuild at build
    // time into the package, so these are build-time dependencies only, never installed by users.
    '@aws-sdk/client-s3@3.1137.0',
    '@aws-sdk/client-cloudtrail@3.1137.0',
    'commander@14.0.3',
    'cli-progress@3.12.0',
    '@types/cli-progress@3.11.6',
    '@types/aws-lambda@8.10.164',
  ],

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
  },
  // Worktrees link node_modules and the built assets: a symlink must never be committed.
  gitignore: ['/node_modules', '/assets', '/cdk.out/', '/examples/cdk.out/', '/bench/out/', '/.bench/', '.jsii.tabl.json', '/dist/codegen/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/docs/', '/cdk.out/', '/.ci/', '/rosetta/'] },
  githubOptions: {
    mergify: false,
  },
  depsUpgrade: false,

  // The continuous validator (src/integrity/runtime/validator.lambda.ts) is bundled with esbuild at
  // build time into assets/, and projen generates its construct class (validator-function.ts).
  // nodejs24.x: the newest Node.js runtime aws-cdk-lib knows (cdk-nag AwsSolutions-L1); the generated
  // class names it by string, so it also synthesizes with the aws-cdk-lib floor.
  // The AWS SDK is bundled, not taken from the runtime, so the validator runs the version it was tested with.
  // @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: [], sourcemap: false },
  },
});

// Tests and the example build against a recent aws-cdk-lib (see DEV_CDK_VERSION);
// the peer dependency keeps the floor.
project.deps.removeDependency('aws-cdk-lib', DependencyType.BUILD);
project.deps.addDependency(`aws-cdk-lib@${DEV_CDK_VERSION}`, DependencyType.BUILD);
project.deps.addDependency('constructs@10.5.1', DependencyType.BUILD);

// The example app and the benchmarks are type-checked and linted like the tests, each with
// a tsconfig of its own so that eslint's project service finds them.
for (const dir of ['examples', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { noEmit: true, rootDir: '..' },
  });
}

// The library uses no deprecated aws-cdk-lib API: each one prints a warning on every synth and
// throws under JSII_DEPRECATED=fail, which strict pipelines set (test/example-synth.test.ts).
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: { '@typescript-eslint/no-deprecated': 'error' },
});

// The validator's AWS adapters, function handlers and CLI import the AWS SDK and CLI libraries,
// which esbuild bundles into the package at build time: they are devDependencies on purpose, and
// nothing exported from src/index.ts imports these files.
project.eslint?.addOverride({
  files: ['src/integrity/aws/**/*.ts', 'src/integrity/cli/**/*.ts', 'src/**/*.lambda.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// README and doc-comment examples must compile in every jsii language.
project.postCompileTask.exec('jsii-rosetta extract --strict --fail --compile');

// Local and CI builds package the npm tarball only (see the jsii targets above);
// `package:codegen` generates the Python, Java, .NET and Go sources to prove
// the API translates, without the toolchains that would compile them.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.addTask('package:codegen', {
  description: 'Generate (not build) the Python, Java, .NET and Go bindings',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir dist/codegen',
});

// The example app is a CDK app of its own, laid out as `cdk init` lays one out: examples/cdk.json
// names the app and carries the feature flags `cdk init` writes for a new project today (aws-cdk-lib's
// CURRENTLY_RECOMMENDED_FLAGS, the list the CDK CLI's init templates ship), so that a user who copies
// examples/ deploys what the tests check and `cdk synth` reports no unconfigured flag. The flags are
// frozen in the committed file, as in a user's project; upgrading DEV_CDK_VERSION regenerates them
// and the diff shows in review. test/util/example-app.ts builds the app with the same context.
new JsonFile(project, 'examples/cdk.json', {
  obj: {
    app: 'npx ts-node --prefer-ts-exts app.ts',
    context: CURRENTLY_RECOMMENDED_FLAGS,
  },
});

// The example app behind `npm run synth`: the CDK CLI in examples/, as a user runs it.
project.addTask('synth', {
  description: 'Synthesize the example app into cdk.out/ and list the templates',
  steps: [
    { exec: 'cdk synth --output ../cdk.out --quiet', cwd: 'examples' },
    { exec: 'ts-node --transpile-only --project examples/tsconfig.json examples/list-templates.ts cdk.out' },
  ],
});

// The README's pictures (need Debian's graphviz: apt-get install graphviz). Drawn by hand in
// docs/*.dot: cdk-dia's rendering of the full example (some 150 resources) is unreadable.
project.addTask('diagram', {
  description: 'Render every docs/*.png from its docs/*.dot source',
  steps: [
    { exec: 'for source in docs/*.dot; do dot -Tpng -Gdpi=100 "$source" -o "${source%.dot}.png"; done' },
    // The routing picture is wide: a little more resolution keeps its labels readable.
    { exec: 'dot -Tpng -Gdpi=110 docs/alert-routing.dot -o docs/alert-routing.png' },
  ],
});

project.addTask('bench', {
  description: 'Time the example synth against a plain aws-cdk-lib Trail app',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --project bench/tsconfig.json bench/synth-bench.ts' },
  ],
});

// Validation throughput against the machine's own limit (strict gunzip + SHA-256 of the same bytes) on a
// generated year of one account-Region and an organization-shaped archive, and the monthly cost of
// continuous validation (bench/README.md). Sizes are set with INTEGRITY_BENCH_* variables.
// The log-file validator's CLI (`npx cdk-org-trail validate ...`): bundled with its dependencies
// (AWS SDK v3, commander, cli-progress) into one file at build time, so users install nothing more.
const validatorCli = project.bundler.addBundle('./src/integrity/cli/main.ts', {
  platform: 'node',
  target: 'node20',
  banner: '#!/usr/bin/env node',
  executable: true,
});
project.addBins({ 'cdk-org-trail': validatorCli.outfile });

project.addTask('bench:integrity', {
  description: 'Time log-file validation against the machine limit and print the cost of continuous validation',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/integrity-bench.ts',
});

project.synth();
