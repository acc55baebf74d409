import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { insightProblems, InsightEventCategory, InsightsDelivery, insightSelectors, InsightType, renderInsightSelectors } from '../../src/insights/insights';

const ALL_MANAGEMENT = { managementEvents: cloudtrail.ReadWriteType.ALL, recordsDataEvents: false };
const WITH_DATA = { managementEvents: cloudtrail.ReadWriteType.ALL, recordsDataEvents: true };

describe('InsightType and InsightEventCategory', () => {
  test('spell the CloudFormation values', () => {
    expect(InsightType.API_CALL_RATE.value).toBe('ApiCallRateInsight');
    expect(InsightType.API_ERROR_RATE.value).toBe('ApiErrorRateInsight');
    expect(InsightEventCategory.MANAGEMENT).toBe('Management');
    expect(InsightEventCategory.DATA).toBe('Data');
  });
});

describe('InsightType.of', () => {
  test.each(['ApiCallRateInsight', 'FutureInsight'])('accepts %p and renders it as given', (value) => {
    expect(InsightType.of(value).value).toBe(value);
    expect(renderInsightSelectors([InsightType.of(value)], undefined)).toEqual([{ insightType: value, eventCategories: undefined }]);
  });

  test('a type given twice, once by of(), is a duplicate', () => {
    expect(insightProblems([InsightType.API_CALL_RATE, InsightType.of('ApiCallRateInsight')], undefined, ALL_MANAGEMENT))
      .toEqual(["'insightTypes' lists ApiCallRateInsight more than once. List each type once."]);
  });

  test.each(['', 'apiCallRateInsight', 'ApiCallRate', 'Api Call Rate Insight'])('refuses %p, naming the method and the value', (value) => {
    expect(() => InsightType.of(value)).toThrow(new RegExp(`^InsightType.of\\(\\) takes the name CloudTrail gives the type .*got '${value}'`));
  });
});

describe('insightSelectors renders', () => {
  test('nothing without types', () => {
    expect(insightSelectors([], undefined, ALL_MANAGEMENT)).toBeUndefined();
  });

  test.each([
    [InsightType.API_CALL_RATE],
    [InsightType.API_ERROR_RATE],
  ])('%p alone, without EventCategories', (type) => {
    expect(insightSelectors([type], undefined, ALL_MANAGEMENT)).toEqual([{ insightType: type.value, eventCategories: undefined }]);
  });

  test('both types in the given order', () => {
    expect(insightSelectors([InsightType.API_ERROR_RATE, InsightType.API_CALL_RATE], undefined, ALL_MANAGEMENT)).toEqual([
      { insightType: 'ApiErrorRateInsight', eventCategories: undefined },
      { insightType: 'ApiCallRateInsight', eventCategories: undefined },
    ]);
  });

  test.each([
    [[InsightEventCategory.DATA], ['Data']],
    [[InsightEventCategory.MANAGEMENT], ['Management']],
    [[InsightEventCategory.MANAGEMENT, InsightEventCategory.DATA], ['Management', 'Data']],
  ])('categories %p on every type as EventCategories %p', (categories, rendered) => {
    expect(insightSelectors([InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE], categories, WITH_DATA)).toEqual([
      { insightType: 'ApiCallRateInsight', eventCategories: rendered },
      { insightType: 'ApiErrorRateInsight', eventCategories: rendered },
    ]);
  });

  test.each([
    [InsightType.API_CALL_RATE, cloudtrail.ReadWriteType.ALL],
    [InsightType.API_CALL_RATE, cloudtrail.ReadWriteType.WRITE_ONLY],
    [InsightType.API_ERROR_RATE, cloudtrail.ReadWriteType.ALL],
    [InsightType.API_ERROR_RATE, cloudtrail.ReadWriteType.READ_ONLY],
    [InsightType.API_ERROR_RATE, cloudtrail.ReadWriteType.WRITE_ONLY],
  ])('%p with management events %p', (type, managementEvents) => {
    expect(insightSelectors([type], undefined, { managementEvents, recordsDataEvents: false }))
      .toEqual([{ insightType: type.value, eventCategories: undefined }]);
  });

  test('data Insights only need data events, not management events', () => {
    expect(insightSelectors([InsightType.API_CALL_RATE], [InsightEventCategory.DATA], {
      managementEvents: cloudtrail.ReadWriteType.NONE,
      recordsDataEvents: true,
    })).toEqual([{ insightType: 'ApiCallRateInsight', eventCategories: ['Data'] }]);
  });
});

