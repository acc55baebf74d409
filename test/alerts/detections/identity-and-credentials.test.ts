import { AlertPack } from '../../../src/alerts/alert-pack';
import { Alert, AlertRegionScope, AlertSeverity } from '../../../src/alerts/catalog';
import { fixture } from '../../fixtures/cloudtrail-events/load';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { AlertExpectation, describeAlertsAgainstFixtures, eventBridgeMatches } from '../fixture-harness';

const PACK = AlertPack.IDENTITY_AND_CREDENTIALS;

const EXPECTATIONS: Record<string, AlertExpectation> = {
  'console-sign-in-token-requested': {
    positives: ['signin-get-signin-token'],
    nearMisses: ['signin-get-signin-token-sso-portal', 'console-login-iam-user-without-mfa', 'check-mfa-iam-user'],
  },
  'access-key-created-for-named-user': {
    positives: ['iam-create-access-key', 'iam-create-access-key-s3-browser'],
    nearMisses: ['iam-create-access-key-own', 'iam-create-user'],
  },
  'login-profile-updated': {
    positives: ['iam-update-login-profile'],
    nearMisses: ['iam-create-login-profile', 'iam-create-login-profile-s3-browser'],
  },
  'saml-provider-deleted': {
    positives: ['iam-delete-saml-provider'],
    nearMisses: ['iam-delete-saml-provider-not-found', 'iam-update-saml-provider'],
  },
  'saml-provider-updated': {
    positives: ['iam-update-saml-provider'],
    nearMisses: ['sts-assume-role-with-saml', 'iam-delete-saml-provider'],
  },
  'identity-center-identity-source-changed': {
    positives: ['sso-disassociate-directory', 'sso-directory-enable-external-idp-configuration'],
    nearMisses: ['sso-describe-permissions-policies'],
  },
  'ec2-instance-identity-credentials-used': {
    positives: ['sts-get-caller-identity-instance-identity'],
    nearMisses: [
      'ssm-register-managed-instance-instance-identity', 'sts-get-caller-identity-instance-identity-aws-internal',
      'sts-get-caller-identity-federated-user',
    ],
  },
  's3-browser-login-profile-activity': {
    positives: ['iam-get-login-profile-s3-browser', 'iam-create-login-profile-s3-browser'],
    nearMisses: ['iam-create-login-profile', 'iam-create-user-s3-browser'],
  },
  's3-browser-user-or-access-key-created': {
    positives: ['iam-create-user-s3-browser', 'iam-create-access-key-s3-browser'],
    nearMisses: ['iam-create-user', 'iam-create-access-key', 'iam-create-login-profile-s3-browser'],
  },
  's3-browser-templated-user-policy': {
    positives: ['iam-put-user-policy-s3-browser-template'],
    nearMisses: ['iam-put-user-policy-s3-browser', 'iam-put-role-policy'],
  },
};

describeAlertsAgainstFixtures(PACK.alerts, EXPECTATIONS);

/** Matches on both paths (the harness checks every fixture; this states one case in words). */
function matchesBoth(alert: Alert, name: string): [boolean, boolean] {
  const loaded = fixture(name);
  return [eventBridgeMatches(alert, loaded), matchesMetricFilter(alert.metricFilterPattern!, loaded.record!)];
}

