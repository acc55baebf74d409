/**
 * Times `cdk synth` of the example app (OrganizationTrail) against the same organization trail
 * written with aws-cdk-lib's `Trail` alone (bench/plain-trail-app.ts).
 *
 *   npx projen bench                              # 1 warm-up round + 7 measured rounds
 *   BENCH_RUNS=15 npx projen bench                # more rounds (the projen task passes no arguments,
 *   BENCH_ENFORCE=1 npx projen bench              #   so each flag below has an environment variable)
 *   BENCH_NO_CFN_VALIDATION=1 npx projen bench
 *   npx ts-node --project bench/tsconfig.json bench/synth-bench.ts --runs 15 --enforce --no-cfn-validation
 *
 * --runs N: measured rounds (default 7). --enforce: exit 1 when the median wall-time ratio
 * exceeds 1.25. --no-cfn-validation: children run with CDK_VALIDATION=false.
 *
 * Every synth runs in a fresh Node process, as `cdk synth` would run the app, so module loading
 * and peak RSS are those of one app alone. Both apps are loaded through the same TypeScript loader
 * (`node -r ts-node/register/transpile-only`). The script is its own child: with `--child <app>` it
 * builds and synthesizes one app into `--outdir` and prints its measurements on one line.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { App } from 'aws-cdk-lib';

/** The wall-time ratio (example / plain `Trail`) that `--enforce` holds the library to. */
const MAX_WALL_RATIO = 1.25;
const DEFAULT_RUNS = 7;
const RESULT_MARKER = 'SYNTH_BENCH_RESULT ';
const LOADER = 'ts-node/register/transpile-only';

type AppName = 'example' | 'plain';

interface AppSpec {
  readonly label: string;
  readonly modulePath: string;
  readonly builder: string;
}

/**
 * BENCH_APP=core compares the component alone (OrganizationTrail without alerts and queries,
 * feature for feature what the plain app builds) instead of the full example app.
 */
const CORE = process.env.BENCH_APP === 'core';

const APPS: Record<AppName, AppSpec> = {
  example: CORE ? {
    label: 'OrganizationTrail component (no alerts, no query layer)',
    modulePath: path.join(__dirname, 'core-trail-app'),
    builder: 'buildCoreTrailApp',
  } : {
    label: 'OrganizationTrail example (all features)',
    modulePath: path.join(__dirname, '..', 'examples', 'example-app'),
    builder: 'buildExampleApp',
  },
  plain: {
    label: 'plain aws-cdk-lib Trail',
    modulePath: path.join(__dirname, 'plain-trail-app'),
    builder: 'buildPlainTrailApp',
  },
};

/** What a child reports about its one synth. Times are milliseconds, memory bytes. */
interface ChildResult {
  readonly app: AppName;
  /** Process start to the first line of this script: Node start-up and the ts-node loader. */
  readonly bootMs: number;
  /** require() of the app module: aws-cdk-lib, the library and their transpilation. */
  readonly loadMs: number;
  /** Building the construct tree (`buildExampleApp(new App())`). */
  readonly buildMs: number;
  /** `app.synth()`: template rendering, aws-cdk-lib's built-in CloudFormation validation, writing the assembly. */
  readonly synthMs: number;
  /**
   * From the end of `app.synth()` to the process's `exit` event. Node waits there for V8's
   * background tasks (chiefly the optimizing compile of the validator's WebAssembly) to finish.
   */
  readonly tailMs: number;
  /** ru_maxrss of the child (peak resident set), read in its `exit` handler. */
  readonly maxRssBytes: number;
  /** Violations in the cloud assembly's validation-report.json (aws-cdk-lib's built-in validation). */
  readonly validationViolations: number;
  /** How many TypeScript files the loader transpiled in the child. */
  readonly tsModules: number;
  readonly stacks: ReadonlyArray<{
    readonly name: string;
    readonly environment: string;
    readonly resources: number;
    readonly errors: string[];
    readonly warnings: number;
  }>;
}

