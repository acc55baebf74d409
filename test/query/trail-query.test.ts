import { App, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrganizationTrail } from '../../src/organization-trail';
import { CLOUDTRAIL_COLUMNS } from '../../src/query/cloudtrail-table-schema';
import { TRAIL_QUERIES } from '../../src/query/named-queries';
import { AccountEnumeration, RegionEnumeration } from '../../src/query/partition-projection';
import { TrailQuery, TrailQueryProps } from '../../src/query/trail-query';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const ORG = 'o-a1b2c3d4e5';

function newQuery(props: Partial<TrailQueryProps> = {}, region: string = REGION) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region } });
  const query = new TrailQuery(stack, 'Query', {
    archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
    encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', KEY_ARN),
    organizationId: ORG,
    ...props,
  });
  return { stack, query, get template() { return Template.fromStack(stack); } };
}

function resultsBucketId(stack: Stack, query: TrailQuery): string {
  return stack.getLogicalId(query.resultsBucket.node.defaultChild as s3.CfnBucket);
}

describe('Glue database and table', () => {
  const { template } = newQuery({ s3KeyPrefix: 'cloudtrail', accounts: AccountEnumeration.of([ACCOUNT, '222222222222']), regions: RegionEnumeration.of(['us-east-1']) });

  test('database', () => {
    template.hasResourceProperties('AWS::Glue::Database', Match.objectEquals({
      CatalogId: ACCOUNT,
      DatabaseInput: { Name: 'cloudtrail_org', Description: `CloudTrail logs of organization ${ORG}` },
    }));
  });

  test('table: CloudTrail SerDe over the organization path, honouring the prefix', () => {
    const location = `s3://org-archive/cloudtrail/AWSLogs/${ORG}/`;
    template.hasResourceProperties('AWS::Glue::Table', {
      CatalogId: ACCOUNT,
      DatabaseName: 'cloudtrail_org',
      TableInput: {
        Name: 'organization_trail',
        TableType: 'EXTERNAL_TABLE',
        Parameters: Match.objectEquals({
          'classification': 'cloudtrail',
          'EXTERNAL': 'TRUE',
          'projection.enabled': 'true',
          'projection.account.type': 'enum',
          'projection.account.values': `${ACCOUNT},222222222222`,
          'projection.region.type': 'enum',
          'projection.region.values': 'us-east-1',
          'projection.log_date.type': 'date',
          'projection.log_date.format': 'yyyy/MM/dd',
          'projection.log_date.range': '2020/01/01,NOW',
          'projection.log_date.interval': '1',
          'projection.log_date.interval.unit': 'DAYS',
          'storage.location.template': `${location}\${account}/CloudTrail/\${region}/\${log_date}`,
        }),
        PartitionKeys: [
          Match.objectLike({ Name: 'account', Type: 'string' }),
          Match.objectLike({ Name: 'region', Type: 'string' }),
          Match.objectLike({ Name: 'log_date', Type: 'string' }),
        ],
        StorageDescriptor: {
          Location: location,
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
          Columns: CLOUDTRAIL_COLUMNS.map((column) => Match.objectLike({ Name: column.name, Type: column.type })),
        },
      },
    });
  });

  test('no crawler', () => {
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });
});

describe('workgroup', () => {
  test('enforced, encrypted results in the results bucket, scan cutoff, engine 3', () => {
    const { stack, query, template } = newQuery();
    template.hasResourceProperties('AWS::Athena::WorkGroup', Match.objectEquals({
      Name: 'cloudtrail-org',
      Description: `Queries over the CloudTrail logs of organization ${ORG}`,
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 1_000_000_000_000,
        RequesterPaysEnabled: false,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: resultsBucketId(stack, query) }, '/results/']] },
          ExpectedBucketOwner: ACCOUNT,
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [stack.getLogicalId(query.resultsEncryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] },
          },
        },
      },
    }));
  });

  test('overrides', () => {
    const { template } = newQuery({ workGroupName: 'audit', bytesScannedCutoffPerQuery: 10_000_000 });
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'audit',
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 10_000_000 }),
    });
  });
});

