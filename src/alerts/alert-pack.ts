import { Alert } from './catalog';
import { DEFENSE_IMPAIRMENT_ALERTS } from './detections/defense-impairment';
import { DISCOVERY_ALERTS } from './detections/discovery';
import { EXFILTRATION_AND_EXPOSURE_ALERTS } from './detections/exfiltration-and-exposure';
import { IDENTITY_AND_CREDENTIALS_ALERTS } from './detections/identity-and-credentials';
import { NETWORK_EXPOSURE_ALERTS } from './detections/network-exposure';
import { RESOURCE_HIJACKING_ALERTS } from './detections/resource-hijacking';

/**
 * A named set of alerts.
 *
 * @example
 * const pack = AlertPack.CIS.withAlerts(Alert.ROOT_CONSOLE_SIGN_IN);
 */
export class AlertPack {
  /** Every CIS AWS Foundations monitoring control (4.1-4.15), with Security Hub's exact metric-filter patterns. */
  public static readonly CIS = new AlertPack('cis', [
    Alert.UNAUTHORIZED_API_CALLS, Alert.CONSOLE_SIGN_IN_WITHOUT_MFA, Alert.ROOT_ACCOUNT_USAGE, Alert.IAM_POLICY_CHANGES,
    Alert.CLOUDTRAIL_CONFIGURATION_CHANGES, Alert.CONSOLE_AUTHENTICATION_FAILURES, Alert.CMK_DISABLED_OR_SCHEDULED_FOR_DELETION,
    Alert.S3_BUCKET_POLICY_CHANGES, Alert.CONFIG_CHANGES, Alert.SECURITY_GROUP_CHANGES, Alert.NACL_CHANGES,
    Alert.NETWORK_GATEWAY_CHANGES, Alert.ROUTE_TABLE_CHANGES, Alert.VPC_CHANGES, Alert.ORGANIZATIONS_CHANGES,
  ]);

  /** Root console sign-in, security group rule changes, EC2 instance termination. */
  public static readonly WALKTHROUGH = new AlertPack('walkthrough', [
    Alert.ROOT_CONSOLE_SIGN_IN, Alert.SECURITY_GROUP_RULE_CHANGES, Alert.EC2_INSTANCE_TERMINATION,
  ]);

  /** CloudTrail Insights events (needs Insights enabled on the trail). */
  public static readonly INSIGHTS = new AlertPack('insights', [Alert.INSIGHTS_API_CALL_RATE, Alert.INSIGHTS_API_ERROR_RATE]);

  /**
   * The default pack: CIS, walkthrough and Insights (22 alerts). Add `AlertPack.tampering()` for
   * this component's own resources (`OrganizationTrail` does).
   */
  public static readonly BASELINE = AlertPack.combine('baseline', AlertPack.CIS, AlertPack.WALKTHROUGH, AlertPack.INSIGHTS);

  /**
   * Turning off or blinding logging, monitoring and security controls: GuardDuty detectors and
   * trusted IP lists, Security Hub findings, VPC flow logs, S3 logging, versioning and encryption,
   * EBS default encryption, imported KMS key material, Bedrock guardrails.
   */
  public static readonly DEFENSE_IMPAIRMENT = new AlertPack('defense-impairment', DEFENSE_IMPAIRMENT_ALERTS);

  /**
   * Identity and credentials: identity providers and federation changed, sign-in tokens minted,
   * instance credentials used outside AWS, credential tools (S3 Browser) at work.
   */
  public static readonly IDENTITY_AND_CREDENTIALS = new AlertPack('identity-and-credentials', IDENTITY_AND_CREDENTIALS_ALERTS);

  /** Network exposure: security groups of load balancers, databases and caches, Regions enabled, domains transferred. */
  public static readonly NETWORK_EXPOSURE = new AlertPack('network-exposure', NETWORK_EXPOSURE_ALERTS);

  /**
   * Exfiltration and exposure: buckets, file systems and database clusters deleted, snapshots
   * shared, instances exported, databases restored public, master passwords reset.
   */
  public static readonly EXFILTRATION_AND_EXPOSURE = new AlertPack('exfiltration-and-exposure', EXFILTRATION_AND_EXPOSURE_ALERTS);

  /**
   * Resource hijacking and execution: start-up scripts changed, key pairs imported, Lambda URLs
   * and layers added, SSM commands sent, task definitions reading credentials, EKS clusters and
   * Glue development endpoints created.
   */
  public static readonly RESOURCE_HIJACKING = new AlertPack('resource-hijacking', RESOURCE_HIJACKING_ALERTS);

  /** Discovery: enumeration counted over a window (metric filters with thresholds) and scanning tools. */
  public static readonly DISCOVERY = new AlertPack('discovery', DISCOVERY_ALERTS);

  /** Every detection beyond the baseline: the six packs above, mostly answering SigmaHQ's CloudTrail rules. */
  public static readonly DETECTIONS = AlertPack.combine('detections', AlertPack.DEFENSE_IMPAIRMENT, AlertPack.IDENTITY_AND_CREDENTIALS,
    AlertPack.NETWORK_EXPOSURE, AlertPack.EXFILTRATION_AND_EXPOSURE, AlertPack.RESOURCE_HIJACKING, AlertPack.DISCOVERY);

  /** Every alert that needs no parameter: the baseline and every detection pack. */
  public static readonly ALL = AlertPack.combine('all', AlertPack.BASELINE, AlertPack.DETECTIONS);

