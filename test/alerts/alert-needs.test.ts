import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { DataResourceType, EventSelector, InsightType, OrganizationTrail } from '../../src';
import { blindAlerts, TrailRecording } from '../../src/alerts/alert-needs';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert } from '../../src/alerts/catalog';

const ENV = { account: '111111111111', region: 'us-east-1' };
const EVERYTHING: TrailRecording = { managementEvents: true, readOnlyManagementEvents: true, excludedEventSources: [], dataResourceTypes: [] };
const OBJECT_DELETIONS = Alert.custom({
  id: 'sensitive-object-deleted',
  title: 'Object deleted',
  eventPattern: { detailType: ['AWS API Call via CloudTrail'], detail: { eventSource: ['s3.amazonaws.com'], eventName: ['DeleteObject'] } },
  metricFilterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteObject") }',
  dataEventResourceTypes: ['AWS::S3::Object'],
});

describe('blindAlerts()', () => {
  test('a trail that records everything blinds nothing the baseline needs', () => {
    expect(blindAlerts(AlertPack.BASELINE.alerts, EVERYTHING)).toEqual([]);
  });

  test('write-only management events blind exactly the alerts that watch read-only calls', () => {
    const [blind, ...rest] = blindAlerts(AlertPack.BASELINE.alerts, { ...EVERYTHING, readOnlyManagementEvents: false });
    expect(rest).toEqual([]);
    expect(blind.id).toEqual('AlertsNeedReadOnlyEvents');
    const named = AlertPack.BASELINE.alerts.filter((alert) => blind.message.includes(`'${alert.id}'`)).map((alert) => alert.id);
    expect(named).toEqual(AlertPack.BASELINE.alerts.filter((alert) => alert.readOnlyManagementEvents).map((alert) => alert.id));
    expect(named.length).toBeGreaterThan(0);
  });

  test('excluding KMS blinds the alerts whose patterns name kms.amazonaws.com', () => {
    const blind = blindAlerts(AlertPack.CIS.alerts, { ...EVERYTHING, excludedEventSources: ['kms.amazonaws.com'] });
    expect(blind.map((warning) => warning.id)).toEqual(['AlertsNeedExcludedSources']);
    expect(blind[0].message).toContain('\'cmk-disabled-or-scheduled-for-deletion\'');
    expect(blind[0].message).not.toContain('\'vpc-changes\'');
  });

  test('a data-event alert is blind until a selector records its resource type', () => {
    expect(blindAlerts([OBJECT_DELETIONS], EVERYTHING).map((warning) => warning.id)).toEqual(['AlertsNeedDataEvents']);
    expect(blindAlerts([OBJECT_DELETIONS], { ...EVERYTHING, dataResourceTypes: ['AWS::Lambda::Function'] })[0].message).toContain('AWS::S3::Object');
    expect(blindAlerts([OBJECT_DELETIONS], { ...EVERYTHING, dataResourceTypes: ['AWS::S3::Object'] })).toEqual([]);
  });

  test('no management events blinds every management alert', () => {
    const blind = blindAlerts(AlertPack.CIS.alerts, { ...EVERYTHING, managementEvents: false, readOnlyManagementEvents: false });
    expect(blind.map((warning) => warning.id)).toEqual(['AlertsWithoutManagementEvents']);
    for (const alert of AlertPack.CIS.alerts) {
      expect(blind[0].message).toContain(`'${alert.id}'`);
    }
  });
});

describe('OrganizationTrail warns at synth', () => {
  function trail(props: Partial<ConstructorParameters<typeof OrganizationTrail>[2]>): { stack: Stack; trail: OrganizationTrail } {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    return { stack, trail: new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', ...props }) };
  }

  test('write-only management events with the baseline pack', () => {
    const { stack } = trail({ managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY, alerts: {} });
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('read-only calls, which .*\'root-account-usage\''));
  });

  test('KMS excluded names the CIS 4.7 alert', () => {
    const { stack } = trail({ excludeManagementEventSources: [cloudtrail.ManagementEventSources.KMS], alerts: {} });
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('leaves out kms.amazonaws.com, which .*\'cmk-disabled-or-scheduled-for-deletion\''));
  });

  test('every pack without S3 data events names the one alert that needs them', () => {
    const { stack } = trail({ alerts: { pack: AlertPack.ALL }, insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE] });
    const needing = AlertPack.ALL.alerts.filter((alert) => alert.dataEventResourceTypes.length > 0).map((alert) => alert.id);
    expect(needing).toEqual(['s3-archived-object-restored']);
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp(`'${needing[0]}' watch data events of AWS::S3::Object`));
  });

  test('a data-event alert without a selector warns; a selector added after construction silences it', () => {
    const blind = trail({ alerts: { pack: AlertPack.CIS, additionalAlerts: [OBJECT_DELETIONS] } });
    Annotations.fromStack(blind.stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('\'sensitive-object-deleted\' watch data events of AWS::S3::Object'));

    const seeing = trail({ alerts: { pack: AlertPack.CIS, additionalAlerts: [OBJECT_DELETIONS] } });
    seeing.trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT));
    Annotations.fromStack(seeing.stack).hasNoWarning('/Audit/OrgTrail', Match.stringLikeRegexp('watch data events'));
  });

  test('a trail with every pack, Insights and S3 data events is silent', () => {
    const { stack } = trail({
      alerts: { pack: AlertPack.ALL },
      insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
      eventSelectors: [EventSelector.s3Objects(['my-sensitive-bucket/'])],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
