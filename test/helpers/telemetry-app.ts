import { createUserAndLogin, loginAdmin, type Session } from './auth';
import { detailFields, expectErrorEnvelope } from './auth-envelope';
import { createTestApp, type TestApp } from './create-test-app';
import { countStored, hoursAgo, newRobotId, series, storeSamples } from './telemetry-samples';

export interface TelemetryApp {
  t: TestApp;
  /** The least role the telemetry read routes serve. */
  viewer: Session;
}

/** One app per spec file, as the default config builds it, with a viewer signed in. */
export async function startTelemetryApp(): Promise<TelemetryApp> {
  const t = await createTestApp();
  try {
    const admin = await loginAdmin(t.baseUrl);
    const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    return { t, viewer };
  } catch (error) {
    await t.close();
    throw error;
  }
}

const WITNESS_SAMPLES = 20;

/**
 * A robot with samples inside a valid window, so that a suite of refused requests can show that
 * none of them reached storage: every refusal must leave all of the witness's samples in place.
 */
export function refusalWitness() {
  const robotId = newRobotId();
  return {
    from: new Date(hoursAgo(2)).toISOString(),
    to: new Date(hoursAgo(1)).toISOString(),
    /** For the suite's beforeAll. */
    store: (t: TestApp) =>
      storeSamples(
        t,
        series(robotId, hoursAgo(2), WITNESS_SAMPLES, 1000, () => ({ x: 1 })),
      ),
    /** A 400 validation envelope whose details name `field`, and the witness untouched. */
    async expectRefused(t: TestApp, res: { status: number; body: unknown }, field: string) {
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed');
      expect(detailFields(res.body)).toContain(field);
      expect(await countStored(t, robotId)).toBe(WITNESS_SAMPLES);
    },
  };
}
