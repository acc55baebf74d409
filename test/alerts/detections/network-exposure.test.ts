import { AlertPack } from '../../../src/alerts/alert-pack';
import { Alert, AlertRegionScope, AlertSeverity } from '../../../src/alerts/catalog';
import { envelope, fixture } from '../../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { AlertExpectation, describeAlertsAgainstFixtures } from '../fixture-harness';

const PACK = AlertPack.NETWORK_EXPOSURE;

const EXPECTATIONS: Record<string, AlertExpectation> = {
  'load-balancer-security-groups-changed': {
    positives: ['elasticloadbalancing-apply-security-groups-to-load-balancer', 'elasticloadbalancing-set-security-groups'],
    nearMisses: ['elasticloadbalancing-create-load-balancer', 'ec2-authorize-security-group-ingress'],
  },
  'region-enabled': {
    positives: ['account-enable-region'],
    nearMisses: ['account-disable-region', 'account-put-alternate-contact'],
  },
  'route53-domain-transfer-lock-disabled': {
    positives: ['route53domains-disable-domain-transfer-lock'],
    nearMisses: ['route53domains-enable-domain-transfer-lock', 'route53domains-update-domain-contact', 'route53domains-transfer-domain-to-another-aws-account'],
  },
  'route53-domain-transferred-to-another-account': {
    positives: ['route53domains-transfer-domain-to-another-aws-account'],
    nearMisses: ['route53domains-update-domain-contact', 'route53domains-disable-domain-transfer-lock'],
  },
};

describeAlertsAgainstFixtures(PACK.alerts, EXPECTATIONS);

/** A fixture's record with some top-level fields replaced. */
function recordOf(name: string, changes: { [field: string]: any }): { [key: string]: any } {
  return { ...fixture(name).record!, ...changes };
}

function matchesBothPaths(alert: Alert, record: { [key: string]: any }): [boolean, boolean] {
  return [matchesEventPattern(alert.eventPattern!, envelope(record)), matchesMetricFilter(alert.metricFilterPattern!, record)];
}

