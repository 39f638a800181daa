/** The serial protocol between the service and the rover. Markdown bodies of SEED_DOCUMENTS. */

export const SERIAL_PROTOCOL = `# The serial protocol between the service and the rover

The service's \`HardwareService\` and the rover (the Uno sketch, or the built-in simulator that speaks the same protocol) exchange one ASCII line per frame over a serial link at 115200 8N1. \`SERIAL_PORT=sim\` is the default; \`SERIAL_PORT=/dev/ttyACM0\` or \`/dev/ttyUSB0\` points the service at a real Uno. \`docs/serial-protocol.md\` is the specification; this page explains it.

## Frames

\`\`\`
$TYPE,SEQ[,FIELD,...]*CS\\n
\`\`\`

Each upper-case word stands for one part of the line:

- **TYPE**: three upper-case letters.
- **SEQ**: the sender's sequence number, 0-65535, +1 per frame sent and wrapping to 0. Each direction has its own counter, so a gap in the rover's numbers tells the host it lost lines.
- **FIELD**: decimal numbers or upper-case tokens, no spaces, commas or \`*\` inside.
- **CS**: an NMEA-style checksum, two upper-case hex digits: the XOR of every byte between \`$\` and \`*\`, both excluded.
- A line ends with \`\\n\` (a \`\\r\` before it is ignored) and is at most 120 bytes. The widest telemetry line the firmware can produce is 114 bytes.

The checksum of \`HBT,7\` is 0x45, so the frame is \`$HBT,7*45\`. In JavaScript:

\`\`\`js
const checksum = (body) =>
  [...body].reduce((sum, c) => sum ^ c.charCodeAt(0), 0).toString(16).toUpperCase().padStart(2, '0');
\`\`\`

A receiver **drops and counts, and never acts on**, a line that is too long, contains bytes outside printable ASCII, misses \`$\` or \`*\`, has a wrong or lower-case checksum, an unknown type, a wrong field count, or a field that does not parse or is out of range. Nothing in such a line can be trusted, its sequence number included, so it is not answered. The host counts drops by reason in \`/metrics\`; the rover sets flag 8 in its next \`TEL\`.

## Host to rover

| type | fields | meaning |
| --- | --- | --- |
| MOV | forward,turn,durationMs | drive; forward and turn in [-1, 1] with two decimals, durationMs 0-10000, 0 = until the next MOV, STP or EST |
| STP | none | ordinary stop, not latched |
| EST | none | emergency stop: motors off at once, latched until RES |
| RES | none | clear the latch; the rover stays still until the next MOV |
| HBT | none | heartbeat |
| CAL | none | zero x, y and yaw |

The firmware mixes \`MOV\` as left = forward - turn and right = forward + turn, each clamped to [-1, 1]. \`POST /api/rover/control\` takes a duration in seconds (0-10] and sends it in milliseconds, never 0 for a timed move.

## Rover to host

| type | fields | meaning |
| --- | --- | --- |
| ACK | hostSeq | the command with that host sequence number was executed |
| NAK | hostSeq,reason | refused: ESTOP, LOWBAT or FAULT |
| DON | hostSeq | a timed MOV ran out and the rover stopped by itself |
| TEL | 16 fields | telemetry, 10 times a second |
| FLT | code | a fault: MOTOR_OVERCURRENT, OVERTEMP, BATTERY_CRITICAL or SENSOR_FAILURE |
| HEL | protocolVersion,firmware | sent once after reset, e.g. \`HEL,0,1,ROVER_UNO\` |

Every valid host frame gets exactly one \`ACK\` or \`NAK\`, and the firmware acts before it acknowledges: the service reports a command as executed only when its \`ACK\` arrives, because a write to the port proves nothing. No answer in time is a 504 \`command_timeout\`, never a success. \`NAK ESTOP\` becomes 409 \`estop_latched\`; \`LOWBAT\` and \`FAULT\` become 422 with the reason. A refused \`MOV\` also stops any older move still running. \`DON\` comes only when a timed move runs out; a move cut short by \`STP\`, \`EST\`, a newer \`MOV\`, the deadman or a fault gets none, and the host closes those commands itself.

## Telemetry

\`TEL\` fields, in order: \`x, y, z\` (m), \`pitch, roll, yaw\` (rad), wheel speeds \`fl, fr, rl, rr\` (m/s), \`battV\` (V), \`battPct\`, \`tempC\`, \`currentA\`, \`obstacleM\` (m, \`-1\` when nothing is in range) and \`flags\`: 1 e-stop latched, 2 moving, 4 host-heartbeat timeout, 8 frames dropped since the last \`TEL\`.

On the Uno, x, y and yaw come from dead reckoning of the commanded wheel speeds (no encoders), z, pitch and roll are always 0, \`tempC\` is the ATmega's uncalibrated die sensor, \`currentA\` is 0.00 unless the firmware was built with current sensing, and \`battPct\` is linear from 9.6V (0 %) to 12.6V (100 %).

## A session

\`\`\`
host  -> $MOV,41,0.50,-0.25,2000*7C
rover -> $ACK,811,41*74
rover -> $TEL,812,1.204,0.337,0.000,0.000,0.000,0.412,0.38,0.62,0.38,0.62,12.31,86,31.2,1.84,2.450,2*7E
rover -> $DON,813,41*7A
host  -> $EST,42*68
rover -> $ACK,814,42*72
host  -> $MOV,43,0.20,0.00,0*61
rover -> $NAK,815,43,ESTOP*0E
\`\`\`

Each rover answer carries the rover's own sequence number first, then the host's.

## Liveness

- The host sends \`HBT\` every 200 ms while the link is up.
- The rover stops its motors by itself when no valid host frame has arrived for 500 ms (the firmware deadman) and sets flag 4 until the next one. That includes the time after boot before the host's first frame.
- The host declares the link down after 2 s without a valid rover frame, raises an alert, refuses commands with 503 \`hardware_unavailable\` and reconnects with a backoff from 0.5 s doubling to 5 s.
- After every reconnect the host writes its e-stop state first: \`EST\` when the e-stop is latched, before any other frame.
- Opening the port resets the Uno, so the host sees a fresh \`HEL\` on every connect. When the host comes back after the deadman tripped, the rover sends every active fault's \`FLT\` again.
`;
