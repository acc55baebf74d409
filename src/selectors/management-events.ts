import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';

/**
 * The advanced event selector that records management events. Once a trail has any advanced
 * selector, CloudTrail records management events only if a selector with
 * `eventCategory = Management` is present, so the component always renders one explicitly.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 */
export function managementEventSelector(readWriteType: cloudtrail.ReadWriteType): cloudtrail.CfnTrail.AdvancedEventSelectorProperty | undefined {
  const category = { field: 'eventCategory', equalTo: ['Management'] };
  switch (readWriteType) {
    case cloudtrail.ReadWriteType.ALL:
      return { name: 'Management events', fieldSelectors: [category] };
    case cloudtrail.ReadWriteType.READ_ONLY:
      return { name: 'Management events (read-only)', fieldSelectors: [category, { field: 'readOnly', equalTo: ['true'] }] };
    case cloudtrail.ReadWriteType.WRITE_ONLY:
      return { name: 'Management events (write-only)', fieldSelectors: [category, { field: 'readOnly', equalTo: ['false'] }] };
    case cloudtrail.ReadWriteType.NONE:
      return undefined;
    default:
      throw new Error(`'managementEvents' must be a cloudtrail.ReadWriteType (ALL, READ_ONLY, WRITE_ONLY or NONE), got '${readWriteType}'.`);
  }
}