describe('network exposure pack', () => {
  test('holds these alerts, with these severities', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      'load-balancer-security-groups-changed': AlertSeverity.MEDIUM,
      'region-enabled': AlertSeverity.MEDIUM,
      'route53-domain-transfer-lock-disabled': AlertSeverity.MEDIUM,
      'route53-domain-transferred-to-another-account': AlertSeverity.MEDIUM,
    });
  });

  test('every alert names its ATT&CK techniques, its SigmaHQ rule, and has both paths', () => {
    for (const alert of PACK.alerts) {
      expect(alert.techniques.length).toBeGreaterThan(0);
      expect(alert.sourceRules).toHaveLength(1);
      expect(alert.sourceRules[0]).toMatch(/^sigma:aws_/);
      expect(alert.eventPattern).toBeDefined();
      expect(alert.metricFilterPattern).toBeDefined();
      expect(alert.eventNames.length).toBeGreaterThan(0);
    }
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, [...alert.techniques, ...alert.sourceRules]]))).toEqual({
      'load-balancer-security-groups-changed': ['T1190', 'sigma:aws_cloudtrail_security_group_change_loadbalancer'],
      'region-enabled': ['T1535', 'sigma:aws_cloudtrail_region_enabled'],
      'route53-domain-transfer-lock-disabled': ['T1098', 'sigma:aws_route_53_domain_transferred_lock_disabled'],
      'route53-domain-transferred-to-another-account': ['T1098', 'sigma:aws_route_53_domain_transferred_to_another_account'],
    });
  });

  test('none needs read-only events, data events, Insights or a count', () => {
    for (const alert of PACK.alerts) {
      expect(alert.readOnlyManagementEvents).toBe(false);
      expect(alert.dataEventResourceTypes).toEqual([]);
      expect(alert.requiresInsights).toBe(false);
      expect(alert.alarmThreshold).toBe(1);
      expect(alert.alarmPeriod).toBeUndefined();
    }
  });

  test('Region scopes: Account Management in us-east-1, Route 53 domains in us-east-1 and every Region, load balancers everywhere', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.regionScope]))).toEqual({
      'load-balancer-security-groups-changed': AlertRegionScope.EVERY_REGION,
      'region-enabled': AlertRegionScope.US_EAST_1,
      'route53-domain-transfer-lock-disabled': AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
      'route53-domain-transferred-to-another-account': AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    });
  });

  test('the Route 53 domain alerts watch route53domains.amazonaws.com, not the DNS API the SigmaHQ rules name', () => {
    const domainAlerts = [PACK.alert('route53-domain-transfer-lock-disabled'), PACK.alert('route53-domain-transferred-to-another-account')];
    for (const alert of domainAlerts) {
      expect(alert.eventSources).toEqual(['route53domains.amazonaws.com']);
      expect(alert.sourceRuleFix).toMatch(/route53domains\.amazonaws\.com, not route53\.amazonaws\.com/);
      const asTheRuleWrites = recordOf('route53domains-disable-domain-transfer-lock', {
        eventSource: 'route53.amazonaws.com',
        eventName: alert.eventNames[1],
      });
      expect(matchesBothPaths(alert, asTheRuleWrites)).toEqual([false, false]);
    }
  });

  test.each([
    ['route53-domain-transfer-lock-disabled', 'disableDomainTransferLock', 'DisableDomainTransferLock'],
    ['route53-domain-transferred-to-another-account', 'transferDomainToAnotherAwsAccount', 'TransferDomainToAnotherAwsAccount'],
  ])('%s matches the logged lowercase name and the API name, and no other case', (id, logged, api) => {
    const alert = PACK.alert(id);
    expect(alert.eventNames).toEqual([logged, api]);
    for (const name of [logged, api]) {
      expect(matchesBothPaths(alert, recordOf('route53domains-disable-domain-transfer-lock', { eventName: name }))).toEqual([true, true]);
    }
    const shouted = recordOf('route53domains-disable-domain-transfer-lock', { eventName: api.toUpperCase() });
    expect(matchesBothPaths(alert, shouted)).toEqual([false, false]);
  });

  test('an EnableRegion logged in another Region still matches the pattern (the scope, not the pattern, places the rule)', () => {
    const alert = PACK.alert('region-enabled');
    expect(matchesBothPaths(alert, recordOf('account-enable-region', { awsRegion: 'eu-west-1' }))).toEqual([true, true]);
  });

  test('the load-balancer alert leaves EC2 security group rule changes to the baseline', () => {
    const baseline = AlertPack.BASELINE.alerts.map((alert) => alert.id);
    expect(baseline).toEqual(expect.arrayContaining(['security-group-changes', 'security-group-rule-changes', 'nacl-changes', 'route-table-changes']));
    const sgRule = fixture('ec2-authorize-security-group-ingress').record!;
    for (const id of ['security-group-changes', 'security-group-rule-changes']) {
      const baselineAlert = AlertPack.BASELINE.alert(id);
      expect(matchesBothPaths(baselineAlert, sgRule)).toEqual([true, true]);
    }
    expect(matchesBothPaths(AlertPack.BASELINE.alert('nacl-changes'), fixture('ec2-create-network-acl-entry').record!)).toEqual([true, true]);
    expect(matchesBothPaths(AlertPack.BASELINE.alert('route-table-changes'), fixture('ec2-create-route').record!)).toEqual([true, true]);
  });

  test('no alert of the pack watches EC2-Classic-only APIs (RDS DB and ElastiCache cache security groups)', () => {
    const legacy = ['AuthorizeDBSecurityGroupIngress', 'CreateDBSecurityGroup', 'DeleteDBSecurityGroup', 'RevokeDBSecurityGroupIngress',
      'CreateCacheSecurityGroup', 'DeleteCacheSecurityGroup', 'AuthorizeCacheSecurityGroupIngress', 'RevokeCacheSecurityGroupIngress'];
    expect(PACK.alerts.flatMap((alert) => alert.eventNames).filter((name) => legacy.includes(name))).toEqual([]);
    expect(PACK.alerts.flatMap((alert) => alert.eventSources)).not.toContain('elasticache.amazonaws.com');
  });
});