interface Measurement extends ChildResult {
  /** Spawn to exit, measured by the parent: what a user waits for. */
  readonly wallMs: number;
  /** The peak RSS the table reports: /usr/bin/time's %M when present, else the child's own ru_maxrss. */
  readonly peakRssBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Child: build and synthesize one app.
// ---------------------------------------------------------------------------------------------

function runChild(name: AppName, outdir: string): void {
  const bootMs = performance.now();
  const spec = APPS[name];
  const load = createRequire(__filename);

  const loadStart = performance.now();
  useCompiledLibrary(load);
  const appModule = load(spec.modulePath) as Record<string, (app: App) => App>;
  const cdk = load('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const buildStart = performance.now();
  const app = appModule[spec.builder](new cdk.App({ outdir }));
  const synthStart = performance.now();
  const assembly = app.synth();
  const synthEnd = performance.now();

  const stacks = assembly.stacks.map((stack) => ({
    name: stack.stackName,
    environment: stack.environment.name,
    resources: Object.keys(stack.template.Resources ?? {}).length,
    errors: stack.messages.filter((m) => m.level === 'error').map((m) => `${m.id}: ${String(m.entry.data)}`),
    warnings: stack.messages.filter((m) => m.level === 'warning').length,
  }));
  const tsModules = Object.keys(load.cache).filter((file) => file.endsWith('.ts')).length;
  const validationViolations = countValidationViolations(assembly.directory);

  // Report from the exit handler: the process is not done when app.synth() returns (see tailMs),
  // and the peak RSS is often reached after it. Writes to a pipe are synchronous on Linux.
  process.on('exit', () => {
    const result: ChildResult = {
      app: name,
      bootMs,
      loadMs: buildStart - loadStart,
      buildMs: synthStart - buildStart,
      synthMs: synthEnd - synthStart,
      tailMs: performance.now() - synthEnd,
      // ru_maxrss is in kilobytes on Linux.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      validationViolations,
      tsModules,
      stacks,
    };
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  });
}

/**
 * The example imports the library as `../src` (TypeScript); a user's app loads the compiled
 * JavaScript from the package. Point `src/index.ts` at the compiled `lib/index.js` (the bench
 * task compiles first), so the example pays what a user pays, not ts-node's transpilation.
 */
function useCompiledLibrary(load: NodeRequire): void {
  const repoRoot = path.resolve(__dirname, '..');
  const compiled = path.join(repoRoot, 'lib', 'index.js');
  if (!fs.existsSync(compiled)) {
    throw new Error(`${compiled} is missing: run 'npx projen compile' first (the bench task does).`);
  }
  load(compiled);
  load.cache[load.resolve(path.join(repoRoot, 'src', 'index.ts'))] = load.cache[compiled];
}

function countValidationViolations(assemblyDir: string): number {
  const reportFile = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) {
    return 0;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8')) as { pluginReports?: Array<{ violations?: unknown[] }> };
  return (report.pluginReports ?? []).reduce((sum, r) => sum + (r.violations?.length ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// Parent: alternate the two apps in fresh processes and compare medians.
// ---------------------------------------------------------------------------------------------

interface Options {
  readonly runs: number;
  readonly enforce: boolean;
  /** false: children run with CDK_VALIDATION=false, skipping aws-cdk-lib's built-in CloudFormation validation. */
  readonly cfnValidation: boolean;
  readonly child?: AppName;
  readonly outdir?: string;
}

/** GNU time, when installed, gives the kernel's peak RSS of the whole child process. */
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

function measure(name: AppName, repoRoot: string, options: Options): Promise<Measurement> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `synth-bench-${name}-`));
  const rssFile = path.join(outdir, '..', `${path.basename(outdir)}.rss`);
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, 'bench', 'tsconfig.json') };
  // Nothing from the parent's toolchain may leak into the children's loading.
  delete env.NODE_OPTIONS;
  delete env.CDK_OUTDIR;
  delete env.CDK_CONTEXT_JSON;
  delete env.CDK_VALIDATION;
  if (!options.cfnValidation) {
    env.CDK_VALIDATION = 'false';
  }
  const nodeArgs = [process.execPath, '-r', LOADER, __filename, '--child', name, '--outdir', outdir];
  const [command, ...args] = hasGnuTime ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...nodeArgs] : nodeArgs;

  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => stdout += chunk);
    child.stderr.on('data', (chunk) => stderr += chunk);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      fs.rmSync(outdir, { recursive: true, force: true });
      let timeRssBytes: number | undefined;
      if (fs.existsSync(rssFile)) {
        // GNU time reports %M in kilobytes; its file ends with the number.
        const kb = Number(fs.readFileSync(rssFile, 'utf-8').trim().split('\n').pop());
        timeRssBytes = Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
        fs.rmSync(rssFile, { force: true });
      }
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`The ${APPS[name].label} synth failed (exit ${code}):\n${stderr || stdout}`));
        return;
      }
      const result = JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
      const errors = result.stacks.flatMap((s) => s.errors.map((e) => `${s.name}: ${e}`));
      if (result.stacks.length === 0 || errors.length > 0) {
        reject(new Error(`The ${APPS[name].label} synth reported errors:\n${errors.join('\n') || 'no stacks'}`));
        return;
      }
      resolve({ ...result, wallMs, peakRssBytes: timeRssBytes ?? result.maxRssBytes });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Summary {
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly bootMs: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly inProcessMs: number;
  readonly tailMs: number;
  readonly wallMin: number;
  readonly wallMax: number;
}

