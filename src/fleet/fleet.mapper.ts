import type { RobotResponseDto } from './dto/robot-response.dto';
import type { RobotState } from './robot';

export function toRobotResponse(robot: RobotState): RobotResponseDto {
  return {
    id: robot.id,
    name: robot.name,
    kind: robot.kind,
    online: robot.online,
    battery: robot.battery,
    cpu: robot.cpu,
    ram: robot.ram,
    lastUpdated: robot.lastUpdated?.toISOString() ?? null,
    location: robot.location ? { lat: robot.location.lat, lng: robot.location.lng } : null,
    link: robot.link ? { state: robot.link.state, port: robot.link.port } : null,
  };
}