describe('results bucket', () => {
  test('SSE-KMS with its own rotated key, versioned, lifecycle-expired, logged, BPA, events', () => {
    const { stack, query, template } = newQuery();
    const keyId = stack.getLogicalId(query.resultsEncryptionKey.node.defaultChild as kms.CfnKey);
    const logsId = stack.getLogicalId(query.accessLogsBucket.node.defaultChild as s3.CfnBucket);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectEquals({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [{ Id: 'ExpireQueryResults', Status: 'Enabled', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'athena-results/' },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      RotationPeriodInDays: 365,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny', Action: 'kms:CreateGrant' })]) },
    });
    expect(stack.resolve(query.resultsBucket.bucketName)).toEqual({ Ref: resultsBucketId(stack, query) });
  });

  test('TLS-only policy on the results bucket', () => {
    const { stack, query, template } = newQuery();
    const id = resultsBucketId(stack, query);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('created access-log bucket: SSE-S3, receives the results bucket\'s logs only', () => {
    const { stack, query, template } = newQuery();
    const logsId = stack.getLogicalId(query.accessLogsBucket.node.defaultChild as s3.CfnBucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 365 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'S3ServerAccessLogsPolicyAthenaResults',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, '/athena-results/*']] },
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [resultsBucketId(stack, query), 'Arn'] } }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        }]),
      },
    });
  });

  test('an imported access-log bucket draws a warning with the statement', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const query = new TrailQuery(stack, 'Query', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', KEY_ARN),
      organizationId: ORG,
      accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'logs'),
    });
    expect(query.accessLogsBucket.bucketName).toBe('logs');
    Annotations.fromStack(stack).hasWarning('/Stack/Query', Match.stringLikeRegexp('cdk-org-trail:AccessLogsBucketPolicyNeedsS3Logging'));
  });

  test('the defaults draw no warning', () => {
    const { stack } = newQuery();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('overrides: expiration, removal policy, own key', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new TrailQuery(stack, 'Query', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', KEY_ARN),
      organizationId: ORG,
      resultsExpiration: Duration.days(7),
      resultsEncryptionKey: key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] } }),
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
  });
});

describe('named queries', () => {
  test('one per catalog entry, in the workgroup and database, partition-filtered', () => {
    const { stack, query, template } = newQuery({ accounts: AccountEnumeration.of([ACCOUNT]), regions: RegionEnumeration.of(['us-east-1']) });
    template.resourceCountIs('AWS::Athena::NamedQuery', TRAIL_QUERIES.length);
    expect(query.namedQueries.map((named) => named.id)).toEqual(TRAIL_QUERIES.map((definition) => definition.id));
    const workGroupId = stack.getLogicalId(query.workGroup);
    for (const named of query.namedQueries) {
      const definition = TRAIL_QUERIES.find((candidate) => candidate.id === named.id)!;
      template.hasResourceProperties('AWS::Athena::NamedQuery', Match.objectEquals({
        Name: definition.title,
        Description: definition.description,
        Database: 'cloudtrail_org',
        WorkGroup: { Ref: workGroupId },
        QueryString: named.queryString,
      }));
      expect(named.queryString).toContain(`account IN ('${ACCOUNT}')`);
    }
  });

  test('injected accounts: queries ask for the account', () => {
    const { query } = newQuery();
    expect(query.namedQueries[0].queryString).toContain('account = ?');
  });
});

describe('grantQuery', () => {
  test('workgroup, catalog, archive read + CloudTrail decrypt, results read/write + key', () => {
    const { stack, query } = newQuery({ s3KeyPrefix: 'cloudtrail' });
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    query.grantQuery(role);
    const template = Template.fromStack(stack);
    const resultsId = resultsBucketId(stack, query);
    const resultsKeyId = stack.getLogicalId(query.resultsEncryptionKey.node.defaultChild as kms.CfnKey);
    const arn = (service: string, resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:${REGION}:${ACCOUNT}:${resource}`]] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution', 'athena:BatchGetQueryExecution',
              'athena:ListQueryExecutions', 'athena:GetQueryResults', 'athena:GetQueryResultsStream', 'athena:GetQueryRuntimeStatistics',
              'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:BatchGetNamedQuery', 'athena:ListNamedQueries',
            ],
            Resource: arn('athena', 'workgroup/cloudtrail-org'),
          },
          {
            Effect: 'Allow',
            Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
            Resource: [arn('glue', 'catalog'), arn('glue', 'database/cloudtrail_org'), arn('glue', 'table/cloudtrail_org/organization_trail')],
          },
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::org-archive/cloudtrail/AWSLogs/${ORG}/*`]] },
          },
          {
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetBucketLocation'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::org-archive']] },
          },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: KEY_ARN,
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:aws:s3:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::org-archive']] },
                'kms:ViaService': 's3.us-east-1.amazonaws.com',
              },
            },
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [resultsId, 'Arn'] }, '/results/*']] },
          },
          {
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
            Resource: { 'Fn::GetAtt': [resultsId, 'Arn'] },
          },
          { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [resultsKeyId, 'Arn'] } },
        ],
      },
    });
  });
});

