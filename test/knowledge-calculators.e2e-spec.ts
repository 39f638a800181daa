import request from 'supertest';
import { CalculatorsController } from '../src/knowledge/calculators/calculators.controller';
import { detailFields, expectErrorEnvelope } from './helpers/auth-envelope';
import { createTestApp, type TestApp } from './helpers/create-test-app';

const PATH = '/api/knowledge/calculators';

describe(`${CalculatorsController.name} (e2e, API.md §8)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Anonymous, raw JSON: 1e309 must reach the server as written, not as JSON.stringify's null. */
  const post = (name: string, json: string) =>
    request(t.baseUrl).post(`${PATH}/${name}`).set('Content-Type', 'application/json').send(json);
  const compute = (name: string, body: Record<string, unknown>) => post(name, JSON.stringify(body));

  async function expectBadInput(name: string, json: string, fields: string[]): Promise<void> {
    const res = await post(name, json);
    expect(res.status).toBe(400);
    expectErrorEnvelope(res.body, 400, 'validation_failed', `${PATH}/${name}`);
    expect(detailFields(res.body).sort()).toEqual([...fields].sort());
  }

  describe('GET /api/knowledge/calculators', () => {
    it('should list every calculator with its inputs, units and bounds, without a token', async () => {
      const res = await request(t.baseUrl).get(PATH).expect(200);
      const list = res.body as {
        name: string;
        exactlyTwoOf?: string[];
        inputs: { name: string; unit: string; exclusiveMinimum: number; maximum: number }[];
        outputs: { name: string; unit: string }[];
      }[];
      expect(list.map((c) => c.name)).toEqual([
        'ohms-law',
        'voltage-divider',
        'led-resistor',
        'power',
        'rc-time-constant',
        'battery-life',
        'wire-gauge',
      ]);
      const led = list.find((c) => c.name === 'led-resistor');
      expect(led?.inputs[0]).toMatchObject({
        name: 'supplyVoltage',
        unit: 'V',
        required: true,
        exclusiveMinimum: 0,
      });
      expect(list.find((c) => c.name === 'ohms-law')?.exactlyTwoOf).toEqual([
        'voltage',
        'current',
        'resistance',
      ]);
      expect(list.find((c) => c.name === 'battery-life')?.inputs[2]).toMatchObject({
        name: 'efficiency',
        required: false,
        default: 0.8,
      });
      for (const c of list) for (const o of c.outputs) expect(o.unit).toEqual(expect.any(String));
    });
  });

  describe('POST /api/knowledge/calculators/:name', () => {
    it('should solve ohms-law from any two', async () => {
      const res = await compute('ohms-law', { voltage: 12, current: 2 }).expect(200);
      expect(res.body).toEqual({
        calculator: 'ohms-law',
        result: { voltage: 12, current: 2, resistance: 6, power: 24 },
        units: { voltage: 'V', current: 'A', resistance: 'ohm', power: 'W' },
      });
    });

    it('should give 3.84 V from a 10k / 4.7k divider on 12 V', async () => {
      const res = await compute('voltage-divider', { vin: 12, r1: 10_000, r2: 4_700 }).expect(200);
      const body = res.body as { result: { vout: number }; units: Record<string, string> };
      expect(body.result.vout).toBeCloseTo(3.84, 2);
      expect(body.units).toEqual({ vout: 'V', current: 'A', power: 'W' });
    });

    it('should give 150 ohm (E12 and E24) for a 2 V LED at 20 mA on 5 V', async () => {
      const res = await compute('led-resistor', {
        supplyVoltage: 5,
        ledVoltage: 2,
        ledCurrent: 0.02,
      }).expect(200);
      expect(res.body).toMatchObject({
        result: { resistance: 150, e12: 150, e24: 150, powerRating: 0.125 },
        units: { resistance: 'ohm', e12: 'ohm', e24: 'ohm', power: 'W', powerRating: 'W' },
      });
    });

    it('should compute power from current and resistance', async () => {
      const res = await compute('power', { current: 0.5, resistance: 24 }).expect(200);
      expect(res.body).toMatchObject({ result: { power: 6, voltage: 12 }, units: { power: 'W' } });
    });

    it('should give τ = 1 s for 10k × 100 µF', async () => {
      const res = await compute('rc-time-constant', { resistance: 10_000, capacitance: 1e-4 });
      expect(res.status).toBe(200);
      const body = res.body as { result: Record<string, number>; units: Record<string, string> };
      expect(body.result.tau).toBeCloseTo(1, 9);
      expect(body.result.timeTo99Percent).toBeCloseTo(5, 9);
      expect(body.units.tau).toBe('s');
    });

    it('should apply the default efficiency to battery-life and say which it used', async () => {
      const res = await compute('battery-life', { capacityMah: 2000, loadMa: 100 }).expect(200);
      expect(res.body).toMatchObject({
        result: { hours: 16, efficiency: 0.8 },
        units: { hours: 'h', efficiency: '1' },
      });
    });

    it('should pick 17 AWG for 2 A over 5 m at 12 V within 3 %', async () => {
      const res = await compute('wire-gauge', {
        current: 2,
        lengthM: 5,
        voltage: 12,
        maxDropPercent: 3,
      }).expect(200);
      expect(res.body).toMatchObject({
        result: { awg: 17, awgLabel: '17' },
        units: { awg: 'AWG', resistance: 'ohm', voltageDrop: 'V', dropPercent: '%' },
      });
    });

    it('should answer 422 naming maxDropPercent when even 4/0 is not enough', async () => {
      const res = await compute('wire-gauge', {
        current: 500,
        lengthM: 1000,
        voltage: 12,
        maxDropPercent: 1,
      });
      expect(res.status).toBe(422);
      expect(detailFields(res.body)).toEqual(['maxDropPercent']);
    });

    it('should answer 404 for an unknown calculator', async () => {
      const res = await compute('flux-capacitor', { voltage: 1 });
      expect(res.status).toBe(404);
      expectErrorEnvelope(res.body, 404, 'not_found');
    });
  });

  describe('bad inputs -> 400 naming the input', () => {
    const led = (fields: string) => `{"supplyVoltage":5,"ledVoltage":2,${fields}}`;

    it('should name a missing input', () =>
      expectBadInput('led-resistor', '{"supplyVoltage":5,"ledVoltage":2}', ['ledCurrent']));

    it('should name a non-number input', () =>
      expectBadInput('led-resistor', led('"ledCurrent":"0.02"'), ['ledCurrent']));

    it('should name a zero input', () =>
      expectBadInput('led-resistor', led('"ledCurrent":0'), ['ledCurrent']));

    it('should name a negative input', () =>
      expectBadInput('rc-time-constant', '{"resistance":-10,"capacitance":1e-6}', ['resistance']));

    it('should name an input of 1e309 (Infinity once parsed)', () =>
      expectBadInput('voltage-divider', '{"vin":1e309,"r1":1,"r2":1}', ['vin']));

    it('should name an input of "NaN"', () =>
      expectBadInput('battery-life', '{"capacityMah":"NaN","loadMa":10}', ['capacityMah']));

    it('should name an input above its maximum', () =>
      expectBadInput('battery-life', '{"capacityMah":100,"loadMa":10,"efficiency":1.5}', [
        'efficiency',
      ]));

    it('should name all three when three of three are given', () =>
      expectBadInput('ohms-law', '{"voltage":5,"current":1,"resistance":5}', [
        'voltage',
        'current',
        'resistance',
      ]));

    it('should name the two missing when one of three is given', () =>
      expectBadInput('power', '{"voltage":5}', ['current', 'resistance']));

    it('should name an unknown field', () =>
      expectBadInput('ohms-law', '{"voltage":5,"current":1,"watts":5}', ['watts']));

    it('should name ledVoltage when it is not below the supply', () =>
      expectBadInput('led-resistor', '{"supplyVoltage":3,"ledVoltage":3.2,"ledCurrent":0.02}', [
        'ledVoltage',
      ]));

    it('should refuse a body that is not an object', async () => {
      const res = await post('power', '[5, 1]');
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed');
    });
  });
});
