import { Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { InsightType } from '../insights/insights';
import { ACCOUNT_ID, REGION_CODE } from '../private/names';

/**
 * What AWS Control Tower (landing zone 3.0 and later) deploys for CloudTrail, by the names a
 * second trail, its alerts and its queries need.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/about-logging.html
 */
export class ControlTowerLandingZone {
  /**
   * The log group Control Tower's organization trail delivers to, in the management account and
   * the landing zone's home Region: Control Tower's CloudTrail role may write only to
   * `log-group:aws-controltower/CloudTrailLogs*`.
   *
   * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSControlTowerCloudTrailRolePolicy.html
   */
  public static readonly LOG_GROUP_NAME = 'aws-controltower/CloudTrailLogs';

  /**
   * The name of Control Tower's organization trail (UNVERIFIED: taken from Landing Zone
   * Accelerator's replica of Control Tower's key policy, no AWS page spells it).
   */
  public static readonly TRAIL_NAME = 'aws-controltower-BaselineCloudTrail';

  /**
   * The bucket in the log-archive account that holds Control Tower's CloudTrail and Config logs:
   * `aws-controltower-logs-<logArchiveAccount>-<homeRegion>` (UNVERIFIED: the pattern comes from
   * Landing Zone Accelerator and AWS Prescriptive Guidance, no Control Tower page spells it; check
   * your log-archive account).
   *
   * @see https://docs.aws.amazon.com/prescriptive-guidance/latest/designing-control-tower-landing-zone/storage.html
   */
  public static archiveBucketName(logArchiveAccount: string, homeRegion: string): string {
    if (!Token.isUnresolved(logArchiveAccount) && !ACCOUNT_ID.test(logArchiveAccount)) {
      throw new Error(`ControlTowerLandingZone.archiveBucketName(logArchiveAccount) must be the log-archive account's 12-digit ID, got '${logArchiveAccount}'.`);
    }
    if (!Token.isUnresolved(homeRegion) && !REGION_CODE.test(homeRegion)) {
      throw new Error(`ControlTowerLandingZone.archiveBucketName(homeRegion) must be a Region code such as 'us-east-1', got '${homeRegion}'.`);
    }
    return `aws-controltower-logs-${logArchiveAccount}-${homeRegion}`;
  }

  /**
   * The key prefix of Control Tower's CloudTrail log files: the organization ID, so objects sit
   * under `<organizationId>/AWSLogs/<organizationId>/<account>/CloudTrail/...` (UNVERIFIED: from
   * Landing Zone Accelerator's issue 491; check your bucket). Pass it as `s3KeyPrefix` to
   * `TrailQuery` or `ContinuousValidation`.
   */
  public static archiveKeyPrefix(organizationId: string): string {
    return organizationId;
  }

  private constructor() {}
}

/**
 * Options of a `ControlTowerProfile`.
 */
export interface ControlTowerProfileOptions {
  /**
   * Control Tower's CloudTrail log group in the management account. The metric filters of alerts
   * on management events go there, because Control Tower's trail delivers those events and this
   * trail does not record (all of) them.
   *
   * @default ControlTowerLandingZone.LOG_GROUP_NAME ('aws-controltower/CloudTrailLogs')
   */
  readonly logGroupName?: string;

  /**
   * The landing zone's home Region, where Control Tower's trail and log group live. When set, the
   * stack must be deployed there (metric filters can only be put on a log group of their own Region).
   *
   * @default - not checked: deploy the stack in the landing zone's home Region
   */
  readonly homeRegion?: string;
}

/**
 * How an `OrganizationTrail` complements the organization trail AWS Control Tower already runs,
 * without paying for a second copy of every management event (the first copy is free, each
 * further copy is billed in every account and Region).
 *
 * @see https://aws.amazon.com/cloudtrail/pricing/
 */
export class ControlTowerProfile {
  /**
   * The trail records data and network activity events only (its `eventSelectors`), never
   * management events, which Control Tower's trail records. Insights can analyse data events
   * only (`insightEventCategories: [InsightEventCategory.DATA]`): Insights on management events
   * needs them on the same trail.
   */
  public static complementData(options: ControlTowerProfileOptions = {}): ControlTowerProfile {
    return new ControlTowerProfile('complementData', cloudtrail.ReadWriteType.NONE, [], options);
  }

  /**
   * The trail also records write management events, so that CloudTrail Insights can analyse
   * API call and error rates (`insightTypes` defaults to both). Write management events are
   * then a billed second copy.
   */
  public static complementInsights(options: ControlTowerProfileOptions = {}): ControlTowerProfile {
    return new ControlTowerProfile('complementInsights', cloudtrail.ReadWriteType.WRITE_ONLY,
      [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE], options);
  }

  /** Control Tower's CloudTrail log group, where the management-event alerts' metric filters go. */
  public readonly logGroupName: string;

  /** The landing zone's home Region, if given. */
  public readonly homeRegion?: string;

  /**
   * @param name the factory's name, for messages (`complementData`)
   * @param managementEvents the management events this trail records
   * @param defaultInsightTypes the Insights types when `insightTypes` is not set
   */
  private constructor(
    public readonly name: string,
    public readonly managementEvents: cloudtrail.ReadWriteType,
    public readonly defaultInsightTypes: InsightType[],
    options: ControlTowerProfileOptions,
  ) {
    this.logGroupName = options.logGroupName ?? ControlTowerLandingZone.LOG_GROUP_NAME;
    this.homeRegion = options.homeRegion;
  }

  /** How messages name the profile, e.g. `ControlTowerProfile.complementData()`. */
  public toString(): string {
    return `ControlTowerProfile.${this.name}()`;
  }
}

/** The props of `OrganizationTrail` the profile decides or constrains. */
export interface ProfiledTrailProps {
  readonly managementEvents?: cloudtrail.ReadWriteType;
  readonly excludeManagementEventSources?: cloudtrail.ManagementEventSources[];
}

/** What Insights is told when the profile, not 'managementEvents', decides the management events. */
export function profileInsightsHint(profile: ControlTowerProfile): { what: string; fix: string } {
  return {
    what: `'besideControlTower' is ${profile}, whose trail records ${profile.managementEvents === cloudtrail.ReadWriteType.NONE ? 'no management events' : `${profile.managementEvents} management events`}`,
    fix: 'Set \'insightEventCategories\' to [InsightEventCategory.DATA] (with data event selectors), or use ControlTowerProfile.complementInsights().',
  };
}

/** CloudWatch Logs group names: 1-512 of letters, digits and `_-/.#`. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * What is wrong with a profile and the props beside it: the profile decides the management
 * events, and Insights on management events needs them on the same trail.
 */
export function controlTowerProfileProblems(profile: ControlTowerProfile, props: ProfiledTrailProps, stackRegion: string): string[] {
  const problems: string[] = [];
  if (props.managementEvents !== undefined) {
    problems.push(`'managementEvents' is ${props.managementEvents}, but 'besideControlTower' (${profile}) decides which management events this trail records (${profile.managementEvents}), since Control Tower's trail records them all. Remove 'managementEvents', or drop 'besideControlTower' to record them here.`);
  }
  if (props.excludeManagementEventSources !== undefined && profile.managementEvents === cloudtrail.ReadWriteType.NONE) {
    problems.push(`'excludeManagementEventSources' needs management events, but 'besideControlTower' is ${profile}, which records none. Remove it.`);
  }
  if (!Token.isUnresolved(profile.logGroupName) && !LOG_GROUP_NAME.test(profile.logGroupName)) {
    problems.push(`'besideControlTower.logGroupName' must be 1-512 letters, digits or '_-/.#', got '${profile.logGroupName}'. Use Control Tower's log group (ControlTowerLandingZone.LOG_GROUP_NAME).`);
  }
  const home = profile.homeRegion;
  if (home !== undefined && !Token.isUnresolved(home) && !REGION_CODE.test(home)) {
    problems.push(`'besideControlTower.homeRegion' must be a Region code such as 'us-east-1', got '${home}'.`);
  } else if (home !== undefined && !Token.isUnresolved(home) && !Token.isUnresolved(stackRegion) && home !== stackRegion) {
    problems.push(`'besideControlTower.homeRegion' is '${home}', but the stack is in '${stackRegion}': Control Tower's log group, which the alerts' metric filters watch, is in the home Region. Deploy the stack in '${home}'.`);
  }
  if (home !== undefined && !Token.isUnresolved(home) && Token.isUnresolved(stackRegion)) {
    problems.push(`'besideControlTower.homeRegion' is '${home}', but the stack's Region is not known at synth. Give the stack env: { region: '${home}' }.`);
  }
  return problems;
}
