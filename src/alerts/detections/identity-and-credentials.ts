import { Alert, AlertRegionScope, AlertSeverity } from '../catalog';
import { anyEventName, API_CALL, apiCalls, CONSOLE_SIGN_IN } from '../event-patterns';

/*
 * Where the events of this pack are delivered (CloudTrail concepts, "global service events",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events,
 * and shared/reference/aws-facts.md §6.4): IAM calls, and STS calls to the global endpoint, are
 * recorded in us-east-1; sign-in events land in us-east-1 or in the Region the sign-in endpoint
 * serves; IAM Identity Center calls land in the instance's home Region.
 */

/**
 * The user agent the IAM Identity Center portal sends when it fetches a console sign-in token
 * (the value SigmaHQ's rule and Panther's port of it exclude; AWS does not document it).
 */
const IDENTITY_CENTER_PORTAL_USER_AGENT = 'Jersey/${project.version}';

/**
 * IAM Identity Center calls that connect, disconnect or switch the identity source: the four the
 * Sigma rule names, and the create/update/delete of the external IdP configuration, which the same
 * CloudTrail page lists among the identity-store operations (a replaced IdP metadata document is as
 * much a change of identity provider as a new one).
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html
 */
const IDENTITY_SOURCE_EVENT_NAMES = [
  'AssociateDirectory', 'DisassociateDirectory', 'EnableExternalIdPConfigurationForDirectory',
  'DisableExternalIdPConfigurationForDirectory', 'CreateExternalIdPConfigurationForDirectory',
  'UpdateExternalIdPConfigurationForDirectory', 'DeleteExternalIdPConfigurationForDirectory',
];

/**
 * The part of S3 Browser's user agent the Sigma rules match (`userAgent|contains: 'S3 Browser'`).
 * Permiso reports GUI-vil's calls with the agent 'S3 Browser 9.5.5 https://s3browser.com'
 * (https://permiso.io/blog/s/unmasking-guivil-new-cloud-threat-actor; exact text UNVERIFIED).
 * EventBridge and CloudWatch Logs compare case-sensitively, Sigma does not: other casings are missed.
 */
const S3_BROWSER = 'S3 Browser';
/** The placeholder resource of S3 Browser's inline-policy template, as the Sigma rule quotes it (without the quotes and the trailing '*'). */
const S3_BROWSER_PLACEHOLDER_RESOURCE = 'arn:aws:s3:::<YOUR-BUCKET-NAME>/';

/**
 * Identity and credentials: federation and identity-provider changes, sign-in tokens, instance credentials used from outside AWS, credential-harvesting tools (S3 Browser).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 *
 * SigmaHQ rules this pack leaves out, and why (README lists them):
 * - aws_root_account_usage, aws_cloudtrail_console_login_success_without_mfa and
 *   aws_cloudtrail_console_login_failed_authentication: the baseline's root-account-usage,
 *   console-sign-in-without-mfa (which compares MFAUsed with CloudTrail's "Yes", where Sigma's
 *   "NO" never matches CloudTrail's "No") and console-authentication-failures already answer them.
 * - aws_sts_assumerole_misuse: matches nearly every call made by a role session; hunting only.
 * - aws_sts_getsessiontoken_misuse: every CLI user who obtains MFA session credentials calls
 *   GetSessionToken, on the global and every Regional STS endpoint; noise.
 * - the AssumeRoleWithSAML half of aws_susp_saml_activity: it is every SAML federated sign-in.
 * - aws_cloudtrail_console_login_success_from_susp_locations (placeholder): needs country
 *   enrichment; an IP allow-list would need a parameter.
 */
