/**
 * SigmaHQ's AWS CloudTrail rules as `../shared/reference/sigma-coverage.md` lists them (SigmaHQ/sigma
 * @ 8eaafff: `rules/cloud/aws/cloudtrail/` 57, `rules-placeholder/` 1, `unsupported/` 8), and the
 * ones the catalog leaves out, each with the reason README prints.
 */
export const SIGMA_RULES: string[] = [
  'aws_cloudtrail_disable_logging', 'aws_config_disable_recording', 'aws_cloudtrail_guardduty_detector_deleted_or_updated',
  'aws_guardduty_disruption', 'aws_securityhub_finding_evasion', 'aws_cloudtrail_vpc_flow_logs_deleted', 'aws_s3_data_management_tampering',
  'aws_disable_bucket_versioning', 'aws_ec2_disable_encryption', 'aws_kms_import_key_material', 'aws_cloudtrail_bedrock_guardrail_deleted',
  'aws_cloudtrail_bedrock_guardrail_updated', 'aws_delete_identity', 'aws_root_account_usage', 'aws_cloudtrail_console_login_success_without_mfa',
  'aws_cloudtrail_console_login_failed_authentication', 'aws_console_getsignintoken', 'aws_iam_backdoor_users_keys', 'aws_update_login_profile',
  'aws_delete_saml_provider', 'aws_susp_saml_activity', 'aws_sso_idp_change', 'aws_sts_assumerole_misuse', 'aws_sts_getsessiontoken_misuse',
  'aws_cloudtrail_imds_malicious_usage', 'aws_iam_s3browser_loginprofile_creation', 'aws_iam_s3browser_user_or_accesskey_creation',
  'aws_iam_s3browser_templated_s3_bucket_policy_creation', 'aws_cloudtrail_pua_trufflehog', 'aws_sts_getcalleridentity_trufflehog',
  'aws_enum_buckets', 'aws_cloudtrail_security_group_change_ingress_egress', 'aws_cloudtrail_security_group_change_loadbalancer',
  'aws_cloudtrail_security_group_change_rds', 'aws_cloudtrail_new_acl_entries', 'aws_cloudtrail_new_route_added',
  'aws_elasticache_security_group_created', 'aws_elasticache_security_group_modified_or_deleted', 'aws_cloudtrail_region_enabled',
  'aws_route_53_domain_transferred_lock_disabled', 'aws_route_53_domain_transferred_to_another_account', 'aws_cloudtrail_bucket_deleted',
  'aws_snapshot_backup_exfiltration', 'aws_ec2_vm_export_failure', 'aws_ec2_import_key_pair_activity', 'aws_ec2_startup_script_change',
  'aws_ecs_task_definition_cred_endpoint_query', 'aws_efs_fileshare_modified_or_deleted', 'aws_efs_fileshare_mount_modified_or_deleted',
  'aws_eks_cluster_created_or_deleted', 'aws_rds_change_master_password', 'aws_rds_dbcluster_actions', 'aws_rds_public_db_restore',
  'aws_lambda_function_url', 'aws_new_lambda_layer_attached', 'aws_passed_role_to_glue_development_endpoint', 'aws_cloudtrail_ssm_malicious_usage',
  // rules-placeholder/
  'aws_cloudtrail_console_login_success_from_susp_locations',
  // unsupported/ (aggregation and correlation)
  'aws_ec2_download_userdata', 'aws_enum_backup', 'aws_enum_listing', 'aws_enum_network', 'aws_enum_storage', 'aws_macic_evasion',
  'aws_lambda_function_created_or_invoked', 'aws_ses_messaging_enabled',
];

/** The rules no alert answers, and why. */
export const EXCLUDED_SIGMA_RULES: Record<string, string> = {
  aws_sts_assumerole_misuse: 'noise: matches nearly every call made with a role (`userIdentity.type` AssumedRole); a hunting query, not an alert',
  aws_sts_getsessiontoken_misuse: 'noise: every CLI user who gets MFA session credentials calls GetSessionToken, on the global and every Regional STS endpoint',
  aws_cloudtrail_security_group_change_rds: 'dead API: DB security groups controlled only EC2-Classic databases, retired on 15 August 2022; databases in a VPC use VPC security groups, which `security-group-changes` and `security-group-rule-changes` watch',
  aws_elasticache_security_group_created: 'dead API: cache security groups served only clusters outside a VPC (EC2-Classic); VPC security groups are watched by `security-group-changes`',
  aws_elasticache_security_group_modified_or_deleted: 'dead API, as above (its two `*CacheSecurityGroupEgress` names appear in no AWS API reference)',
  aws_cloudtrail_console_login_success_from_susp_locations: 'enrichment: needs the caller\'s country or a list of your own networks; GuardDuty\'s `UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B` covers the anomaly',
  aws_macic_evasion: 'group-by: counts Macie calls per source IP, which a metric filter cannot group; use CloudWatch Contributor Insights on the log group',
  aws_lambda_function_created_or_invoked: 'correlation: CreateFunction followed by Invoke (a data event) by the same caller',
  aws_ses_messaging_enabled: 'correlation: UpdateAccountSendingEnabled and VerifyEmailIdentity within five minutes',
};