describe('pack data', () => {
  test('every alert names ATT&CK techniques and SigmaHQ rules, and needs no data events or threshold', () => {
    for (const alert of PACK.alerts) {
      expect(alert.techniques.length).toBeGreaterThan(0);
      expect(alert.sourceRules.length).toBeGreaterThan(0);
      for (const rule of alert.sourceRules) {
        expect(rule).toMatch(/^sigma:aws_[a-z0-9_]+$/);
      }
      expect(alert.dataEventResourceTypes).toEqual([]);
      expect(alert.alarmThreshold).toBe(1);
      expect(alert.eventPattern).toBeDefined();
      expect(alert.metricFilterPattern).toBeDefined();
    }
  });

  test('each Sigma rule is answered once', () => {
    const rules = PACK.alerts.flatMap((alert) => alert.sourceRules);
    expect(new Set(rules).size).toBe(rules.length);
    expect(rules.sort()).toEqual([
      'sigma:aws_cloudtrail_imds_malicious_usage', 'sigma:aws_console_getsignintoken', 'sigma:aws_delete_saml_provider',
      'sigma:aws_iam_backdoor_users_keys', 'sigma:aws_iam_s3browser_loginprofile_creation',
      'sigma:aws_iam_s3browser_templated_s3_bucket_policy_creation', 'sigma:aws_iam_s3browser_user_or_accesskey_creation',
      'sigma:aws_sso_idp_change', 'sigma:aws_susp_saml_activity', 'sigma:aws_update_login_profile',
    ]);
  });

  test('the alerts that read read-only events: GetSigninToken (its flag unknown), instance credentials, GetLoginProfile', () => {
    expect(PACK.alerts.filter((alert) => alert.readOnlyManagementEvents).map((alert) => alert.id).sort()).toEqual([
      'console-sign-in-token-requested', 'ec2-instance-identity-credentials-used', 's3-browser-login-profile-activity',
    ]);
  });

  test('IAM alerts live in us-east-1; sign-in tokens and instance credentials also arrive elsewhere; Identity Center in its home Region', () => {
    const scopes = Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.regionScope]));
    expect(scopes).toEqual({
      'console-sign-in-token-requested': AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
      'access-key-created-for-named-user': AlertRegionScope.US_EAST_1,
      'login-profile-updated': AlertRegionScope.US_EAST_1,
      'saml-provider-deleted': AlertRegionScope.US_EAST_1,
      'saml-provider-updated': AlertRegionScope.US_EAST_1,
      'identity-center-identity-source-changed': AlertRegionScope.EVERY_REGION,
      'ec2-instance-identity-credentials-used': AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
      's3-browser-login-profile-activity': AlertRegionScope.US_EAST_1,
      's3-browser-user-or-access-key-created': AlertRegionScope.US_EAST_1,
      's3-browser-templated-user-policy': AlertRegionScope.US_EAST_1,
    });
  });

  test('severities: Sigma\'s level, but instance credentials lowered to MEDIUM (AWS agents use them routinely)', () => {
    const severities = Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]));
    expect(severities['ec2-instance-identity-credentials-used']).toBe(AlertSeverity.MEDIUM);
    expect(severities['login-profile-updated']).toBe(AlertSeverity.HIGH);
    expect(severities['identity-center-identity-source-changed']).toBe(AlertSeverity.HIGH);
    expect(severities['console-sign-in-token-requested']).toBe(AlertSeverity.MEDIUM);
  });

  test('the rules that are wrong as written say what is fixed', () => {
    expect(PACK.alerts.filter((alert) => alert.sourceRuleFix !== undefined).map((alert) => alert.id).sort()).toEqual([
      'access-key-created-for-named-user', 'login-profile-updated', 's3-browser-templated-user-policy',
      'saml-provider-deleted', 'saml-provider-updated',
    ]);
  });
});

