import type { RobotResponseDto, RobotSource } from './dto/robot-response.dto';
import type { RobotKind, RobotState } from './robot';

const SOURCE_OF: Record<RobotKind, RobotSource> = {
  rover: 'serial',
  simulated: 'simulator',
  mqtt: 'mqtt',
};

export function toRobotResponse(robot: RobotState): RobotResponseDto {
  const vehicle = robot.vehicle ?? null;
  return {
    id: robot.id,
    name: robot.name,
    kind: robot.kind,
    source: SOURCE_OF[robot.kind],
    online: robot.online,
    battery: robot.battery,
    cpu: robot.cpu,
    ram: robot.ram,
    lastUpdated: robot.lastUpdated?.toISOString() ?? null,
    location: robot.location ? { lat: robot.location.lat, lng: robot.location.lng } : null,
    link: robot.link ? { state: robot.link.state, port: robot.link.port } : null,
    stale: vehicle?.stale ?? false,
    connectionState: vehicle?.connectionState ?? null,
    driving: vehicle?.driving ?? null,
    paused: vehicle ? vehicle.paused : (robot.paused ?? null),
    operatingMode: vehicle?.operatingMode ?? null,
    errors: vehicle ? vehicle.errors.map((e) => ({ ...e })) : [],
    safetyState: vehicle?.safetyState ? { ...vehicle.safetyState } : null,
    position: vehicle?.position ? { ...vehicle.position } : null,
    manufacturer: vehicle?.manufacturer ?? null,
    serialNumber: vehicle?.serialNumber ?? null,
  };
}
