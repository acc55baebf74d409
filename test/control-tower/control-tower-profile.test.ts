import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AlertPack, ControlTowerLandingZone, DataResourceType, ControlTowerProfile, EventSelector, InsightEventCategory, InsightType,
  OrganizationTrail, OrganizationTrailProps, TrailQuery,
} from '../../src';

const ORG = 'o-a1b2c3d4e5';
const ENV = { account: '111111111111', region: 'us-east-1' };
const SENSITIVE = EventSelector.s3Objects(['my-sensitive-bucket/'], { name: 'Sensitive bucket objects' });

type Env = { account?: string; region?: string };

function build(props: Partial<OrganizationTrailProps>, env: Env = ENV): { stack: Stack; template: Template; trail: OrganizationTrail } {
  const app = new App();
  const stack = new Stack(app, 'Management', { env });
  const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG, ...props });
  return { stack, template: Template.fromStack(stack), trail };
}

function trailProperties(template: Template): any {
  const [trail] = Object.values(template.findResources('AWS::CloudTrail::Trail'));
  return trail.Properties;
}

/** The field selectors of every advanced selector, as `field=values` strings. */
function selectorFields(template: Template): string[][] {
  return trailProperties(template).AdvancedEventSelectors.map((selector: any) =>
    selector.FieldSelectors.map((field: any) => `${field.Field}=${(field.Equals ?? field.StartsWith ?? field.NotStartsWith ?? []).join('|')}`));
}

/** The metric filters by alert id, with the log group each filters (a literal name, or the construct's own group). */
function metricFilterGroups(template: Template): Record<string, string> {
  return Object.fromEntries(Object.values(template.findResources('AWS::Logs::MetricFilter')).map((filter: any) => [
    filter.Properties.FilterName,
    typeof filter.Properties.LogGroupName === 'string' ? filter.Properties.LogGroupName : 'own',
  ]));
}

describe('ControlTowerProfile.complementData()', () => {
  const complementData = { besideControlTower: ControlTowerProfile.complementData(), eventSelectors: [SENSITIVE] };

  test('records the data events of its selectors and no management events', () => {
    const { template } = build(complementData);
    const fields = selectorFields(template);
    expect(fields.flat()).not.toContain('eventCategory=Management');
    expect(fields).toEqual([expect.arrayContaining(['eventCategory=Data', 'resources.type=AWS::S3::Object'])]);
    expect(trailProperties(template).InsightSelectors).toBeUndefined();
    // Still the organization trail the library stands for: every Region, global events, validation.
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
    });
  });

  test('draws no warning about management events: Control Tower\'s trail records them', () => {
    const { stack } = build({ ...complementData, alerts: { pack: AlertPack.CIS } });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('Insights can analyse data events', () => {
    const { template } = build({ ...complementData, insightTypes: [InsightType.API_CALL_RATE], insightEventCategories: [InsightEventCategory.DATA] });
    expect(trailProperties(template).InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }]);
  });

  test('alerts on management events filter Control Tower\'s log group; those on data and Insights events the trail\'s own', () => {
    const { template } = build({
      ...complementData,
      insightTypes: [InsightType.API_CALL_RATE],
      insightEventCategories: [InsightEventCategory.DATA],
      alerts: { pack: AlertPack.combine('mine', AlertPack.CIS, AlertPack.INSIGHTS), additionalAlerts: [AlertPack.DEFENSE_IMPAIRMENT.alert('s3-archived-object-restored')] },
    });
    const groups = metricFilterGroups(template);
    expect(groups['root-account-usage']).toBe(ControlTowerLandingZone.LOG_GROUP_NAME);
    expect(groups['trail-tampering']).toBe(ControlTowerLandingZone.LOG_GROUP_NAME);
    expect(groups['insights-api-call-rate']).toBe('own');
    expect(groups['s3-archived-object-restored']).toBe('own');
    const onControlTower = Object.values(groups).filter((group) => group === ControlTowerLandingZone.LOG_GROUP_NAME).length;
    expect(onControlTower).toBeGreaterThan(10);
    expect(Object.values(groups).filter((group) => group === 'own')).toHaveLength(3);
  });

  test('keeps the metric-filter alarms beside Control Tower even without its own CloudWatch Logs delivery', () => {
    const { template, stack } = build({ ...complementData, cloudWatchLogs: false, alerts: { pack: AlertPack.CIS } });
    const groups = Object.values(metricFilterGroups(template));
    expect(groups.length).toBeGreaterThan(10);
    expect(new Set(groups)).toEqual(new Set([ControlTowerLandingZone.LOG_GROUP_NAME]));
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    Annotations.fromStack(stack).hasWarning('/Management/OrgTrail', Match.stringLikeRegexp('CT.CLOUDTRAIL.PR.3 fail for this trail, and alerts on data and Insights events have no metric filter'));
  });

  test('a log group name of your own', () => {
    const { template } = build({
      besideControlTower: ControlTowerProfile.complementData({ logGroupName: 'my-ct/CloudTrailLogs', homeRegion: 'us-east-1' }),
      eventSelectors: [SENSITIVE],
      alerts: { pack: AlertPack.CIS },
    });
    expect(metricFilterGroups(template)['root-account-usage']).toBe('my-ct/CloudTrailLogs');
  });

  test('alerts that watch read-only calls are not blind: Control Tower\'s trail records them', () => {
    const { stack } = build({ ...complementData, alerts: { pack: AlertPack.DISCOVERY } });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('read-only|ReadWriteType'));
  });

  test('data-event alerts without a selector for them still warn', () => {
    const { stack } = build({
      besideControlTower: ControlTowerProfile.complementData(),
      eventSelectors: [EventSelector.dataEvents({ name: 'Lambda invocations', resourceType: DataResourceType.LAMBDA_FUNCTION })],
      alerts: { pack: AlertPack.CIS, additionalAlerts: [AlertPack.DEFENSE_IMPAIRMENT.alert('s3-archived-object-restored')] },
    });
    Annotations.fromStack(stack).hasWarning('/Management/OrgTrail', Match.stringLikeRegexp('s3-archived-object-restored.*AWS::S3::Object'));
  });
});