describe('the fixes', () => {
  test('a SAML provider deletion is a success by errorCode absent (CloudTrail has no status field)', () => {
    expect(fixture('iam-delete-saml-provider').record!.status).toBeUndefined();
    const alert = PACK.alert('saml-provider-deleted');
    expect(matchesBoth(alert, 'iam-delete-saml-provider')).toEqual([true, true]);
    expect(matchesBoth(alert, 'iam-delete-saml-provider-not-found')).toEqual([false, false]);
  });

  test('AssumeRoleWithSAML, every federated sign-in, is left out of the SAML alert', () => {
    expect(matchesBoth(PACK.alert('saml-provider-updated'), 'sts-assume-role-with-saml')).toEqual([false, false]);
  });

  test('a key the caller creates for itself without naming a user is left out; a key for a named user is kept', () => {
    const alert = PACK.alert('access-key-created-for-named-user');
    expect(matchesBoth(alert, 'iam-create-access-key-own')).toEqual([false, false]);
    expect(matchesBoth(alert, 'iam-create-access-key')).toEqual([true, true]);
  });

  test('the Identity Center portal\'s own GetSigninToken is left out by its user agent', () => {
    const alert = PACK.alert('console-sign-in-token-requested');
    expect(fixture('signin-get-signin-token-sso-portal').record!.userAgent).toBe('Jersey/${project.version}');
    expect(matchesBoth(alert, 'signin-get-signin-token-sso-portal')).toEqual([false, false]);
  });

  test('a GetSigninToken record without a user agent is kept, as Sigma\'s "not contains" keeps it', () => {
    const alert = PACK.alert('console-sign-in-token-requested');
    const record = { ...fixture('signin-get-signin-token').record! };
    delete record.userAgent;
    expect(matchesMetricFilter(alert.metricFilterPattern!, record)).toBe(true);
    expect(eventBridgeMatches(alert, { name: 'no-user-agent', source: 'https://example.com', description: 'test', record })).toBe(true);
  });

  test('the S3 Browser policy alert keys on the placeholder resource in the policy document string', () => {
    const alert = PACK.alert('s3-browser-templated-user-policy');
    expect(typeof fixture('iam-put-user-policy-s3-browser-template').record!.requestParameters.policyDocument).toBe('string');
    expect(matchesBoth(alert, 'iam-put-user-policy-s3-browser-template')).toEqual([true, true]);
    expect(matchesBoth(alert, 'iam-put-user-policy-s3-browser')).toEqual([false, false]);
  });

  test('patterns fit the quotas', () => {
    for (const alert of PACK.alerts) {
      expect(JSON.stringify(alert.eventPattern).length).toBeLessThanOrEqual(2048);
      expect(alert.metricFilterPattern!.length).toBeLessThanOrEqual(1024);
    }
  });
});

describe('rules the baseline already answers (not duplicated here)', () => {
  test('aws_cloudtrail_console_login_success_without_mfa: console-sign-in-without-mfa matches CloudTrail\'s "No", where Sigma\'s "NO" does not', () => {
    const record = fixture('console-login-iam-user-without-mfa').record!;
    expect(record.additionalEventData.MFAUsed).toBe('No');
    expect(matchesBoth(Alert.CONSOLE_SIGN_IN_WITHOUT_MFA, 'console-login-iam-user-without-mfa')).toEqual([true, true]);
    // Sigma's value, case-sensitively, as EventBridge and CloudWatch Logs compare it.
    expect(matchesMetricFilter('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "NO") }', record)).toBe(false);
    expect(matchesBoth(Alert.CONSOLE_SIGN_IN_WITHOUT_MFA, 'console-login-iam-user-with-mfa')).toEqual([false, false]);
  });

  test('aws_root_account_usage: root-account-usage; aws_cloudtrail_console_login_failed_authentication: console-authentication-failures', () => {
    expect(matchesBoth(Alert.ROOT_ACCOUNT_USAGE, 'console-login-root-success')).toEqual([true, true]);
    expect(matchesBoth(Alert.CONSOLE_AUTHENTICATION_FAILURES, 'console-login-iam-user-failure')).toEqual([true, true]);
    const baseline = AlertPack.BASELINE.alerts.map((alert) => alert.id);
    expect(baseline).toEqual(expect.arrayContaining(['root-account-usage', 'console-sign-in-without-mfa', 'console-authentication-failures']));
  });

  test('no alert of this pack answers a rule the baseline answers or one left out', () => {
    const rules = PACK.alerts.flatMap((alert) => alert.sourceRules);
    for (const excluded of [
      'aws_root_account_usage', 'aws_cloudtrail_console_login_success_without_mfa', 'aws_cloudtrail_console_login_failed_authentication',
      'aws_sts_assumerole_misuse', 'aws_sts_getsessiontoken_misuse', 'aws_cloudtrail_console_login_success_from_susp_locations',
      'aws_cloudtrail_pua_trufflehog', 'aws_sts_getcalleridentity_trufflehog',
    ]) {
      expect(rules).not.toContain(`sigma:${excluded}`);
    }
  });
});
