/** The power budget, and the collision guard. Markdown bodies of SEED_DOCUMENTS. */

export const POWER_BUDGET = `# Power budget and voltage regulators

Before choosing regulators, add up what every part of the rover draws, at which voltage, and how much each conversion wastes. The figures below come from the parts catalogue; motor currents depend on load, so measure yours.

## What the rover draws

| load | rail | current |
| --- | --- | --- |
| Arduino Uno R3 | 5V (USB) | measure it; tens of mA |
| HC-SR04 | 5V | 15 mA |
| ACS712-05B (optional) | 5V | 10 mA typical |
| L298N logic | its own 78M05 from VS | small |
| two TT gear motors | about 6V at the motor | about 150 mA each without load, much more climbing or stalled |

The motors dominate. The firmware's over-current limit of 3.0 A (in current-sensing builds) tells you what the rest of the power path must carry at least.

## Linear regulators: simple, quiet, hot

A linear regulator (LM7805, AMS1117-3.3, LM317) passes the load current straight through and burns the voltage difference:

- input current = output current;
- heat = (Vin - Vout) × I;
- efficiency = Vout / Vin.

From a full 3S pack (12.6V) to 5V:

| load | heat in a 7805 |
| --- | --- |
| 0.1 A | (12.6 - 5) × 0.1 = 0.76 W |
| 0.5 A | 3.8 W |
| 1 A | 7.6 W |

A TO-220 part with no heatsink rises about 50 °C per watt above the air around it, so 0.76 W is warm, and 3.8 W would need a real heatsink (without one the chip's thermal shutdown cuts the output). Linear regulators also need headroom: about 2V for a 7805, about 1.3V for an AMS1117 (5V to 3.3V works, 3.7V to 3.3V does not).

## Buck converters: efficient

A buck (step-down) converter such as the LM2596, MP1584 or Pololu D24V10F5 switches at tens of kHz to MHz and stores energy in an inductor. It trades voltage for current instead of burning it:

- output power = Vout × Iout;
- input power = output power / efficiency (typically 80-90 %);
- battery current = Vout × Iout / (Vin × efficiency).

The rover's LM2596 makes 8V for the L298N. With the motors drawing 1 A, 8 W leaves the regulator; at 85 % efficiency about 9.4 W goes in, which from a 12V pack is about 0.78 A, and only about 1.4 W turns into heat. A linear regulator doing the same job would burn 4 W. The cost is switching ripple: keep sensitive analog parts (the battery divider input, the ACS712) away from the inductor and decouple each board.

A boost converter (XL6009, MT3608) does the opposite, raising a 1S or 2S battery to a higher voltage, and draws more current from the battery than it delivers.

## The Uno's own regulator

Feeding 7-12V into VIN uses the Uno's onboard linear regulator, which is fine for the board itself: at 8V in and 50 mA it dissipates (8 - 5) × 0.05 = 0.15 W. It is not meant to power servos or motors. Feed big 5V loads, such as an MG996R servo, from their own buck converter, with a common ground.

## Putting a budget together

An example drive, with assumed figures (replace them with measurements):

| item | power |
| --- | --- |
| 5V logic: 0.1 A, from USB (not from the pack) | 0.5 W |
| two motors: 0.5 A each at 6V | 6 W |
| L298N: about 1.8V × 0.5 A per channel | 1.8 W |
| buck losses at 85 % (on 7.8 W out) | 1.4 W |
| total from the pack (motor path only) | about 9.2 W, about 0.8 A at 11.4V |

With a 2200 mAh pack and the battery life calculator's default efficiency of 0.8, that is about 2 hours of such driving. Swap the L298N for a TB6612FNG and most of the 1.8 W disappears.

## Rules of thumb

- Give motors and logic separate regulators, so that a motor start cannot brown out the Arduino.
- Join all grounds at one point near the battery.
- Put bulk capacitance (100 µF) where the motor current enters a board, and 100 nF at every IC.
- Check a regulator's heat with P = (Vin - Vout) × I before you check its current rating.
`;

