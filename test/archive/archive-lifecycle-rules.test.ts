import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveLifecycle, ArchiveTransition } from '../../src';
import { TrailArchive } from '../../src/archive/trail-archive';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const WARNING_ID = 'cdk-org-trail:ArchiveExpiresWithinAYear';

function newArchive(lifecycle?: ArchiveLifecycle, objectLockRetention?: s3.ObjectLockRetention): Stack {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
  new TrailArchive(stack, 'Archive', {
    trailArn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
    organizationId: 'o-a1b2c3d4e5',
    encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`),
    archiveLifecycle: lifecycle,
    objectLockRetention,
  });
  return stack;
}

/** The archive bucket's one lifecycle rule must equal `rule` exactly. */
function expectArchiveRule(stack: Stack, rule: Record<string, unknown>): void {
  Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: {
      Rules: [Match.objectEquals({
        Id: 'ArchiveLogFiles',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        ...rule,
      })],
    },
  });
}

function transition(storageClass: s3.StorageClass, days: number): ArchiveTransition {
  return { storageClass, transitionAfter: Duration.days(days) };
}

/**
 * An Object Lock retention that skips `s3.ObjectLockRetention`'s own checks (which already refuse
 * more than 100 years and partial days), so the component's own validation can be reached.
 */
function rawRetention(duration: Duration): s3.ObjectLockRetention {
  return { mode: s3.ObjectLockMode.GOVERNANCE, duration } as s3.ObjectLockRetention;
}

describe('ArchiveLifecycle defaults', () => {
  test('IA after 90 days, Glacier IR after 365, expiry after 2557, noncurrent after 90, abort multipart after 7', () => {
    expectArchiveRule(newArchive(), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('an empty lifecycle object gives the same defaults', () => {
    expectArchiveRule(newArchive({}), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('the defaults raise no ArchiveExpiresWithinAYear warning', () => {
    Annotations.fromStack(newArchive()).hasNoWarning('*', Match.stringLikeRegexp(WARNING_ID));
  });
});

describe('ArchiveLifecycle overrides', () => {
  test('transitions given out of order are sorted by age', () => {
    const stack = newArchive({
      transitions: [
        transition(s3.StorageClass.DEEP_ARCHIVE, 730),
        transition(s3.StorageClass.INFREQUENT_ACCESS, 30),
        transition(s3.StorageClass.GLACIER, 400),
        transition(s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, 180),
      ],
      expiration: Duration.days(3650),
    });
    expectArchiveRule(stack, {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
        { StorageClass: 'GLACIER', TransitionInDays: 400 },
        { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 730 },
      ],
      ExpirationInDays: 3650,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('no transitions at all', () => {
    expectArchiveRule(newArchive({ transitions: [], expiration: Duration.days(400) }), {
      ExpirationInDays: 400,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('a transition to a non-IA class may happen on day 0', () => {
    expectArchiveRule(newArchive({ transitions: [transition(s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, 0)] }), {
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 0 }],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('neverExpire drops the expiration and keeps the rest', () => {
    expectArchiveRule(newArchive({ neverExpire: true }), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('neverExpire: false with an expiration is not a contradiction', () => {
    expectArchiveRule(newArchive({ neverExpire: false, expiration: Duration.days(1000) }), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 1000,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('noncurrentVersionExpiration', () => {
    expectArchiveRule(newArchive({ noncurrentVersionExpiration: Duration.days(30) }), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });
  });

  test('whole days given in hours are accepted and rendered as days', () => {
    expectArchiveRule(newArchive({ transitions: [], expiration: Duration.hours(400 * 24) }), {
      ExpirationInDays: 400,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });
});

describe('ArchiveLifecycle limits', () => {
  test.each([
    ['INFREQUENT_ACCESS', s3.StorageClass.INFREQUENT_ACCESS, 'STANDARD_IA'],
    ['ONE_ZONE_INFREQUENT_ACCESS', s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS, 'ONEZONE_IA'],
  ])('%s after 30 days (the minimum) is accepted', (_name, storageClass, rendered) => {
    expectArchiveRule(newArchive({ transitions: [transition(storageClass, 30)] }), {
      Transitions: [{ StorageClass: rendered, TransitionInDays: 30 }],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test.each([
    ['INFREQUENT_ACCESS', s3.StorageClass.INFREQUENT_ACCESS, 'STANDARD_IA'],
    ['ONE_ZONE_INFREQUENT_ACCESS', s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS, 'ONEZONE_IA'],
  ])('%s after 29 days is rejected', (_name, storageClass, rendered) => {
    expect(() => newArchive({ transitions: [transition(storageClass, 29)] })).toThrow(
      `'archiveLifecycle.transitions' moves log files to ${rendered} after 29 days, but S3 requires at least 30. Use Duration.days(30) or later.`);
  });

  test('an expiration one day after the last transition is accepted', () => {
    expectArchiveRule(newArchive({ expiration: Duration.days(366) }), {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 366,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('an expiration equal to the last transition is rejected', () => {
    expect(() => newArchive({ expiration: Duration.days(365) })).toThrow(
      /'archiveLifecycle.expiration' \(365 days\) must be later than the last transition \(GLACIER_IR after 365 days\)/);
  });

  test('an expiration equal to the Object Lock retention is accepted', () => {
    const stack = newArchive({ expiration: Duration.days(730) }, s3.ObjectLockRetention.compliance(Duration.days(730)));
    expectArchiveRule(stack, {
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: 730,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
  });

  test('an expiration one day shorter than the Object Lock retention is rejected', () => {
    expect(() => newArchive({ expiration: Duration.days(729) }, s3.ObjectLockRetention.compliance(Duration.days(730))))
      .toThrow(/'archiveLifecycle.expiration' \(729 days\) is shorter than 'objectLockRetention' \(730 days\)/);
  });

  test('the default expiration (2557 days) is checked against the Object Lock retention too', () => {
    expect(() => newArchive(undefined, s3.ObjectLockRetention.governance(Duration.days(2558))))
      .toThrow(/'archiveLifecycle.expiration' \(2557 days\) is shorter than 'objectLockRetention' \(2558 days\)/);
  });

  test('Object Lock retention of 36500 days (the maximum) is accepted', () => {
    const stack = newArchive({ neverExpire: true }, s3.ObjectLockRetention.governance(Duration.days(36500)));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 36500 } } },
    });
  });

  test('Object Lock retention of 36501 days is rejected', () => {
    expect(() => newArchive({ neverExpire: true }, rawRetention(Duration.days(36501))))
      .toThrow("'objectLockRetention' is 36501 days, but S3 allows at most 36500 (100 years). Shorten it.");
  });

  test('Object Lock retention is checked before the expiration comparison', () => {
    expect(() => newArchive({ expiration: Duration.days(400) }, rawRetention(Duration.days(36501))))
      .toThrow(/'objectLockRetention' is 36501 days/);
  });
});

describe('ArchiveLifecycle errors', () => {
  test.each<[string, ArchiveLifecycle, RegExp]>([
    [
      'neverExpire with expiration',
      { neverExpire: true, expiration: Duration.days(400) },
      /'archiveLifecycle.neverExpire' and 'archiveLifecycle.expiration' \(400 days\) contradict each other/,
    ],
    [
      'IA transition under 30 days',
      { transitions: [transition(s3.StorageClass.INFREQUENT_ACCESS, 10)] },
      /'archiveLifecycle.transitions' moves log files to STANDARD_IA after 10 days, but S3 requires at least 30/,
    ],
    [
      'One Zone-IA transition under 30 days',
      { transitions: [transition(s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS, 0)] },
      /'archiveLifecycle.transitions' moves log files to ONEZONE_IA after 0 days, but S3 requires at least 30/,
    ],
    [
      'duplicate storage class',
      { transitions: [transition(s3.StorageClass.GLACIER, 100), transition(s3.StorageClass.GLACIER, 200)] },
      /'archiveLifecycle.transitions' names GLACIER twice/,
    ],
    [
      'expiration before the last (unsorted) transition',
      {
        transitions: [transition(s3.StorageClass.DEEP_ARCHIVE, 800), transition(s3.StorageClass.INFREQUENT_ACCESS, 30)],
        expiration: Duration.days(500),
      },
      /'archiveLifecycle.expiration' \(500 days\) must be later than the last transition \(DEEP_ARCHIVE after 800 days\)/,
    ],
    [
      'non-whole-day transition',
      { transitions: [transition(s3.StorageClass.GLACIER, 0), { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.hours(36) }] },
      /'archiveLifecycle.transitions\[\].transitionAfter' must be a whole number of days, at least 0, got 1 day 12 hours/,
    ],
    [
      'non-whole-day expiration',
      { transitions: [], expiration: Duration.hours(9012) },
      /'archiveLifecycle.expiration' must be a whole number of days, at least 1, got 375 days 12 hours/,
    ],
    [
      'zero-day expiration',
      { transitions: [], expiration: Duration.days(0) },
      /'archiveLifecycle.expiration' must be a whole number of days, at least 1, got 0 days/,
    ],
    [
      'non-whole-day noncurrentVersionExpiration',
      { noncurrentVersionExpiration: Duration.minutes(90) },
      /'archiveLifecycle.noncurrentVersionExpiration' must be a whole number of days, at least 1, got 1 hour 30 minutes/,
    ],
  ])('%s', (_name, lifecycle, message) => {
    expect(() => newArchive(lifecycle)).toThrow(message);
  });

  test('non-whole-day Object Lock retention', () => {
    expect(() => newArchive({ neverExpire: true }, rawRetention(Duration.hours(36))))
      .toThrow(/'objectLockRetention' must be a whole number of days, at least 1, got 1 day 12 hours/);
  });
});

describe('ArchiveExpiresWithinAYear warning', () => {
  test('an expiration of 364 days warns, naming the prop and the value', () => {
    const stack = newArchive({ transitions: [], expiration: Duration.days(364) });
    Annotations.fromStack(stack).hasWarning('/Stack/Archive', Match.stringLikeRegexp(
      `'archiveLifecycle.expiration' is 364 days: log files are deleted before a year is up.*\\[ack: ${WARNING_ID}\\]`));
  });

  test('an expiration of 365 days does not warn', () => {
    const stack = newArchive({ transitions: [], expiration: Duration.days(365) });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(WARNING_ID));
  });

  test('neverExpire does not warn', () => {
    Annotations.fromStack(newArchive({ neverExpire: true })).hasNoWarning('*', Match.stringLikeRegexp(WARNING_ID));
  });
});

describe('ArchiveLifecycle transitions follow the S3 waterfall', () => {
  const IA = s3.StorageClass.INFREQUENT_ACCESS;
  const IT = s3.StorageClass.INTELLIGENT_TIERING;
  const OZ = s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS;
  const GIR = s3.StorageClass.GLACIER_INSTANT_RETRIEVAL;
  const GFR = s3.StorageClass.GLACIER;
  const GDA = s3.StorageClass.DEEP_ARCHIVE;

  test.each<[string, ArchiveTransition[], RegExp]>([
    ['Glacier before Standard-IA', [transition(GFR, 90), transition(IA, 365)],
      /'archiveLifecycle.transitions' moves log files from GLACIER after 90 days to STANDARD_IA after 365 days, but S3 lifecycle rules cannot move objects from GLACIER to STANDARD_IA/],
    ['Deep Archive before Glacier Instant Retrieval', [transition(GDA, 100), transition(GIR, 200)],
      /from DEEP_ARCHIVE after 100 days to GLACIER_IR after 200 days/],
    ['Intelligent-Tiering before Standard-IA', [transition(IT, 30), transition(IA, 90)],
      /cannot move objects from INTELLIGENT_TIERING to STANDARD_IA/],
    ['One Zone-IA before Intelligent-Tiering', [transition(OZ, 30), transition(IT, 90)],
      /cannot move objects from ONEZONE_IA to INTELLIGENT_TIERING/],
    ['One Zone-IA to Glacier Instant Retrieval (not supported)', [transition(OZ, 30), transition(GIR, 90)],
      /cannot move objects from ONEZONE_IA to GLACIER_IR .*ONEZONE_IA cannot go to GLACIER_IR/],
    ['Glacier Instant Retrieval before One Zone-IA', [transition(GIR, 30), transition(OZ, 90)],
      /cannot move objects from GLACIER_IR to ONEZONE_IA/],
    ['a class S3 lifecycle rules cannot move to', [transition(new s3.StorageClass('REDUCED_REDUNDANCY'), 30)],
      /moves log files to 'REDUCED_REDUNDANCY', which is not a storage class S3 lifecycle rules can move to/],
    ['29 days in Standard-IA before Glacier', [transition(IA, 30), transition(GFR, 59)],
      /moves log files on from STANDARD_IA after 30 days to GLACIER after 59 days, only 29 days later, but S3 requires them to stay at least 30 days in STANDARD_IA\. Move GLACIER to Duration\.days\(60\)/],
    ['29 days in One Zone-IA before Deep Archive', [transition(OZ, 100), transition(GDA, 129)],
      /only 29 days later, but S3 requires them to stay at least 30 days in ONEZONE_IA/],
  ])('%s', (_name, transitions, message) => {
    expect(() => newArchive({ transitions, neverExpire: true })).toThrow(message);
  });

  test('29 days in Intelligent-Tiering before One Zone-IA', () => {
    expect(() => newArchive({ transitions: [transition(IT, 10), transition(OZ, 39)], neverExpire: true }))
      .toThrow(/from INTELLIGENT_TIERING after 10 days to ONEZONE_IA after 39 days, only 29 days later, but S3 requires them to stay at least 30 days in their current class before a move to ONEZONE_IA/);
  });

  test('several problems are listed in one error', () => {
    expect(() => newArchive({ transitions: [transition(GFR, 10), transition(IA, 20), transition(GFR, 400)], neverExpire: true }))
      .toThrow(/Invalid TrailArchive configuration:\n- .*STANDARD_IA after 20 days, but S3 requires at least 30[\s\S]*cannot move objects from GLACIER to STANDARD_IA[\s\S]*names GLACIER twice/);
  });

  test.each<[string, ArchiveTransition[]]>([
    ['exactly 30 days in Standard-IA before Glacier', [transition(IA, 30), transition(GFR, 60)]],
    ['exactly 30 days in One Zone-IA before Deep Archive', [transition(OZ, 30), transition(GDA, 60)]],
    ['exactly 30 days in Intelligent-Tiering before One Zone-IA', [transition(IT, 0), transition(OZ, 30)]],
    ['Glacier Instant Retrieval the day after Intelligent-Tiering', [transition(IT, 0), transition(GIR, 1)]],
    ['Glacier then Deep Archive the next day', [transition(GFR, 0), transition(GDA, 1)]],
    ['the whole waterfall at 30-day steps', [transition(IA, 30), transition(IT, 60), transition(OZ, 90), transition(GFR, 120), transition(GDA, 121)]],
    ['Standard-IA to Glacier Instant Retrieval', [transition(IA, 30), transition(GIR, 60)]],
    ['One Zone-IA to Glacier Flexible Retrieval', [transition(OZ, 30), transition(GFR, 60)]],
  ])('accepts %s', (_name, transitions) => {
    expect(() => newArchive({ transitions, neverExpire: true })).not.toThrow();
  });
});

describe('TrailArchive refuses encryption keys S3 and CloudTrail cannot use', () => {
  test.each<[string, (stack: Stack) => kms.IKey, RegExp]>([
    ['an asymmetric key of the app', (stack) => new kms.Key(stack, 'Rsa', { keySpec: kms.KeySpec.RSA_4096, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT }),
      /'encryptionKey' has keySpec 'RSA_4096', but CloudTrail \(SSE-KMS on the archive\) needs a symmetric encryption key/],
    ['the AWS managed S3 key', (stack) => kms.Alias.fromAliasName(stack, 'AwsS3', 'alias/aws/s3'),
      /'encryptionKey' is the AWS managed key 'alias\/aws\/s3'/],
  ])('%s', (_name, makeKey, message) => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    expect(() => new TrailArchive(stack, 'Archive', {
      trailArn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
      organizationId: 'o-a1b2c3d4e5',
      encryptionKey: makeKey(stack),
    })).toThrow(message);
  });
});
