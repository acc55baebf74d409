// Offline compliance checkers for CDK stacks, for use in jest tests.
// Versions: aws-cdk-lib 2.276.0, constructs 10.x, cdk-nag 3.0.2, @cdklabs/cdk-validator-cfnguard 0.0.62
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator, CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import {
  CfnElement, CloudFormationValidatePlugin, IPolicyValidationContext, PolicyViolation, Stack, Stage, Token, Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface Finding {
  /** e.g. 'AwsSolutions', 'NIST.800.53.R5', 'cdk-validator-cfnguard', 'CloudFormation Validate' */
  readonly checker: string;
  /** Rule id as you would acknowledge it (without the `namespace::` prefix) */
  readonly ruleId: string;
  readonly severity?: string;
  readonly description: string;
  /** Construct path if known, else logical id */
  readonly resource: string;
  readonly fix?: string;
}

function flatten(checker: string, violations: PolicyViolation[]): Finding[] {
  return violations.flatMap(v => v.violatingResources.map(r => ({
    checker,
    ruleId: v.ruleName,
    severity: v.severity,
    description: v.description,
    resource: r.constructPath ?? r.resourceLogicalId ?? '?',
    fix: v.fix,
  })));
}

// ---------------------------------------------------------------- 1. cdk-nag
/** The four packs; fresh instances each call (NagPack keeps per-run state). */
export function defaultNagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];
}

/**
 * cdk-nag 3.x: walks the construct tree (no synth needed). Findings acknowledged with
 * `Validations.of(c).acknowledge({ id: 'AwsSolutions-S1', reason })` on the resource or any
 * ancestor are already excluded by validateScope().
 */
export function nagFindings(scope: IConstruct, packs: NagPack[] = defaultNagPacks()): Finding[] {
  return packs.flatMap(p => flatten(p.readPackName, p.validateScope(scope).violations));
}

// ------------------------------------------------------------ helpers: synth + acks
/** Synthesizes the stack's Stage/App once (cached) and returns the template's absolute path. */
export function synthTemplatePath(stack: Stack): string {
  const stage = Stage.of(stack);
  if (!stage) throw new Error('stack must belong to an App/Stage');
  const asm = stage.synth(); // cached: later calls return the same assembly
  return asm.getStackArtifact(stack.artifactId).templateFullPath;
}

/** logicalId -> construct (for L1 resources of `stack`, not nested stacks). */
function logicalIdIndex(stack: Stack): Map<string, IConstruct> {
  const m = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (CfnElement.isCfnElement(c) && c.stack === stack) m.set(stack.resolve(c.logicalId), c);
  }
  return m;
}

/** Same lookup cdk-nag and CDK synth use: metadata 'aws:cdk:acknowledged-rules' on the node or an ancestor. */
export function isAcknowledged(c: IConstruct | undefined, qualifiedId: string): boolean {
  for (let cur: IConstruct | undefined = c; cur; cur = cur.node.scope) {
    for (const e of cur.node.metadata) {
      if (e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && e.data && qualifiedId in e.data) return true;
    }
  }
  return false;
}

// --------------------------------------------------- 2. cfn-guard / Control Tower
export const CFN_GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

/**
 * Runs the bundled cfn-guard 3.1.1 binary with the bundled Control Tower proactive-control rules
 * on the synthesized template. Exempt a rule:
 *  - globally: `{ disabledRules: ['ct-s3-pr-1'] }` (rule FILE name, without .guard)
 *  - per construct (subtree), with a reason:
 *    `Validations.of(c).acknowledge({ id: 'cdk-validator-cfnguard::<guard rule name>', reason })`,
 *    e.g. 'cdk-validator-cfnguard::s3_bucket_level_public_access_prohibited_check'
 *    (same id also works if the plugin is registered with Validations.of(app).addPlugins()).
 */
export function controlTowerFindings(stack: Stack, props: CfnGuardValidatorProps = {}): Finding[] {
  const templatePath = synthTemplatePath(stack);
  const report = new CfnGuardValidator(props).validate({ templatePaths: [templatePath] } as any);
  const byId = logicalIdIndex(stack);
  return report.violations.flatMap(v => v.violatingResources
    .filter(r => !isAcknowledged(byId.get(r.resourceLogicalId), `${CFN_GUARD_PLUGIN_NAME}::${v.ruleName}`))
    .map(r => ({
      checker: CFN_GUARD_PLUGIN_NAME,
      ruleId: v.ruleName,
      severity: 'error',
      description: v.description, // "[CT.S3.PR.1]: Require an Amazon S3 bucket ..."
      resource: byId.get(r.resourceLogicalId)?.node.path ?? r.resourceLogicalId,
      fix: v.fix,
    })));
}

