import { Alert } from '../../src/alerts/catalog';
import { CloudTrailFixture, envelope, loadFixtures, SIGN_IN_DETAIL_TYPES } from '../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../util/metric-filter-evaluator';

/** Every CloudTrail fixture: each alert must match exactly its positives among them. */
export const FIXTURES = loadFixtures();

/** Whether the alert's EventBridge pattern matches the fixture (a sign-in under both detail-type spellings alike). */
export function eventBridgeMatches(alert: Alert, fixture: CloudTrailFixture): boolean {
  if (fixture.event) {
    return matchesEventPattern(alert.eventPattern!, fixture.event);
  }
  return SIGN_IN_DETAIL_TYPES.map((spelling) => matchesEventPattern(alert.eventPattern!, envelope(fixture.record!, spelling)))
    .reduce((all, one) => {
      expect(one).toBe(all);
      return one;
    });
}

/** What one alert must match: the fixtures it fires on, and the look-alikes it must not fire on. */
export interface AlertExpectation {
  /** Fixture names the alert matches (on each path the alert has). */
  readonly positives: string[];
  /**
   * Near misses: fixtures of the same event source or name that must NOT match (the same call
   * failed, another bucket, the value CloudTrail writes in another case...). Every other fixture
   * must not match either; these are listed to prove the pattern is tight where it matters.
   */
  readonly nearMisses: string[];
}

/**
 * Runs every alert against every fixture, on both paths: the EventBridge pattern and the metric
 * filter each match exactly the expected positives. Alerts without one of the patterns skip that
 * path (count-over-window alerts have no event pattern, S3's own events never reach the log group).
 */
export function describeAlertsAgainstFixtures(alerts: Alert[], expectations: Record<string, AlertExpectation>): void {
  test('the table covers exactly these alerts', () => {
    expect(Object.keys(expectations).sort()).toEqual(alerts.map((alert) => alert.id).sort());
  });

  describe.each(alerts.map((alert) => [alert.id, alert] as const))('%s', (id, alert) => {
    const expected = expectations[id] ?? { positives: [], nearMisses: [] };

    test('has a positive and a near-miss fixture, all of them existing', () => {
      expect(expected.positives.length).toBeGreaterThan(0);
      expect(expected.nearMisses.length).toBeGreaterThan(0);
      const names = FIXTURES.map((fixture) => fixture.name);
      for (const name of [...expected.positives, ...expected.nearMisses]) {
        expect(names).toContain(name);
      }
      expect(expected.nearMisses.filter((name) => expected.positives.includes(name))).toEqual([]);
    });

    if (alert.eventPattern !== undefined) {
      test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))('EventBridge pattern on %s', (name, fixture) => {
        expect(eventBridgeMatches(alert, fixture)).toBe(expected.positives.includes(name));
      });
    }

    if (alert.metricFilterPattern !== undefined) {
      const records = FIXTURES.filter((fixture) => fixture.record !== undefined);
      test.each(records.map((fixture) => [fixture.name, fixture] as const))('metric filter on %s', (name, fixture) => {
        expect(matchesMetricFilter(alert.metricFilterPattern!, fixture.record!)).toBe(expected.positives.includes(name));
      });
    }
  });
}
