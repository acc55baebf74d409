import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';

/** The name of the management event selector the component renders. */
export const MANAGEMENT_SELECTOR_NAME = 'Management events';

/**
 * The advanced event selector that records management events. Once a trail has any advanced
 * selector, CloudTrail records management events only if a selector with
 * `eventCategory = Management` is present, so the component always renders one explicitly.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 */
export function managementEventSelector(
  readWriteType: cloudtrail.ReadWriteType,
  excludedSources: cloudtrail.ManagementEventSources[] = [],
): cloudtrail.CfnTrail.AdvancedEventSelectorProperty | undefined {
  const fieldSelectors: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[] = [{ field: 'eventCategory', equalTo: ['Management'] }];
  let name = MANAGEMENT_SELECTOR_NAME;
  switch (readWriteType) {
    case cloudtrail.ReadWriteType.ALL:
      break;
    case cloudtrail.ReadWriteType.READ_ONLY:
      fieldSelectors.push({ field: 'readOnly', equalTo: ['true'] });
      name = `${MANAGEMENT_SELECTOR_NAME} (read-only)`;
      break;
    case cloudtrail.ReadWriteType.WRITE_ONLY:
      fieldSelectors.push({ field: 'readOnly', equalTo: ['false'] });
      name = `${MANAGEMENT_SELECTOR_NAME} (write-only)`;
      break;
    case cloudtrail.ReadWriteType.NONE:
      return undefined;
    default:
      throw new Error(`'managementEvents' must be a cloudtrail.ReadWriteType (ALL, READ_ONLY, WRITE_ONLY or NONE), got '${readWriteType}'.`);
  }
  const sources = [...new Set(excludedSources)];
  for (const source of sources) {
    if (!Object.values(cloudtrail.ManagementEventSources).includes(source)) {
      throw new Error(`'excludeManagementEventSources' may only name cloudtrail.ManagementEventSources.KMS or RDS_DATA_API (CloudTrail accepts no others), got '${source}'.`);
    }
  }
  if (sources.length > 0) {
    fieldSelectors.push({ field: 'eventSource', notEquals: sources });
  }
  return { name, fieldSelectors };
}