function summarize(runs: Measurement[]): Summary {
  const of = (pick: (m: Measurement) => number) => median(runs.map(pick));
  return {
    wallMs: of((m) => m.wallMs),
    maxRssMb: of((m) => m.peakRssBytes) / (1024 * 1024),
    bootMs: of((m) => m.bootMs),
    loadMs: of((m) => m.loadMs),
    buildMs: of((m) => m.buildMs),
    synthMs: of((m) => m.synthMs),
    inProcessMs: of((m) => m.buildMs + m.synthMs),
    tailMs: of((m) => m.tailMs),
    wallMin: Math.min(...runs.map((m) => m.wallMs)),
    wallMax: Math.max(...runs.map((m) => m.wallMs)),
  };
}

function parseArgs(argv: string[]): Options {
  const valueOf = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const flag = (name: string, envVar: string) => argv.includes(name) || ['1', 'true'].includes(process.env[envVar] ?? '');
  const runsArg = valueOf('--runs') ?? process.env.BENCH_RUNS;
  const runs = runsArg === undefined ? DEFAULT_RUNS : Number(runsArg);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs takes a positive integer, got '${runsArg}'`);
  }
  const child = valueOf('--child');
  if (child !== undefined && !(child in APPS)) {
    throw new Error(`--child takes one of ${Object.keys(APPS).join(', ')}, got '${child}'`);
  }
  return {
    runs,
    enforce: flag('--enforce', 'BENCH_ENFORCE'),
    cfnValidation: !flag('--no-cfn-validation', 'BENCH_NO_CFN_VALIDATION'),
    child: child as AppName | undefined,
    outdir: valueOf('--outdir'),
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const pad = (s: string, width: number) => s.padStart(width);

async function runParent(options: Options): Promise<number> {
  const { runs, enforce } = options;
  const repoRoot = path.resolve(__dirname, '..');
  console.log(`Synth benchmark: ${APPS.example.label} vs ${APPS.plain.label}`);
  console.log(`  ${runs} measured rounds after 1 discarded warm-up round; the two apps alternate, and which goes first alternates too.`);
  console.log(`  Each synth runs in a fresh process: ${path.basename(process.execPath)} ${process.version} -r ${LOADER}`);
  console.log('  (the same TypeScript loader for both apps; the example loads the compiled library from lib/, as a user app loads the package).');
  console.log(options.cfnValidation
    ? '  aws-cdk-lib\'s built-in CloudFormation validation runs at synth, as by default (--no-cfn-validation sets CDK_VALIDATION=false).'
    : '  CDK_VALIDATION=false: aws-cdk-lib\'s built-in CloudFormation validation is skipped (not the default a user gets).');
  console.log(hasGnuTime
    ? `  Peak RSS: ${GNU_TIME} -f %M around each child (kernel ru_maxrss of the whole process).`
    : '  Peak RSS: the child\'s own ru_maxrss, read in its exit handler (/usr/bin/time not found).');
  console.log(`  ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.release()}`);
  console.log('');

  const results: Record<AppName, Measurement[]> = { example: [], plain: [] };
  for (let round = 0; round <= runs; round++) {
    const order: AppName[] = round % 2 === 0 ? ['example', 'plain'] : ['plain', 'example'];
    const line: string[] = [];
    for (const name of order) {
      const m = await measure(name, repoRoot, options);
      if (round > 0) {
        results[name].push(m);
      }
      line.push(`${name.padEnd(7)} ${pad(fmt(m.wallMs), 6)} ms ${pad(fmt(m.peakRssBytes / (1024 * 1024)), 4)} MB`);
    }
    console.log(`  ${round === 0 ? 'warm-up ' : `round ${String(round).padStart(2)}`}  ${line.join('   ')}`);
  }

  // Both apps must describe the same deployment target and have synthesized without errors.
  const first = (name: AppName) => results[name][0];
  const envOf = (name: AppName) => first(name).stacks.map((s) => s.environment).join(', ');
  if (envOf('example') !== envOf('plain')) {
    throw new Error(`The apps synthesize for different environments: example ${envOf('example')}, plain ${envOf('plain')}`);
  }

  const ex = summarize(results.example);
  const pl = summarize(results.plain);
  const rows: Array<[string, (s: Summary) => string]> = [
    ['wall time, spawn to exit (ms)', (s) => fmt(s.wallMs)],
    ['  range over rounds (ms)', (s) => `${fmt(s.wallMin)}-${fmt(s.wallMax)}`],
    ['peak RSS (MB)', (s) => fmt(s.maxRssMb, 1)],
    ['in-process build + synth (ms)', (s) => fmt(s.inProcessMs, 1)],
    ['  construct tree (ms)', (s) => fmt(s.buildMs, 1)],
    ['  app.synth() (ms)', (s) => fmt(s.synthMs, 1)],
    ['after synth, until exit (ms)', (s) => fmt(s.tailMs)],
    ['module load (ms)', (s) => fmt(s.loadMs)],
    ['node + loader start-up (ms)', (s) => fmt(s.bootMs)],
  ];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const ratios = [
    ratio(ex.wallMs, pl.wallMs), '', ratio(ex.maxRssMb, pl.maxRssMb), ratio(ex.inProcessMs, pl.inProcessMs),
    ratio(ex.buildMs, pl.buildMs), ratio(ex.synthMs, pl.synthMs), ratio(ex.tailMs, pl.tailMs),
    ratio(ex.loadMs, pl.loadMs), ratio(ex.bootMs, pl.bootMs),
  ];

  const describe = (name: AppName) => first(name).stacks
    .map((s) => `${s.name} (${s.environment}): ${s.resources} resources, ${s.warnings} warning(s)`).join('; ')
    + `; ${first(name).validationViolations} validation-report violation(s)`;
  console.log('');
  console.log(`  example: ${describe('example')}; ${first('example').tsModules} .ts files transpiled`);
  console.log(`  plain:   ${describe('plain')}; ${first('plain').tsModules} .ts files transpiled`);
  console.log('');
  console.log(`Medians over ${runs} rounds`);
  const w = [32, 12, 12, 17];
  console.log(`${'measure'.padEnd(w[0])}${pad('example', w[1])}${pad('plain Trail', w[2])}${pad('example / plain', w[3])}`);
  console.log('-'.repeat(w.reduce((a, b) => a + b)));
  rows.forEach(([label, value], i) => {
    console.log(`${label.padEnd(w[0])}${pad(value(ex), w[1])}${pad(value(pl), w[2])}${pad(ratios[i], w[3])}`);
  });
  console.log('');

  const pairRatios = results.example.map((m, i) => m.wallMs / results.plain[i].wallMs);
  console.log(`Per-round wall-time ratios: ${pairRatios.map((r) => r.toFixed(2)).join(' ')} (median ${median(pairRatios).toFixed(2)}x)`);
  const wallRatio = ex.wallMs / pl.wallMs;
  const verdict = wallRatio <= MAX_WALL_RATIO ? 'within' : 'OVER';
  console.log(`Wall-time ratio ${wallRatio.toFixed(2)}x: ${verdict} the ${MAX_WALL_RATIO}x target.`);
  if (wallRatio > MAX_WALL_RATIO) {
    if (enforce) {
      console.error(`--enforce: the example synth takes ${wallRatio.toFixed(2)}x the plain Trail app (limit ${MAX_WALL_RATIO}x).`);
      return 1;
    }
    console.log('(Not enforced; pass --enforce to fail on it.)');
  }
  return 0;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    if (!args.outdir) {
      throw new Error('--child needs --outdir');
    }
    runChild(args.child, args.outdir);
    return;
  }
  runParent(args).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}

main();