describe('bad input fails at synth, naming the prop', () => {
  test.each<[string, Partial<TrailQueryProps>, RegExp]>([
    ['databaseName', { databaseName: 'Bad-Name' }, /'databaseName' must be 1-255 lowercase letters, digits or underscores \(names Athena can query, at most 255 bytes\), got 'Bad-Name'\. Use e\.g\. 'cloudtrail_org'\./],
    ['tableName', { tableName: 'my table' }, /'tableName' must be 1-255 lowercase letters/],
    ['workGroupName', { workGroupName: 'bad/name' }, /'workGroupName' must be 1-128/],
    ['bytesScannedCutoffPerQuery', { bytesScannedCutoffPerQuery: 9_999_999 }, /'bytesScannedCutoffPerQuery' must be a whole number of bytes from 10000000/],
    ['accounts', { accounts: AccountEnumeration.of([]) }, /'accounts' enumerates no account/],
    ['regions', { regions: RegionEnumeration.of([]) }, /'regions' enumerates no Region/],
    ['firstLogDate', { firstLogDate: '2020-01-01' }, /'firstLogDate' must be a calendar day/],
    ['resultsExpiration', { resultsExpiration: Duration.hours(12) }, /'resultsExpiration' must be a whole number of days, at least 1, got 12 hours/],
    ['workGroupName primary', { workGroupName: 'primary' }, /^'workGroupName' must not be 'primary': every account already has that workgroup/],
    ['workGroupName of 129 characters', { workGroupName: 'w'.repeat(129) }, /^'workGroupName' must be 1-128 .*got 'w{129}'/],
    ['databaseName of 256 characters', { databaseName: 'd'.repeat(256) }, /^'databaseName' must be 1-255 .*got 'd{256}'/],
    ['duplicate Regions', { regions: RegionEnumeration.of(['us-east-1', 'us-east-1']) }, /^'regions' lists 'us-east-1' more than once/],
    ['token accounts', { accounts: AccountEnumeration.of([Token.asString({ Ref: 'Account' })]) }, /^'accounts' must list literal account IDs.*got '\$\{Token\[/],
  ])('%s', (_prop, props, message) => {
    expect(() => newQuery(props)).toThrow(message);
  });

  test('several problems are reported together', () => {
    expect(() => newQuery({ databaseName: 'A', tableName: 'B' })).toThrow(/Invalid TrailQuery configuration:\n- 'databaseName'[\s\S]*\n- 'tableName'/);
  });

  test('an archive in another Region', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const archiveBucket = s3.Bucket.fromBucketAttributes(stack, 'Archive', { bucketName: 'org-archive', region: 'eu-west-1' });
    expect(() => new TrailQuery(stack, 'Query', {
      archiveBucket, encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', KEY_ARN), organizationId: ORG,
    })).toThrow(/'archiveBucket' is in Region 'eu-west-1'/);
  });
});

describe('env-agnostic stacks', () => {
  test('Regions default to the commercial partition', () => {
    const stack = new Stack(new App(), 'Stack');
    new TrailQuery(stack, 'Query', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', KEY_ARN),
      organizationId: ORG,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Parameters: Match.objectLike({ 'projection.region.values': RegionEnumeration.allKnown('aws').regions.join(',') }) }),
    });
  });
});

describe('names at their limits are accepted', () => {
  test.each<[string, Partial<TrailQueryProps>]>([
    ['a databaseName of exactly 255 characters', { databaseName: 'd'.repeat(255) }],
    ['a tableName of exactly 255 characters', { tableName: 't'.repeat(255) }],
    ['a workGroupName of exactly 128 characters', { workGroupName: 'w'.repeat(128) }],
    ['a workGroupName that only contains primary', { workGroupName: 'primary-cloudtrail' }],
    ['names starting with a digit or underscore (the queries quote them)', { databaseName: '_audit', tableName: '2024_trail' }],
  ])('%s', (_name, props) => {
    expect(() => newQuery(props)).not.toThrow();
  });
});

test('through OrganizationTrail the messages name archiveQueryOptions', () => {
  const stack = new Stack(new App(), 'Audit', { env: { account: ACCOUNT, region: REGION } });
  expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG, archiveQueryOptions: { databaseName: 'Audit', workGroupName: 'primary' } }))
    .toThrow(/^Invalid OrganizationTrail configuration:\n- 'archiveQueryOptions\.databaseName' must be 1-255 .*got 'Audit'\. Use 'audit' \(Athena lowercases names\)\.\n- 'archiveQueryOptions\.workGroupName' must not be 'primary'/);
});