describe('ControlTowerProfile.complementInsights()', () => {
  test('records write management events and turns both Insights types on', () => {
    const { template, stack } = build({ besideControlTower: ControlTowerProfile.complementInsights() });
    expect(selectorFields(template)).toEqual([['eventCategory=Management', 'readOnly=false']]);
    expect(trailProperties(template).InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('insightTypes still chooses', () => {
    const { template } = build({ besideControlTower: ControlTowerProfile.complementInsights(), insightTypes: [InsightType.API_ERROR_RATE] });
    expect(trailProperties(template).InsightSelectors).toEqual([{ InsightType: 'ApiErrorRateInsight' }]);
  });

  test('with data selectors too', () => {
    const { template } = build({ besideControlTower: ControlTowerProfile.complementInsights(), eventSelectors: [SENSITIVE] });
    const fields = selectorFields(template);
    expect(fields).toHaveLength(2);
    expect(fields[0]).toEqual(['eventCategory=Management', 'readOnly=false']);
  });
});

describe('bad input fails at synth', () => {
  test.each<[string, Partial<OrganizationTrailProps>, RegExp]>([
    ['managementEvents beside the profile',
      { besideControlTower: ControlTowerProfile.complementData(), eventSelectors: [SENSITIVE], managementEvents: cloudtrail.ReadWriteType.ALL },
      /'managementEvents' is All, but 'besideControlTower' \(ControlTowerProfile.complementData\(\)\) decides .*Remove 'managementEvents'/],
    ['no selector for complementData',
      { besideControlTower: ControlTowerProfile.complementData() },
      /'besideControlTower' is ControlTowerProfile.complementData\(\), which records data and network activity events only, but there are no 'eventSelectors'/],
    ['management Insights for complementData',
      {
        besideControlTower: ControlTowerProfile.complementData(),
        eventSelectors: [SENSITIVE],
        insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
      },
      /'insightTypes' analyses management events .* but 'besideControlTower' is ControlTowerProfile.complementData\(\), whose trail records no management events. Set 'insightEventCategories' to \[InsightEventCategory.DATA\]/],
    ['excluded sources with no management events',
      {
        besideControlTower: ControlTowerProfile.complementData(),
        eventSelectors: [SENSITIVE],
        excludeManagementEventSources: [cloudtrail.ManagementEventSources.KMS],
      },
      /'excludeManagementEventSources' needs management events, but 'besideControlTower' is ControlTowerProfile.complementData\(\), which records none/],
    ['a log group name CloudWatch Logs refuses',
      { besideControlTower: ControlTowerProfile.complementData({ logGroupName: 'control tower logs' }), eventSelectors: [SENSITIVE] },
      /'besideControlTower.logGroupName' must be 1-512 letters, digits or '_-\/.#', got 'control tower logs'/],
    ['a home Region that is no Region code',
      { besideControlTower: ControlTowerProfile.complementInsights({ homeRegion: 'N. Virginia' }) },
      /'besideControlTower.homeRegion' must be a Region code such as 'us-east-1', got 'N. Virginia'/],
    ['the stack outside the home Region',
      { besideControlTower: ControlTowerProfile.complementInsights({ homeRegion: 'eu-west-1' }) },
      /'besideControlTower.homeRegion' is 'eu-west-1', but the stack is in 'us-east-1'.*Deploy the stack in 'eu-west-1'/],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a home Region needs the stack\'s Region at synth', () => {
    expect(() => build({ besideControlTower: ControlTowerProfile.complementInsights({ homeRegion: 'eu-west-1' }) }, { account: ENV.account }))
      .toThrow(/'besideControlTower.homeRegion' is 'eu-west-1', but the stack's Region is not known at synth/);
  });

  test('the alert paths still need a log group when the profile is not there', () => {
    expect(() => build({ cloudWatchLogs: false, alerts: { pack: AlertPack.CIS } })).toThrow(/'alerts.metricFilterAlarms' is on by default and needs CloudWatch Logs delivery/);
  });
});

describe('ControlTowerLandingZone', () => {
  test('names the archive bucket and key prefix of the landing zone', () => {
    expect(ControlTowerLandingZone.archiveBucketName('222222222222', 'eu-west-1')).toBe('aws-controltower-logs-222222222222-eu-west-1');
    expect(ControlTowerLandingZone.archiveKeyPrefix(ORG)).toBe(ORG);
    expect(ControlTowerLandingZone.archiveBucketName('222222222222', 'us-gov-west-1')).toBe('aws-controltower-logs-222222222222-us-gov-west-1');
  });

  test('refuses an account or Region that cannot be in the name', () => {
    expect(() => ControlTowerLandingZone.archiveBucketName('2222', 'us-east-1'))
      .toThrow(/archiveBucketName\(logArchiveAccount\) must be the log-archive account's 12-digit ID, got '2222'/);
    expect(() => ControlTowerLandingZone.archiveBucketName('222222222222', 'US East'))
      .toThrow(/archiveBucketName\(homeRegion\) must be a Region code such as 'us-east-1', got 'US East'/);
  });

  test('queries over Control Tower\'s SSE-S3 archive: the table reads its layout, analysts get no key grant', () => {
    const app = new App();
    const stack = new Stack(app, 'LogArchiveAccount', { env: { account: '222222222222', region: 'us-east-1' } });
    const bucketName = ControlTowerLandingZone.archiveBucketName('222222222222', 'us-east-1');
    const query = new TrailQuery(stack, 'ControlTowerQuery', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'ControlTowerArchive', bucketName),
      organizationId: ORG,
      s3KeyPrefix: ControlTowerLandingZone.archiveKeyPrefix(ORG),
    });
    const analysts = new iam.Role(stack, 'Analysts', { assumedBy: new iam.AccountRootPrincipal() });
    query.grantQuery(analysts);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ StorageDescriptor: Match.objectLike({ Location: `s3://${bucketName}/${ORG}/AWSLogs/${ORG}/` }) }),
    });
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${bucketName}/${ORG}/AWSLogs/${ORG}/*`]] },
    }));
    // Only the results key: nothing names a key of the archive.
    const decrypting = statements.filter((statement: any) => [statement.Action].flat().includes('kms:Decrypt'));
    expect(decrypting).toHaveLength(1);
    expect(JSON.stringify(decrypting[0].Resource)).toContain('ResultsKey');
  });
});