export const IDENTITY_AND_CREDENTIALS_ALERTS: Alert[] = [
  /*
   * GetSigninToken is the federation endpoint's exchange of temporary credentials for a console
   * sign-in token (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html).
   * AWS publishes no CloudTrail record of it: its detail-type is UNVERIFIED (public rule tests give
   * eventType AwsApiCall, while other signin.amazonaws.com events are AwsConsoleSignIn), so the
   * pattern lists the API-call and both sign-in detail-types; whether CloudTrail marks it read-only
   * is UNVERIFIED too, so the rule takes read-only events. Federation endpoints exist per Region
   * as well as globally: rules in us-east-1 and every Region.
   */
  Alert._define({
    id: 'console-sign-in-token-requested',
    title: 'Console sign-in token requested for temporary credentials (not by the IAM Identity Center portal)',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1021.007', 'T1550.001'],
    sourceRules: ['sigma:aws_console_getsignintoken'],
    eventPattern: {
      'detail-type': [API_CALL, ...CONSOLE_SIGN_IN],
      'detail': {
        eventSource: ['signin.amazonaws.com'],
        eventName: ['GetSigninToken'],
        // Sigma's "not contains" also keeps records without a user agent.
        $or: [
          { userAgent: [{ 'anything-but': { wildcard: `*${IDENTITY_CENTER_PORTAL_USER_AGENT}*` } }] },
          { userAgent: [{ exists: false }] },
        ],
      },
    },
    metricFilterPattern: `{ ($.eventSource = "signin.amazonaws.com") && ($.eventName = "GetSigninToken") && (($.userAgent != "*${IDENTITY_CENTER_PORTAL_USER_AGENT}*") || ($.userAgent NOT EXISTS)) }`,
    eventNames: ['GetSigninToken'],
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    readOnlyManagementEvents: true,
  }),

  /*
   * CreateAccessKey creates the key for the user named in UserName, or, when the request names
   * none, for the caller (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html).
   * An event pattern cannot compare the caller with the named user, so this alert keeps the calls
   * that name a user: the caller may be that user, but a key for someone else always looks so.
   */
  Alert._define({
    id: 'access-key-created-for-named-user',
    title: 'IAM access key created for a named user (possibly another user\'s)',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1098'],
    sourceRules: ['sigma:aws_iam_backdoor_users_keys'],
    sourceRuleFix: 'The rule excludes userIdentity.arn containing the literal text \'responseElements.accessKey.userName\' (not that field\'s value), so it fires on every CreateAccessKey; no pattern can compare the caller with the key\'s user, so this alert fires when the request names a user (requestParameters.userName present) and leaves out keys a caller creates for itself without naming one.',
    eventPattern: apiCalls('iam.amazonaws.com', ['CreateAccessKey'], { requestParameters: { userName: [{ exists: true }] } }),
    metricFilterPattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "CreateAccessKey") && ($.requestParameters.userName = "*") }',
    eventNames: ['CreateAccessKey'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  /*
   * Users change their own password with ChangePassword
   * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html); UpdateLoginProfile
   * sets the password of the user it names
   * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html), which is how
   * an administrator, or an attacker with iam:UpdateLoginProfile, takes over a console user.
   */
  Alert._define({
    id: 'login-profile-updated',
    title: 'IAM user\'s console password changed by UpdateLoginProfile',
    severity: AlertSeverity.HIGH,
    techniques: ['T1098'],
    sourceRules: ['sigma:aws_update_login_profile'],
    sourceRuleFix: 'The rule excludes calls where userIdentity.arn equals requestParameters.userName (a field reference), which no pattern can express and which never holds (an ARN is never a bare user name), so it fires on every UpdateLoginProfile; so does this alert, knowing that users change their own password with ChangePassword, not UpdateLoginProfile.',
    eventPattern: apiCalls('iam.amazonaws.com', ['UpdateLoginProfile']),
    metricFilterPattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "UpdateLoginProfile") }',
    eventNames: ['UpdateLoginProfile'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  Alert._define({
    id: 'saml-provider-deleted',
    title: 'IAM SAML identity provider deleted',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1078.004', 'T1531'],
    sourceRules: ['sigma:aws_delete_saml_provider'],
    sourceRuleFix: 'The rule requires status = success, a field CloudTrail records do not have, so it never matches; success is errorCode absent.',
    eventPattern: apiCalls('iam.amazonaws.com', ['DeleteSAMLProvider'], { errorCode: [{ exists: false }] }),
    metricFilterPattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "DeleteSAMLProvider") && ($.errorCode NOT EXISTS) }',
    eventNames: ['DeleteSAMLProvider'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  Alert._define({
    id: 'saml-provider-updated',
    title: 'IAM SAML identity provider\'s metadata replaced',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1078', 'T1548', 'T1550', 'T1550.001'],
    sourceRules: ['sigma:aws_susp_saml_activity'],
    sourceRuleFix: 'The rule\'s other half, sts:AssumeRoleWithSAML, is every SAML federated sign-in and is left out; only iam:UpdateSAMLProvider (the provider\'s trust replaced) is alerted on.',
    eventPattern: apiCalls('iam.amazonaws.com', ['UpdateSAMLProvider']),
    metricFilterPattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "UpdateSAMLProvider") }',
    eventNames: ['UpdateSAMLProvider'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  /* IAM Identity Center records its calls in its home Region, which may be any Region. */
  Alert._define({
    id: 'identity-center-identity-source-changed',
    title: 'IAM Identity Center identity source or external identity provider changed',
    severity: AlertSeverity.HIGH,
    techniques: ['T1556'],
    sourceRules: ['sigma:aws_sso_idp_change'],
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': {
        eventSource: ['sso-directory.amazonaws.com', 'sso.amazonaws.com'],
        eventName: [...IDENTITY_SOURCE_EVENT_NAMES],
      },
    },
    metricFilterPattern: `{ (($.eventSource = "sso-directory.amazonaws.com") || ($.eventSource = "sso.amazonaws.com")) && (${anyEventName(IDENTITY_SOURCE_EVENT_NAMES)}) }`,
    eventNames: IDENTITY_SOURCE_EVENT_NAMES,
  }),

  /*
   * An instance identity role session is 'arn:<partition>:...:assumed-role/aws:ec2-instance/<instance-id>'
   * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html#ec2-instance-identity-roles).
   * The same page names the services that accept these credentials: Systems Manager (left out, as
   * Sigma does), STS GetCallerIdentity, EC2 Instance Connect, GuardDuty Runtime Monitoring and
   * Lambda managed instances, whose agents call from the instance: where those run, this alert
   * fires on their ordinary calls, hence MEDIUM where Sigma says high. GuardDuty's
   * InstanceCredentialExfiltration findings compare the caller's network with the instance's,
   * which no pattern can. Sigma's regex '.+:assumed-role/aws:.+' is the CloudWatch Logs wildcard
   * '*:assumed-role/aws:*' (every ARN has text on both sides); no regex value is needed.
   * GetCallerIdentity is read-only, and global-endpoint STS calls arrive in us-east-1.
   * Sigma tags T1078.002 (Domain Accounts); these are cloud credentials: T1078.004.
   */
  Alert._define({
    id: 'ec2-instance-identity-credentials-used',
    title: 'EC2 instance identity role credentials used outside Systems Manager',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1078', 'T1078.004'],
    sourceRules: ['sigma:aws_cloudtrail_imds_malicious_usage'],
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': {
        userIdentity: { arn: [{ wildcard: '*:assumed-role/aws:*' }] },
        eventSource: [{ 'anything-but': 'ssm.amazonaws.com' }],
        eventName: [{ 'anything-but': 'RegisterManagedInstance' }],
        sourceIPAddress: [{ 'anything-but': 'AWS Internal' }],
      },
    },
    metricFilterPattern: '{ ($.userIdentity.arn = "*:assumed-role/aws:*") && ($.eventSource != "ssm.amazonaws.com") && ($.eventName != "RegisterManagedInstance") && ($.sourceIPAddress != "AWS Internal") }',
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    readOnlyManagementEvents: true,
  }),

  /* GetLoginProfile is read-only (an IAM Get call). */
  Alert._define({
    id: 's3-browser-login-profile-activity',
    title: 'S3 Browser read or created an IAM user\'s console password',
    severity: AlertSeverity.HIGH,
    techniques: ['T1059.009', 'T1078.004'],
    sourceRules: ['sigma:aws_iam_s3browser_loginprofile_creation'],
    eventPattern: apiCalls('iam.amazonaws.com', ['GetLoginProfile', 'CreateLoginProfile'], { userAgent: [{ wildcard: `*${S3_BROWSER}*` }] }),
    metricFilterPattern: `{ ($.eventSource = "iam.amazonaws.com") && (${anyEventName(['GetLoginProfile', 'CreateLoginProfile'])}) && ($.userAgent = "*${S3_BROWSER}*") }`,
    eventNames: ['GetLoginProfile', 'CreateLoginProfile'],
    regionScope: AlertRegionScope.US_EAST_1,
    readOnlyManagementEvents: true,
  }),

  Alert._define({
    id: 's3-browser-user-or-access-key-created',
    title: 'S3 Browser created an IAM user or access key',
    severity: AlertSeverity.HIGH,
    techniques: ['T1059.009', 'T1078.004'],
    sourceRules: ['sigma:aws_iam_s3browser_user_or_accesskey_creation'],
    eventPattern: apiCalls('iam.amazonaws.com', ['CreateUser', 'CreateAccessKey'], { userAgent: [{ wildcard: `*${S3_BROWSER}*` }] }),
    metricFilterPattern: `{ ($.eventSource = "iam.amazonaws.com") && (${anyEventName(['CreateUser', 'CreateAccessKey'])}) && ($.userAgent = "*${S3_BROWSER}*") }`,
    eventNames: ['CreateUser', 'CreateAccessKey'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),

  /*
   * IAM records the inline policy as the string requestParameters.policyDocument. The placeholder
   * resource is what marks S3 Browser's template; matching it alone keeps one wildcard per field
   * (EventBridge cannot AND three order-free substrings of one field) and both paths alike.
   */
  Alert._define({
    id: 's3-browser-templated-user-policy',
    title: 'S3 Browser put its templated inline policy (placeholder bucket) on an IAM user',
    severity: AlertSeverity.HIGH,
    techniques: ['T1059.009', 'T1078.004'],
    sourceRules: ['sigma:aws_iam_s3browser_templated_s3_bucket_policy_creation'],
    sourceRuleFix: 'The rule applies contains to requestParameters, an object; the policy is the string requestParameters.policyDocument, matched on the placeholder resource \'arn:aws:s3:::<YOUR-BUCKET-NAME>/\' alone (the rule\'s "s3:GetObject" and "Allow" terms are left out: EventBridge takes one wildcard per field).',
    eventPattern: apiCalls('iam.amazonaws.com', ['PutUserPolicy'], {
      userAgent: [{ wildcard: `*${S3_BROWSER}*` }],
      requestParameters: { policyDocument: [{ wildcard: `*${S3_BROWSER_PLACEHOLDER_RESOURCE}*` }] },
    }),
    metricFilterPattern: `{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "PutUserPolicy") && ($.userAgent = "*${S3_BROWSER}*") && ($.requestParameters.policyDocument = "*${S3_BROWSER_PLACEHOLDER_RESOURCE}*") }`,
    eventNames: ['PutUserPolicy'],
    regionScope: AlertRegionScope.US_EAST_1,
  }),
];