// ----------------------------------- 3. @aws/cloudformation-validate (built into aws-cdk-lib)
const CFN_VALIDATE = CloudFormationValidatePlugin.PLUGIN_NAME; // 'CloudFormation Validate'

/**
 * Findings of CDK's built-in "CloudFormation Validate" plugin (engine 1.14, schema + Rego rules, CDK's
 * ignore list, WARN and above; errors are downgraded to 'warning' unless the feature flag
 * '@aws-cdk/core:validateAgainstDefaultRules' is true). A default `new App()` already runs it during
 * synth and writes <outdir>/validation-report.json, so this just reads that report (no extra cost).
 * If built-in validation is off (App({ builtinCloudFormationValidation: false }) or CDK_VALIDATION=false)
 * the plugin is run directly. Acknowledge with
 * `Validations.of(c).acknowledge({ id: 'CloudFormation-Validate::F3002', reason })` (before synth).
 */
export function cfnValidateFindings(stack: Stack): Finding[] {
  const templatePath = synthTemplatePath(stack);
  const root = stack.node.root as Stage; // the App; the report is written to the App's outdir
  const reportFile = path.join(root.outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : undefined;
  const pr = report?.pluginReports?.find((r: any) => r.pluginName === CFN_VALIDATE);
  const builtinRan = (stack.node.root as any)._builtinCloudFormationValidation !== false && process.env.CDK_VALIDATION !== 'false';
  if (pr || builtinRan) {
    // report covers every stack of the assembly: keep this stack's
    const tplName = path.relative(root.outdir, templatePath);
    return (pr?.violations ?? []).flatMap((v: any) => (v.violatingConstructs ?? [])
      .filter((c: any) => (c.cloudFormationResource?.templatePath ?? tplName) === tplName
        || c.constructPath === stack.node.path || c.constructPath?.startsWith(stack.node.path + '/'))
      .map((c: any) => ({
        checker: CFN_VALIDATE,
        ruleId: v.ruleName,
        severity: v.severity,
        description: v.description,
        resource: c.constructPath ?? c.cloudFormationResource?.logicalId ?? stack.node.path,
        fix: v.fix,
      })));
  }
  return cfnValidateDirect(stack, templatePath);
}

let cfnValidatePlugin: CloudFormationValidatePlugin | undefined;
/** Runs the plugin directly (own engine; ~3-6 s WASM init once per jest module registry). */
export function cfnValidateDirect(stack: Stack, templatePath = synthTemplatePath(stack)): Finding[] {
  cfnValidatePlugin ??= new CloudFormationValidatePlugin();
  const ctx: IPolicyValidationContext = {
    templatePaths: [templatePath],
    stackTemplates: [{
      stackConstructPath: stack.node.path,
      templatePath,
      accountId: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    }],
    appConstruct: stack.node.root,
  };
  const report = cfnValidatePlugin.validate(ctx);
  const byId = logicalIdIndex(stack);
  return report.violations.flatMap(v => v.violatingResources
    .filter(r => !isAcknowledged(r.resourceLogicalId ? byId.get(r.resourceLogicalId) : stack,
      `${CFN_VALIDATE.replace(/ /g, '-')}::${v.ruleName}`))
    .map(r => ({
      checker: CFN_VALIDATE,
      ruleId: v.ruleName,
      severity: v.severity, // 'error' here = what synth would downgrade to 'warning'
      description: v.description,
      resource: (r.resourceLogicalId && byId.get(r.resourceLogicalId)?.node.path) || r.resourceLogicalId || stack.node.path,
      fix: v.fix,
    })));
}

// Raw engine variant: the nested package is not exported by aws-cdk-lib, so resolve it by path.
// Reports everything (no CDK ignore list) down to `severityLevel`.
function loadCfnValidate(): any {
  const cdkDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  // The validator is bundled inside aws-cdk-lib and not exported, so it can only be loaded by path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] }));
}
let rawEngine: any;

export interface RawDiagnostic {
  ruleId: string; severity: string; message: string; logicalId?: string; propertyPath?: string;
}
export function cfnValidateRaw(stack: Stack, severityLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO'): RawDiagnostic[] {
  const cfv = loadCfnValidate();
  rawEngine ??= new cfv.CompositeEngine();
  const report = rawEngine.validateTemplate(new cfv.TemplateFile(synthTemplatePath(stack)), { severityLevel, detailLevel: 'STANDARD' });
  return report.diagnostics.map((d: any) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    logicalId: d.entity?.logicalId,
    propertyPath: d.propertyPath,
  }));
}