export const COLLISION_GUARD = `# The collision guard and obstacle distance

The rover service refuses or slows forward motion when the last obstacle distance reported by the rover is too close. The rule lives in \`src/rover/collision-guard.ts\` and uses the collision-avoidance modules of \`/api/collision-avoidance\`.

## Where the distance comes from

The HC-SR04 at the front of the rover pings every 60 ms. The firmware puts the distance in each \`TEL\` frame as \`obstacleM\` (metres), or \`-1\` when no echo came back within 4.0 m. The service turns \`-1\` into \`null\`, "nothing in range", and shows the latest value as \`obstacle_distance\` in \`GET /api/rover/status\`.

## The rule

Each \`POST /api/rover/control\` (and each socket \`move\`) passes the guard before it is queued:

1. **Reverse and turning on the spot are always allowed** (forward of 0 or less): they move away from what the forward sensor sees.
2. With **no enabled module**, forward motion is allowed.
3. With **no fresh reading** (no telemetry in the last second), forward motion is refused with 409 \`collision_risk\`: the service will not drive blind.
4. With **nothing in range** (\`null\`), forward motion is allowed.
5. Otherwise each enabled module whose \`minDistance\` is larger than the distance acts by its \`reaction\`:
   - \`stop\`: the command is refused with 409 \`collision_risk\`, naming the module;
   - \`steer\`: refused the same way, since the service cannot plan a way round;
   - \`slow\`: forward is multiplied by the module's \`slowdownFactor\` (the smallest factor wins), rounded to two decimals.

A \`stop\` module always beats a \`slow\` one. The guard decides on \`minDistance\` alone; \`detectionRange\` describes the sensor but does not enter this rule. The enabled modules are kept in memory, reread after every change and at least every 5 s, so a command never waits on the database.

## What it does not do

The guard checks each command **when it is admitted**. It does not watch a move that is already running: a \`MOV\` with duration 0 runs until the next command, whatever appears in front of the rover. So:

- prefer short timed moves, or keep sending commands while driving (each one is checked again, and the deadman wants them anyway);
- keep the e-stop within reach.

The HC-SR04 also misses things: soft surfaces and angled walls return no echo, which reads as "nothing in range" and lets the command through. The guard is an aid for an attentive operator, not an autonomous safety system.

## Choosing minDistance

The rover needs room to react. Add up the delays:

| delay | time |
| --- | --- |
| ping period | up to 60 ms |
| telemetry period | up to 100 ms |
| command round trip and queue | tens of ms |
| motor spin-down | depends on the chassis |

At the firmware's full speed of 0.5 m/s, a quarter of a second of latency is 0.125 m before the wheels even slow, and the HC-SR04 reads nothing under 2 cm. A \`stop\` module at 0.3-0.5 m and a \`slow\` module further out is a reasonable start; measure the stopping distance of your rover and adjust.

\`\`\`json
{ "name": "front-stop", "sensorType": "ultrasonic", "minDistance": 0.4,
  "detectionRange": 4, "reaction": "stop", "enabled": true }
{ "name": "front-slow", "sensorType": "ultrasonic", "minDistance": 1.0,
  "detectionRange": 4, "reaction": "slow", "slowdownFactor": 0.5, "enabled": true }
\`\`\`

With both enabled, an obstacle at 0.8 m halves a forward command of 0.60 to 0.30, and at 0.35 m forward motion is refused while reversing still works.

## Better sensors

The rule works with any sensor the firmware reports as \`obstacleM\`. A VL53L1X time-of-flight sensor (up to 4 m, narrow and independent of surface texture for most targets), a TFMini-S lidar (up to 12 m) or a Sharp GP2Y0A21YK0F infrared sensor (10-80 cm) each cover some of the ultrasonic sensor's blind spots; a firmware change is needed to read them.
`;
