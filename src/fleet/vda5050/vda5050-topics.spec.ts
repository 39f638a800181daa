import { parseVehicleTopic, subscriptions, type TopicLayout, vehicleTopic } from './vda5050-topics';

const LAYOUT: TopicLayout = { interfaceName: 'uagv', majorVersion: 'v2' };

describe('VDA 5050 topics', () => {
  describe(vehicleTopic.name, () => {
    it('should build <interfaceName>/<majorVersion>/<manufacturer>/<serialNumber>/<subtopic>', () => {
      expect(
        vehicleTopic(LAYOUT, { manufacturer: 'acme', serialNumber: 'agv-1' }, 'instantActions'),
      ).toBe('uagv/v2/acme/agv-1/instantActions');
      expect(
        vehicleTopic(
          { interfaceName: 'plant', majorVersion: 'v3' },
          { manufacturer: 'acme', serialNumber: 'agv-1' },
          'state',
        ),
      ).toBe('plant/v3/acme/agv-1/state');
    });
  });

  describe(parseVehicleTopic.name, () => {
    it.each(['state', 'connection', 'instantActions'] as const)(
      'should read back what vehicleTopic built for %s',
      (subtopic) => {
        const vehicle = { manufacturer: 'ACME Robotics GmbH', serialNumber: 'AGV_01.a:b-2' };
        expect(parseVehicleTopic(LAYOUT, vehicleTopic(LAYOUT, vehicle, subtopic))).toEqual({
          ...vehicle,
          subtopic,
        });
      },
    );

    it('should pass any subtopic through for the caller to judge', () => {
      expect(parseVehicleTopic(LAYOUT, 'uagv/v2/acme/agv-1/order')).toEqual({
        manufacturer: 'acme',
        serialNumber: 'agv-1',
        subtopic: 'order',
      });
    });

    it('should accept a serial number of 128 characters, not 129', () => {
      const serial = 'a'.repeat(128);
      expect(parseVehicleTopic(LAYOUT, `uagv/v2/acme/${serial}/state`)?.serialNumber).toBe(serial);
      expect(parseVehicleTopic(LAYOUT, `uagv/v2/acme/${serial}a/state`)).toBeNull();
    });

    it.each([
      ['another interface', 'other/v2/acme/agv-1/state'],
      ['another major version', 'uagv/v1/acme/agv-1/state'],
      ['4 levels', 'uagv/v2/acme/state'],
      ['6 levels', 'uagv/v2/acme/agv-1/state/extra'],
      ['a leading slash', '/uagv/v2/acme/agv-1/state'],
      ['an empty manufacturer', 'uagv/v2//agv-1/state'],
      ['an empty serial number', 'uagv/v2/acme//state'],
      ['a space in the serial number', 'uagv/v2/acme/agv 1/state'],
      ['a + in the serial number', 'uagv/v2/acme/agv+1/state'],
      ['a # in the serial number', 'uagv/v2/acme/agv#1/state'],
      ['a + in the manufacturer', 'uagv/v2/ac+me/agv-1/state'],
      ['a # in the manufacturer', 'uagv/v2/ac#me/agv-1/state'],
      ['a control character in the manufacturer', 'uagv/v2/ac\u0000me/agv-1/state'],
      ['a manufacturer of 129 characters', `uagv/v2/${'m'.repeat(129)}/agv-1/state`],
    ])('should reject a topic with %s', (_what, topic) => {
      expect(parseVehicleTopic(LAYOUT, topic)).toBeNull();
    });
  });

  describe(subscriptions.name, () => {
    it('should subscribe to every vehicle state at QoS 0 and connection at QoS 1', () => {
      expect(subscriptions(LAYOUT)).toEqual({
        'uagv/v2/+/+/state': { qos: 0 },
        'uagv/v2/+/+/connection': { qos: 1 },
      });
    });

    it('should follow the layout', () => {
      expect(Object.keys(subscriptions({ interfaceName: 'plant', majorVersion: 'v3' }))).toEqual([
        'plant/v3/+/+/state',
        'plant/v3/+/+/connection',
      ]);
    });
  });
});
