import { Alert, AlertRegionScope, AlertSeverity } from '../catalog';
import { anyEventName, apiCalls } from '../event-patterns';

/**
 * Classic Load Balancer (`ApplySecurityGroupsToLoadBalancer`, API version 2012-06-01) and
 * Application/Network Load Balancer (`SetSecurityGroups`, version 2015-12-01) calls that replace a
 * load balancer's security groups. Both APIs log under `elasticloadbalancing.amazonaws.com`
 * ("All Elastic Load Balancing actions ... are logged by CloudTrail").
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ELB-API-Logs.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_ApplySecurityGroupsToLoadBalancer.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html
 */
const LOAD_BALANCER_SECURITY_GROUP_EVENT_NAMES = ['ApplySecurityGroupsToLoadBalancer', 'SetSecurityGroups'];

/**
 * Route 53 domain registration: "In CloudTrail logs, the first letter is lowercase for domain
 * registration actions even though it's uppercase in the names of the actions (for example,
 * `UpdateDomainContact` appears as `updateDomainContact`)", and the guide's example record has
 * `eventSource: route53domains.amazonaws.com`. EventBridge and CloudWatch Logs compare
 * case-sensitively, so each alert lists the logged spelling and the API spelling (in case the
 * service ever logs the API name; a spelling that is never logged costs nothing).
 *
 * Region: the domain registration API has one endpoint, route53domains.us-east-1.amazonaws.com
 * (every API reference sample request), yet the guide's example record was logged with `awsRegion`
 * us-west-2. Route 53 domain registration is not among the global services of the CloudTrail
 * concepts page, so the rules go to us-east-1 and to every other Region.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/logging-using-cloudtrail.html
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_DisableDomainTransferLock.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
const ROUTE53_DOMAINS = 'route53domains.amazonaws.com';

/** Both spellings of a domain-registration event name: as logged (lowercase first letter), and as the API names it. */
function domainEventNames(apiName: string): string[] {
  return [apiName.charAt(0).toLowerCase() + apiName.slice(1), apiName];
}

const DISABLE_TRANSFER_LOCK_EVENT_NAMES = domainEventNames('DisableDomainTransferLock');
const TRANSFER_TO_ACCOUNT_EVENT_NAMES = domainEventNames('TransferDomainToAnotherAwsAccount');

/**
 * What the Route 53 domain alerts fix in their SigmaHQ rules, which name `route53.amazonaws.com`
 * (the DNS API) and the capitalised API name.
 */
const ROUTE53_DOMAINS_FIX = 'eventSource is route53domains.amazonaws.com, not route53.amazonaws.com (as written the rule never matches); '
  + 'CloudTrail logs domain-registration event names with a lowercase first letter, which case-sensitive EventBridge and CloudWatch Logs must match exactly, so both spellings are listed';

/**
 * Network exposure: security groups of load balancers, new Regions enabled, domain transfers.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 *
 * Left to the baseline (not repeated here): security group rule changes
 * (`aws_cloudtrail_security_group_change_ingress_egress`: `security-group-changes`, CIS 4.10, and
 * `security-group-rule-changes`), new network ACL entries (`aws_cloudtrail_new_acl_entries`:
 * `nacl-changes`, CIS 4.11) and new routes (`aws_cloudtrail_new_route_added`:
 * `route-table-changes`, CIS 4.13). Left out: RDS DB security groups
 * (`aws_cloudtrail_security_group_change_rds`) and ElastiCache cache security groups
 * (`aws_elasticache_security_group_created`, `aws_elasticache_security_group_modified_or_deleted`),
 * which only ever controlled access to EC2-Classic databases and caches; EC2-Classic was retired
 * on 15 August 2022, and databases and caches in a VPC use VPC security groups, whose rule changes
 * the baseline alerts above report.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSecurityGroup.html
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSecurityGroup.html
 */
export const NETWORK_EXPOSURE_ALERTS: Alert[] = [
  Alert._define({
    id: 'load-balancer-security-groups-changed',
    title: 'Security groups of a load balancer replaced',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1190'],
    sourceRules: ['sigma:aws_cloudtrail_security_group_change_loadbalancer'],
    eventPattern: apiCalls('elasticloadbalancing.amazonaws.com', LOAD_BALANCER_SECURITY_GROUP_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "elasticloadbalancing.amazonaws.com") && (${anyEventName(LOAD_BALANCER_SECURITY_GROUP_EVENT_NAMES)}) }`,
    eventNames: LOAD_BALANCER_SECURITY_GROUP_EVENT_NAMES,
  }),

  /**
   * An opt-in Region enabled. Account Management calls are delivered in us-east-1: every record
   * of the Account Management guide has `awsRegion: us-east-1`, and AWS re:Post names Account
   * Management among the services whose events reach EventBridge only there (see the shared AWS
   * facts, §6.4). A management account enabling a Region for a member (`accountId` in the request)
   * is logged in the management account. Sigma tags the rule only with the persistence tactic;
   * the technique is Unused/Unsupported Cloud Regions.
   * @see https://docs.aws.amazon.com/accounts/latest/reference/monitoring-cloudtrail.html
   * @see https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html
   * @see https://attack.mitre.org/techniques/T1535/
   */
  Alert._define({
    id: 'region-enabled',
    title: 'An opt-in Region enabled',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1535'],
    sourceRules: ['sigma:aws_cloudtrail_region_enabled'],
    eventPattern: apiCalls('account.amazonaws.com', ['EnableRegion']),
    metricFilterPattern: '{ ($.eventSource = "account.amazonaws.com") && ($.eventName = "EnableRegion") }',
    eventNames: ['EnableRegion'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  /**
   * Raised from Sigma's low to medium: the call is rare, and it is the step before a domain is
   * moved to another registrar, which takes every name under the domain with it.
   */
  Alert._define({
    id: 'route53-domain-transfer-lock-disabled',
    title: 'Transfer lock of a Route 53 domain removed',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1098'],
    sourceRules: ['sigma:aws_route_53_domain_transferred_lock_disabled'],
    sourceRuleFix: ROUTE53_DOMAINS_FIX,
    eventPattern: apiCalls(ROUTE53_DOMAINS, DISABLE_TRANSFER_LOCK_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "${ROUTE53_DOMAINS}") && (${anyEventName(DISABLE_TRANSFER_LOCK_EVENT_NAMES)}) }`,
    eventNames: DISABLE_TRANSFER_LOCK_EVENT_NAMES,
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
  }),

  /** Raised from Sigma's low to medium: a domain handed to another AWS account leaves the organization's control. */
  Alert._define({
    id: 'route53-domain-transferred-to-another-account',
    title: 'Route 53 domain transfer to another AWS account started',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1098'],
    sourceRules: ['sigma:aws_route_53_domain_transferred_to_another_account'],
    sourceRuleFix: ROUTE53_DOMAINS_FIX,
    eventPattern: apiCalls(ROUTE53_DOMAINS, TRANSFER_TO_ACCOUNT_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "${ROUTE53_DOMAINS}") && (${anyEventName(TRANSFER_TO_ACCOUNT_EVENT_NAMES)}) }`,
    eventNames: TRANSFER_TO_ACCOUNT_EVENT_NAMES,
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
  }),
];