  /**
   * One pack of several (an alert in two of them is listed once).
   *
   * @example
   * const pack = AlertPack.combine('mine', AlertPack.CIS, AlertPack.DEFENSE_IMPAIRMENT);
   */
  public static combine(name: string, ...packs: AlertPack[]): AlertPack {
    const alerts: Alert[] = [];
    for (const alert of packs.flatMap((pack) => pack.alerts)) {
      if (!alerts.some((chosen) => chosen.id === alert.id)) {
        alerts.push(alert);
      }
    }
    return new AlertPack(name, alerts);
  }

  /**
   * Tampering with this component: its trail (and logging or selector changes on any trail of the
   * organization), and each of its key, archive bucket, access-log bucket, log group and alarms
   * and rules that the options name. Alerts whose resource is not given are left out.
   */
  public static tampering(options: TamperingPackOptions): AlertPack {
    const alerts = [Alert.trailTampering({ trailName: options.trailName }), Alert.ANY_TRAIL_LOGGING_CHANGES];
    if (options.keyArn !== undefined) {
      alerts.push(Alert.trailKeyTampering({ keyArn: options.keyArn }));
    }
    if (options.bucketName !== undefined) {
      alerts.push(Alert.archiveBucketTampering({ bucketName: options.bucketName }));
      if (options.archiveEventBridgeNotifications === true) {
        alerts.push(Alert.archiveObjectDeleted({ bucketName: options.bucketName }));
      }
    } else if (options.archiveEventBridgeNotifications === true) {
      throw new Error('\'archiveEventBridgeNotifications\' is true, but \'bucketName\' is not set. Name the archive bucket, or leave \'archiveEventBridgeNotifications\' unset.');
    }
    if (options.accessLogsBucketName !== undefined) {
      alerts.push(Alert.accessLogsBucketTampering({ bucketName: options.accessLogsBucketName }));
    }
    if (options.logGroupName !== undefined) {
      alerts.push(Alert.logGroupTampering({ logGroupName: options.logGroupName }));
    }
    if (options.namePrefix !== undefined) {
      alerts.push(Alert.alertingTampering({ namePrefix: options.namePrefix }));
    }
    return new AlertPack('tampering', alerts);
  }

  /** A pack of the given alerts (ids must be unique). */
  public static of(name: string, alerts: Alert[]): AlertPack {
    return new AlertPack(name, alerts);
  }

  /** The pack's name. */
  public readonly name: string;
  private readonly members: Alert[];

  private constructor(name: string, members: Alert[]) {
    this.name = name;
    this.members = [...members];
    const seen = new Set<string>();
    const duplicates = members.filter((alert) => seen.has(alert.id) || !seen.add(alert.id)).map((alert) => `'${alert.id}'`);
    if (duplicates.length > 0) {
      throw new Error(`Alert pack '${name}' lists ${duplicates.join(', ')} more than once; alert ids must be unique. Remove the duplicates.`);
    }
  }

  /** The alerts, in catalog order. */
  public get alerts(): Alert[] {
    return [...this.members];
  }

  /** The pack's alert with this id; fails naming the pack's ids when there is none. */
  public alert(id: string): Alert {
    const found = this.members.find((alert) => alert.id === id);
    if (!found) {
      throw new Error(`Alert pack '${this.name}' has no alert '${id}'; its ids are ${this.members.map((alert) => alert.id).join(', ')}.`);
    }
    return found;
  }

  /** This pack plus the given alerts (same id twice is an error). */
  public withAlerts(...alerts: Alert[]): AlertPack {
    return new AlertPack(this.name, [...this.members, ...alerts]);
  }

  /** This pack without the alerts with these ids. */
  public withoutAlerts(...ids: string[]): AlertPack {
    const unknown = ids.filter((id) => !this.members.some((alert) => alert.id === id));
    if (unknown.length > 0) {
      throw new Error(`Alert pack '${this.name}' has no alert ${unknown.map((id) => `'${id}'`).join(', ')}; its ids are ${this.members.map((alert) => alert.id).join(', ')}.`);
    }
    return new AlertPack(this.name, this.members.filter((alert) => !ids.includes(alert.id)));
  }
}

/**
 * The resources `AlertPack.tampering()` watches.
 */
export interface TamperingPackOptions {
  /** The trail's name. */
  readonly trailName: string;
  /**
   * The trail key's ARN.
   * @default - no key alert
   */
  readonly keyArn?: string;
  /**
   * The archive bucket's name.
   * @default - no archive bucket alerts
   */
  readonly bucketName?: string;
  /**
   * The archive bucket sends its object events to EventBridge, so deleted log files can be
   * alerted on (`archive-object-deleted`). Needs `bucketName`.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
   * @default false - no object deletion alert
   */
  readonly archiveEventBridgeNotifications?: boolean;
  /**
   * The name of the bucket that receives the archive's S3 server access logs.
   * @default - no access-log bucket alert
   */
  readonly accessLogsBucketName?: string;
  /**
   * The trail's CloudWatch Logs log group name.
   * @default - no log group alert
   */
  readonly logGroupName?: string;
  /**
   * The prefix of the names of the component's alarms and rules (1-32 letters, digits, '.', '-'
   * or '_'), watched by `alerting-tampering`.
   * @default - no alarm and rule alert
   */
  readonly namePrefix?: string;
}


/** The problems of an alert definition (empty when it is fine). Exported for the rule builders. */
