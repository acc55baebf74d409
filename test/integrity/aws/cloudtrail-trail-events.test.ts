import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudTrailTrailEvents } from '../../../src/integrity/aws/cloudtrail-trail-events';

const START = new Date('2026-11-24T00:00:00Z');
const END = new Date('2026-11-24T06:00:00Z');

/** The user guide's sample record of a StartLogging call, as `CloudTrailEvent` carries it (a JSON string). */
const START_LOGGING_RECORD = JSON.stringify({
  eventVersion: '1.09',
  eventTime: '2026-11-24T03:33:41Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StartLogging',
  awsRegion: 'us-east-1',
  requestParameters: { name: 'myTrail' },
  responseElements: null,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '123456789012',
});

/** A client whose pages are given; records what it was sent. */
function fakeClient(pages: any[]): { client: CloudTrailClient; sent: any[] } {
  const sent: any[] = [];
  const client = { send: async (command: any) => { sent.push(command); return pages[sent.length - 1]; } } as unknown as CloudTrailClient;
  return { client, sent };
}

describe('CloudTrailTrailEvents', () => {
  test('looks up one event name in the window, follows NextToken, and parses the record', async () => {
    const { client, sent } = fakeClient([
      {
        Events: [{
          EventId: 'e1',
          EventName: 'StartLogging',
          EventTime: new Date('2026-11-24T03:33:41Z'),
          CloudTrailEvent: START_LOGGING_RECORD,
          Resources: [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/myTrail' }],
        }],
        NextToken: 'page-2',
      },
      {
        Events: [
          { EventId: 'e2', EventName: 'StartLogging', EventTime: new Date('2026-11-24T04:00:00Z'), CloudTrailEvent: JSON.stringify({ errorCode: 'AccessDenied', requestParameters: { name: 'myTrail' } }) },
          { EventId: 'e3', EventName: 'StartLogging', EventTime: new Date('2026-11-24T05:00:00Z'), CloudTrailEvent: 'not json' },
        ],
      },
    ]);
    const regions: string[] = [];
    const source = new CloudTrailTrailEvents((region) => { regions.push(region); return client; }, { minIntervalMs: 0 });
    const events = await source.lookupEvents('us-east-1', 'StartLogging', START, END);

    expect(regions).toEqual(['us-east-1']);
    expect(sent.every((command) => command instanceof LookupEventsCommand)).toBe(true);
    expect(sent.map((command) => command.input)).toEqual([
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartLogging' }], StartTime: START, EndTime: END, MaxResults: 50, NextToken: undefined },
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartLogging' }], StartTime: START, EndTime: END, MaxResults: 50, NextToken: 'page-2' },
    ]);
    expect(events).toEqual([
      {
        eventId: 'e1',
        eventName: 'StartLogging',
        eventTime: new Date('2026-11-24T03:33:41Z'),
        requestParameters: { name: 'myTrail' },
        resourceNames: ['arn:aws:cloudtrail:us-east-1:123456789012:trail/myTrail'],
      },
      { eventId: 'e2', eventName: 'StartLogging', eventTime: new Date('2026-11-24T04:00:00Z'), errorCode: 'AccessDenied', requestParameters: { name: 'myTrail' }, resourceNames: [] },
      { eventId: 'e3', eventName: 'StartLogging', eventTime: new Date('2026-11-24T05:00:00Z'), resourceNames: [] },
    ]);
  });

  test('requests asked for concurrently queue per Region and keep the interval; Regions are paced apart (real timers)', async () => {
    const sentAt: Array<[string, number]> = [];
    const source = new CloudTrailTrailEvents((region) => ({
      send: async () => { sentAt.push([region, Date.now()]); return { Events: [] }; },
    }) as unknown as CloudTrailClient, { minIntervalMs: 50 });
    await Promise.all([
      source.lookupEvents('us-east-1', 'StopLogging', START, END),
      source.lookupEvents('us-east-1', 'StartLogging', START, END),
      source.lookupEvents('us-east-1', 'UpdateTrail', START, END),
      source.lookupEvents('eu-west-1', 'StopLogging', START, END),
    ]);
    const east = sentAt.filter(([region]) => region === 'us-east-1').map(([, time]) => time);
    expect(east).toHaveLength(3);
    // setTimeout may fire a millisecond early by Date.now()'s rounding.
    for (let i = 1; i < east.length; i++) expect(east[i] - east[i - 1]).toBeGreaterThanOrEqual(49);
    // eu-west-1 does not wait behind us-east-1's queue.
    const west = sentAt.filter(([region]) => region === 'eu-west-1').map(([, time]) => time);
    expect(west[0]).toBeLessThan(east[1]);
  });

  test.each([
    [undefined, [0, 550, 1100]],
    [1000, [0, 1000, 2000]],
  ])('minIntervalMs %s: sequential requests to one Region are sent at %j ms (below two a second by default)', async (minIntervalMs, expected) => {
    let now = 0;
    const sentAt: number[] = [];
    const client = { send: async () => { sentAt.push(now); return { Events: [] }; } } as unknown as CloudTrailClient;
    const source = new CloudTrailTrailEvents(() => client,
      { ...(minIntervalMs ? { minIntervalMs } : {}), clock: () => now, sleep: async (ms) => { now += ms; } });
    for (const name of ['StopLogging', 'StartLogging', 'UpdateTrail']) await source.lookupEvents('us-east-1', name, START, END);
    expect(sentAt).toEqual(expected);
  });
});