describe('insightSelectors rejects', () => {
  test.each<[string, InsightType[], InsightEventCategory[] | undefined, cloudtrail.ReadWriteType, boolean, string]>([
    ['API_CALL_RATE with READ_ONLY management events', [InsightType.API_CALL_RATE], undefined, cloudtrail.ReadWriteType.READ_ONLY, false,
      "'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is ReadOnly. Use ReadWriteType.ALL or WRITE_ONLY."],
    ['API_CALL_RATE with NONE', [InsightType.API_CALL_RATE], undefined, cloudtrail.ReadWriteType.NONE, true,
      "'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is None. Use ReadWriteType.ALL or WRITE_ONLY."],
    ['API_CALL_RATE on MANAGEMENT and DATA with READ_ONLY', [InsightType.API_CALL_RATE], [InsightEventCategory.MANAGEMENT, InsightEventCategory.DATA],
      cloudtrail.ReadWriteType.READ_ONLY, true,
      "'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is ReadOnly."],
    ['API_ERROR_RATE with NONE', [InsightType.API_ERROR_RATE], undefined, cloudtrail.ReadWriteType.NONE, true,
      "'insightTypes' includes API_ERROR_RATE, which analyses management events, but 'managementEvents' is NONE. Record read or write management events."],
    ['DATA without data selectors', [InsightType.API_ERROR_RATE], [InsightEventCategory.DATA], cloudtrail.ReadWriteType.ALL, false,
      "'insightEventCategories' includes DATA, but the trail records no data events. Add a data event selector to 'eventSelectors' or drop DATA."],
    ['a type listed twice', [InsightType.API_CALL_RATE, InsightType.API_CALL_RATE], undefined, cloudtrail.ReadWriteType.ALL, false,
      "'insightTypes' lists ApiCallRateInsight more than once. List each type once."],
    ['empty categories', [InsightType.API_CALL_RATE], [], cloudtrail.ReadWriteType.ALL, true,
      "'insightEventCategories' is empty. Leave it undefined for management events, or name MANAGEMENT and/or DATA."],
    ['categories without types', [], [InsightEventCategory.DATA, InsightEventCategory.MANAGEMENT], cloudtrail.ReadWriteType.ALL, true,
      "'insightEventCategories' (Data, Management) needs 'insightTypes'. Add e.g. [InsightType.API_CALL_RATE] or drop it."],
  ])('%s', (_label, types, categories, managementEvents, recordsDataEvents, message) => {
    expect(() => insightSelectors(types, categories, { managementEvents, recordsDataEvents })).toThrow(message);
  });

  test('all problems at once, one per line', () => {
    expect(() => insightSelectors(
      [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE, InsightType.API_CALL_RATE],
      [InsightEventCategory.MANAGEMENT, InsightEventCategory.DATA],
      { managementEvents: cloudtrail.ReadWriteType.NONE, recordsDataEvents: false },
    )).toThrow(new RegExp([
      "^'insightTypes' lists ApiCallRateInsight more than once",
      "'insightTypes' includes API_CALL_RATE",
      "'insightTypes' includes API_ERROR_RATE",
      "'insightEventCategories' includes DATA",
    ].join('[^\\n]*\\n')));
  });
});

describe('InsightsDelivery', () => {
  test('the EventBridge detail-type', () => {
    expect(InsightsDelivery.EVENTBRIDGE_DETAIL_TYPE).toBe('AWS Insight via CloudTrail');
  });

  test('s3KeyPrefix without a trail prefix', () => {
    expect(InsightsDelivery.s3KeyPrefix('o-a1b2c3d4e5', '222222222222', 'eu-west-1'))
      .toBe('AWSLogs/o-a1b2c3d4e5/222222222222/CloudTrail-Insight/eu-west-1/');
  });

  test('s3KeyPrefix with a trail prefix', () => {
    expect(InsightsDelivery.s3KeyPrefix('o-a1b2c3d4e5', '222222222222', 'eu-west-1', 'audit/org'))
      .toBe('audit/org/AWSLogs/o-a1b2c3d4e5/222222222222/CloudTrail-Insight/eu-west-1/');
  });

  test('s3KeyPrefix treats an empty prefix as none', () => {
    expect(InsightsDelivery.s3KeyPrefix('o-a1b2c3d4e5', '222222222222', 'us-east-1', ''))
      .toBe('AWSLogs/o-a1b2c3d4e5/222222222222/CloudTrail-Insight/us-east-1/');
  });
});

test('a category listed twice is an error naming insightEventCategories', () => {
  expect(() => insightSelectors([InsightType.API_CALL_RATE], [InsightEventCategory.DATA, InsightEventCategory.DATA], WITH_DATA))
    .toThrow(/'insightEventCategories' lists Data more than once/);
});

describe('insightProblems (checked eagerly by the trail) and renderInsightSelectors', () => {
  test('every problem is returned, none thrown', () => {
    expect(insightProblems([InsightType.API_CALL_RATE, InsightType.API_CALL_RATE], [InsightEventCategory.DATA], {
      managementEvents: cloudtrail.ReadWriteType.ALL,
      recordsDataEvents: false,
    })).toEqual([
      "'insightTypes' lists ApiCallRateInsight more than once. List each type once.",
      "'insightEventCategories' includes DATA, but the trail records no data events. Add a data event selector to 'eventSelectors' or drop DATA.",
    ]);
  });

  test('no problems for the valid boundary: API_CALL_RATE with WRITE_ONLY, API_ERROR_RATE with READ_ONLY', () => {
    const trail = (managementEvents: cloudtrail.ReadWriteType) => ({ managementEvents, recordsDataEvents: false });
    expect(insightProblems([InsightType.API_CALL_RATE], undefined, trail(cloudtrail.ReadWriteType.WRITE_ONLY))).toEqual([]);
    expect(insightProblems([InsightType.API_ERROR_RATE], undefined, trail(cloudtrail.ReadWriteType.READ_ONLY))).toEqual([]);
  });

  test('renderInsightSelectors renders without checking, one selector per type', () => {
    expect(renderInsightSelectors([], undefined)).toBeUndefined();
    expect(renderInsightSelectors([InsightType.API_ERROR_RATE, InsightType.API_ERROR_RATE], [InsightEventCategory.DATA]))
      .toEqual([{ insightType: 'ApiErrorRateInsight', eventCategories: ['Data'] }]);
  });
});
