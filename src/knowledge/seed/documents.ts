import type { DocumentSeed } from './seed-types';

/*
 * The shipped guides, written for the reference rover: the pins, thresholds and timings are those
 * of firmware/rover/rover.ino, docs/serial-protocol.md and the rover service, and the calculator
 * documents describe the formulas in src/knowledge/calculators. `partNames` are exact SEED_PARTS
 * names (the seed spec checks them).
 */

const ROVER_WIRING = `# Rover wiring guide

This guide wires the reference rover that \`firmware/rover/rover.ino\` drives: an Arduino Uno R3, an L298N dual H-bridge, two TT gear motors (or four, two per side sharing a channel), an HC-SR04 ultrasonic sensor facing forward, a 3S LiPo pack and an LM2596 buck regulator. Every pin below matches a constant at the top of the sketch; if you wire differently, change the constants too.

## Power

\`\`\`
3S LiPo (9.6-12.6V) -> XT60 -> 5 A blade fuse -> switch / e-stop -> [ACS712-05B, optional]
    +-> 10k / 3.3k divider -> A0
    +-> LM2596 buck, set to about 8V -> L298N +12V terminal (VS)
\`\`\`

- **Why a buck regulator.** TT motors are rated 3-6V, and the L298N drops about 2V at 1 A. Straight from a full 3S pack the motors would see over 10V at full PWM. With the buck set to about 8V they get roughly 6V. If you fit 12V motors (JGA25-370 12V), leave the buck out and feed the pack to VS directly.
- **Set the buck first.** Turn its pot with a meter on OUT+ before anything is connected to it.
- **The Uno** is powered by the USB cable that also carries the serial link to the service. You may also feed VIN from the 8V rail (inside the Uno's 7-12V range) so it keeps running if the USB 5V sags. Never connect a 5V regulator output to the Uno 5V pin while USB is plugged in.
- **L298N logic supply.** With VS at 8V, keep the 5V-EN jumper fitted: the module's own 78M05 powers its logic. Leave the L298N +5V terminal unconnected, so it never fights the Uno's 5V.
- **One ground.** The battery negative, the buck IN- and OUT-, the L298N GND, the Uno GND and the sensor grounds all join. Without a common ground the IN and EN signals have no reference and the motors twitch at random.

## Signals

| Uno pin | goes to | notes |
| --- | --- | --- |
| D5 (PWM) | L298N ENA | remove the ENA jumper; PWM sets the left speed |
| D7 | L298N IN1 | left direction |
| D8 | L298N IN2 | left direction |
| D6 (PWM) | L298N ENB | remove the ENB jumper; right speed |
| D9 | L298N IN3 | right direction |
| D10 | L298N IN4 | right direction |
| D4 | HC-SR04 TRIG | 10 µs pulse every 60 ms |
| D2 (INT0) | HC-SR04 ECHO | timed by interrupt; internal pull-up |
| A0 | battery divider midpoint | battery + -> 10 kΩ -> A0 -> 3.3 kΩ -> GND |
| A1 | ACS712-05B OUT (optional) | read only in a \`ROVER_CURRENT_SENSE=1\` build |
| 5V, GND | HC-SR04 and ACS712 VCC/GND | both draw tens of mA at most |
| AREF | nothing | the die-temperature reading switches to the internal 1.1V reference |
| D0/D1 | USB serial to the host | 115200 8N1 |

D5 and D6 share timer 0, so both sides get the same PWM frequency (about 980 Hz). The firmware starts the smallest non-zero command at a duty of 60 out of 255, because below that the gear motors only hum.

## Motors

Left motor(s) to OUT1/OUT2, right motor(s) to OUT3/OUT4. On a four-wheel chassis wire the two motors of each side in parallel. Solder a 100 nF ceramic capacitor across each motor's terminals to cut brush noise, and put a 100 µF electrolytic across VS and GND at the L298N. A motor that turns the wrong way is fixed in the sketch with \`kInvertLeft\` or \`kInvertRight\`, not by swapping wires.

## HC-SR04

VCC to the Uno 5V, GND to GND, TRIG to D4, ECHO to D2. Mount it facing forward, level, and high enough that the floor is outside its 15° cone. The firmware enables the pull-up on D2, so an unplugged sensor reads as an echo stuck high and becomes \`SENSOR_FAILURE\` after 10 pings (0.6 s).

## Battery sense divider

Battery + through 10 kΩ to A0, and A0 through 3.3 kΩ to GND. A full pack (12.6V) puts 3.13V on A0; full scale is about 20.1V. Take the divider from the switched side of the power switch: it draws about 1 mA, which would empty a parked 2200 mAh pack in about three months. A Uno on USB with the battery switched off reads about 0V, reports \`BATTERY_CRITICAL\` after one second and refuses to drive. That is correct: the motors have no power.

## Optional current sensor

Put the ACS712-05B's IP+/IP- terminals in series with the battery positive, after the fuse. OUT goes to A1, VCC to 5V. Build with \`ROVER_CURRENT_SENSE=1\`; otherwise leave A1 unwired, because a floating input would trip false over-current faults. It measures battery-side current: behind the buck regulator the motors draw more than the sensor sees (the buck trades voltage for current). The firmware raises \`MOTOR_OVERCURRENT\` above 3.0 A for 250 ms.

## Before the first drive

1. Check with a meter that battery + and - are not shorted anywhere.
2. Lift the wheels off the ground.
3. Open the serial port: the Uno resets and prints a \`HEL\` line, then a \`TEL\` line every 100 ms.
4. Drive a short timed move from the console, then press the e-stop and check that it reports \`confirmed: true\`.
`;

const HC_SR04_WIRING = `# Wiring the HC-SR04 ultrasonic sensor

The HC-SR04 is a 5V ultrasonic distance sensor with four pins: VCC, TRIG, ECHO and GND. It is the rover's forward obstacle sensor, and the number it reports is what the collision guard compares with the enabled collision-avoidance modules.

## How a measurement works

1. The controller holds TRIG high for at least 10 µs.
2. The module sends a short burst at 40 kHz and raises ECHO.
3. ECHO falls when the reflection comes back, or stays high until the module gives up.
4. Distance = echo time × speed of sound / 2, because the sound travels there and back.

With sound at 343 m/s (20 °C) that is 171.5 µm per microsecond of echo, or about 58 µs per centimetre: an obstacle 1 m away gives an echo of about 5.8 ms. The speed of sound changes with temperature (about 331 m/s at 0 °C), so a cold rover reads a few percent long. The module is rated for 2 cm to 4 m in a cone of about 15°, and the datasheet asks for at least 60 ms between measurements so that late echoes from the previous ping are not mistaken for new ones.

## Wiring to the Arduino Uno (the rover)

| HC-SR04 | Uno | notes |
| --- | --- | --- |
| VCC | 5V | about 15 mA |
| TRIG | D4 | output, a 10 µs pulse |
| ECHO | D2 | INT0 interrupt, internal pull-up enabled |
| GND | GND | common with everything else |

The firmware never waits for the echo. An interrupt on D2 stamps both edges with \`micros()\`; the main loop sends a ping every 60 ms and reads the result of the previous one. A blocking \`pulseIn()\` would freeze the loop for up to tens of milliseconds, which would delay serial frames and the deadman check.

## What the rover reports

- \`TEL\` carries \`obstacleM\`, the last distance in metres, three decimals.
- It is \`-1\` (the service shows \`null\`, "nothing in range") when no echo came back within 4.0 m, or when ECHO was still high when the next ping was due.
- If no rising edge at all is seen for 10 pings in a row (0.6 s), the firmware raises \`FLT SENSOR_FAILURE\`, stops and refuses \`MOV\` until a ping gets an edge again. Because D2 is pulled up, an unplugged sensor looks like an echo stuck high and is caught this way.

## Connecting it to a 3.3V board

The ESP32, ESP8266, Raspberry Pi and Pico have 3.3V inputs that are not 5V tolerant, and the HC-SR04's ECHO swings to 5V. It needs a voltage divider or a level shifter on that line:

\`\`\`
ECHO --- 3.3 kΩ ---+--- GPIO
                   |
                 4.7 kΩ
                   |
                  GND
\`\`\`

That gives 5 × 4.7 / (3.3 + 4.7) = 2.94V for a high level: above an ESP32's logic-high threshold (0.75 × 3.3V, about 2.5V) and below its supply. A 1 kΩ over 2 kΩ divider (3.33V) works too; the voltage divider calculator checks any pair. A BSS138 level shifter board also does the job, for ECHO and TRIG together.

- **VCC stays at 5V.** The classic module is unreliable at 3.3V. Some newer variants are sold as 3V-5.5V parts; check the listing of yours.
- **TRIG** from a 3.3V pin triggers most modules, because the input only needs a logic-high pulse.
- **Timing is unaffected.** The divider and the pin capacitance (a few pF) form an RC constant of a few tens of nanoseconds, nothing next to an echo of hundreds of microseconds.

## Mounting and limits

- Soft surfaces (fabric, foam, clothes) absorb the ping; smooth walls hit at an angle reflect it away. Both read "nothing in range", which the collision guard treats as a clear path, so do not rely on the sensor alone near people.
- Thin objects such as chair legs may be missed at a distance.
- Keep the sensor level and clear of the chassis so that neither the floor nor the rover's own bumper returns an echo.
- Two HC-SR04s pinging at once hear each other; fire them in turn.
- On long leads add a 100 nF capacitor across VCC and GND at the sensor: motor noise on the 5V rail shows up as random short readings.
`;

const L298N_WIRING = `# Wiring the L298N motor driver, and why it gets hot

The L298N module is the red or green board with a large black heatsink that most robot-car kits ship with. It holds ST's L298N, a dual full H-bridge, plus flyback diodes, a 78M05 regulator and screw terminals. It is cheap and hard to kill, but it wastes a lot of power as heat.

## Terminals and jumpers

| terminal | connect to |
| --- | --- |
| +12V (VS) | motor supply, 5-35V (on the rover: the buck regulator's 8V output) |
| GND | supply negative and the Arduino GND |
| +5V | leave open when the 5V-EN jumper is fitted |
| OUT1, OUT2 | left motor(s) |
| OUT3, OUT4 | right motor(s) |
| ENA, ENB | Arduino PWM pins D5 and D6 (remove the ENA/ENB jumpers) |
| IN1-IN4 | Arduino D7, D8, D9, D10 |

**5V-EN jumper.** Fitted, the onboard 78M05 makes the module's 5V logic supply from VS; keep it only while VS is 12V or less, since the regulator runs hotter the more it drops. Above that, remove it and feed 5V into the +5V terminal from the Arduino. Never feed 5V into +5V while the jumper is fitted: two supplies would fight.

The logic inputs need at least 2.3V for a high, so 3.3V boards drive it directly.

## Control

| ENA | IN1 | IN2 | motor A |
| --- | --- | --- | --- |
| high / PWM | high | low | forward |
| high / PWM | low | high | reverse |
| high | equal | equal | fast stop (braked) |
| low | any | any | free-running stop (coasts) |

The rover firmware always drops the enable to 0 before it changes the direction pins, so a reversal never passes through a driven wrong-way state, and a stop leaves the enable at 0 and both inputs low: the motors coast.

## Why it gets hot

The L298N's outputs are bipolar transistors. In each bridge one transistor sources current on the high side and one sinks it on the low side, and each has a saturation voltage. ST's datasheet gives a total drop of 1.8-3.2V at 1 A and up to 4.9V at 2 A. That voltage is lost in the chip:

- power in the driver = voltage drop × current, per channel;
- two motors at 1 A with a 2V drop: 2 W per channel, 4 W in total, in a chip whose 25 W rating assumes its case is held at 75 °C on a large heatsink;
- the motors get less voltage: from an 8V rail they see about 6V at 1 A; at 8V and 1 A a quarter of the battery's energy never reaches them.

So the heatsink is not optional. Keep it on, leave air around it, and do not drive the module near 2 A per channel continuously. Stalled wheels are the usual reason it suddenly gets much hotter: a stalled motor draws several times its running current. The firmware's \`OVERTEMP\` fault watches the ATmega's own die, not the L298N; glue an NTC thermistor to the heatsink if you want to watch it.

Capacitors help the rest of the rover: 100 µF across VS and GND at the module, and 100 nF across each motor's terminals.

## The cooler alternative: TB6612FNG

The TB6612FNG uses MOSFET outputs, so its drop at rover currents is a fraction of a volt and it stays cool with no heatsink. It handles 1.2 A per channel continuously (3.2 A peak) with a motor supply of 4.5-13.5V, which covers a full 3S pack (12.6V). It drops into the rover without a firmware change:

| Uno | TB6612FNG |
| --- | --- |
| D5 | PWMA |
| D7, D8 | AIN1, AIN2 |
| D6 | PWMB |
| D9, D10 | BIN1, BIN2 |
| 5V | VCC and STBY (STBY high enables the outputs) |
| GND | GND |

Motor supply to VM, motors to AO1/AO2 and BO1/BO2. With both inputs low the outputs turn off, so the firmware's stop still coasts. Because the driver loses so little, the motors see nearly the full supply: lower the buck regulator's setting to keep TT motors near their 6V rating. For 1S-2S packs and 4xAA NiMH the DRV8833 (2.7-10.8V) is the equivalent choice.
`;

const SERIAL_PROTOCOL = `# The serial protocol between the service and the rover

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

const ESTOP_SAFETY = `# Emergency stop and deadman: how the rover is kept safe

The rover has several independent ways to stop. Each covers a failure the others cannot see, so none of them replaces another.

| layer | trips when | result |
| --- | --- | --- |
| e-stop (service) | anyone presses it | \`EST\` to the rover, latched on both ends |
| firmware latch | the rover receives \`EST\` | motors off, \`MOV\` refused with \`NAK ESTOP\` until \`RES\` |
| operator deadman (service) | the driving operator goes quiet for \`DEADMAN_TIMEOUT_MS\` (1000 ms by default) | \`STP\`, alert, audit entry |
| firmware deadman | no valid host frame for 500 ms | motors off, TEL flag 4 |
| link watchdog (service) | no valid rover frame for 2 s | alert, commands refused with 503 |
| hardware kill switch | someone hits the button | motor power cut |

## The emergency stop

\`POST /api/rover/emergency-stop\` is open to every authenticated user, whatever their role. It skips the command queue and every rate limit, and nothing waits for the database before the \`EST\` frame leaves. The latch is set in memory first, so a command arriving a moment later is already refused, and stored afterwards, so a restarted service comes back latched. Pressing it again is harmless (idempotent).

The answer is \`{ "status": "stopped", "timestamp": ..., "previous_state": { "moving": ..., "speed": ... } }\`:

- \`confirmed: false\` means the rover did not acknowledge within 500 ms, or the link is down. The service still latches, and it sends \`EST\` first again as soon as the link returns.
- \`persisted: false\` means the latch could not be stored; an alert is raised.

While latched, \`POST /api/rover/control\` answers 409 \`estop_latched\`, and the rover itself refuses any \`MOV\` that might slip through. Every e-stop is written to the audit log.

## Resuming

\`POST /api/rover/resume\` with \`{ "reason": "..." }\` needs the \`rover:control\` scope.

- It sends \`RES\` and waits for the rover's \`ACK\`. If the link is down while latched it answers 503: the rover's own latch cannot be cleared, so the service keeps its latch too.
- The release must be stored; if the database is too busy the answer is 503 \`storage_busy\` and the latch holds.
- An e-stop that arrives while a resume is waiting wins: the resume fails with 409 \`estop_latched\`.
- Resume only unlatches. **Nothing moves until a new command.** Resuming when nothing is latched is a harmless 200.

Write a real reason: it goes into the audit log next to the e-stop it clears.

## The operator deadman (service side)

When an operator's command sets the rover moving, that operator holds a deadman lease. Each further command, or a \`heartbeat\` event on the operator's \`/telemetry\` socket, renews it; heartbeats from anybody else do not. If the lease runs out (\`DEADMAN_TIMEOUT_MS\`, default 1000 ms, adjustable in \`/api/config\`), the service sends \`STP\`, raises a \`deadman_stop\` alert and writes an audit entry. If the socket that holds the lease disconnects while the rover moves, the rover is stopped within the timeout plus 200 ms. The lease ends by itself on a stop, an e-stop or a timed move that finishes. A deadman stop is an ordinary stop, not a latch: the operator can drive again straight away.

A client that drives must therefore keep sending: repeat the command, or send \`heartbeat\` every few hundred milliseconds while a button is held.

## The firmware deadman (rover side)

The host sends \`HBT\` every 200 ms. If no valid frame reaches the rover for 500 ms (an unplugged cable, a crashed service, a corrupted line), the firmware stops the motors by itself and sets flag 4 in \`TEL\` until frames arrive again. Dropped, corrupt lines do not count as valid. This works even when the service cannot: it is the protection against a dead host.

## The hardware kill switch

Software stops need working software. Fit a latching mushroom e-stop button with a normally-closed contact where you can reach it, and let it cut the **motor** supply, for example through the coil of a relay or contactor wired in series with the contact, so that a broken wire stops the rover too. Keep the Uno powered: it then goes on reporting telemetry, and the service sees what happened. Make sure any contact that breaks motor current directly is rated for that DC current; DC arcs are much harder to break than AC.

## Drills

Test with the wheels off the ground, regularly:

1. Start an untimed move (duration 0), press the e-stop: the wheels stop and the answer says \`confirmed: true\`.
2. Try to drive: 409 \`estop_latched\`. Resume with a reason, then drive again.
3. While driving, close the console tab: the rover stops within about 1.2 s.
4. While driving, pull the USB cable: the rover stops within 0.5 s.
5. Hit the hardware button: motor power is gone, telemetry continues.
`;

const BATTERY_SAFETY = `# LiPo and Li-ion battery safety

Lithium packs hold a lot of energy in a small volume, and a damaged, overcharged or shorted pack can burn fiercely. The rules below are the ones hobbyists and makers agree on; where a cell's datasheet says something stricter, follow the datasheet.

## Voltages per cell

| state | LiPo / Li-ion per cell | 3S pack (the rover) |
| --- | --- | --- |
| full, charge limit | 4.20V | 12.6V |
| nominal | 3.7V (LiPo), 3.6V (many Li-ion) | 11.1V |
| storage | 3.80-3.85V | about 11.4-11.55V |
| rover refuses to drive (\`LOWBAT\`) | 3.50V | 10.5V |
| rover faults (\`BATTERY_CRITICAL\`) | 3.20V | 9.6V |
| never below (LiPo) | 3.0V | 9.0V |

Some Li-ion cells, such as the Samsung INR18650-25R, are specified down to 2.5V, but every cell lives longer when it is not run flat. The rover firmware is deliberately conservative: it refuses \`MOV\` after one second below 10.5V and stops with \`FLT BATTERY_CRITICAL\` after one second below 9.6V. Both clear only after the pack reads 10.8V or more for a second, because a tired pack recovers a little as soon as the load goes away.

Voltage under load sags. A pack that reads 11.0V at rest may dip below 10.5V when both motors start; the firmware's one-second debounce ignores such short dips, but a pack that keeps hitting the limit needs charging.

## Charging

- Charge lithium packs only with a charger made for them. For 2S and 3S packs use a balance charger such as the iMAX B6 with the JST-XH balance lead plugged in, so every cell stops at 4.20V.
- Charge at 1C or less unless the pack's label allows more: 2.2 A for a 2200 mAh pack.
- A TP4056 module charges **one** cell (4.2V). Never connect it to a 2S or 3S pack.
- Charge on a non-flammable surface or in a LiPo bag, away from anything that burns, and never leave a charging pack unattended.
- Do not charge a pack that is hot from use, or one that is below freezing.
- Check the charger's cell count and chemistry every time. A LiPo charged on a NiMH or lead-acid program is overcharged.

## Storage

- For anything longer than a few days, bring the pack to storage voltage (3.80-3.85V per cell); balance chargers have a storage mode.
- Keep packs cool and dry, in a fire-resistant bag or box.
- Disconnect the pack from the rover. Even switched off, anything still connected drains it: the rover's 10k/3.3k battery divider alone draws about 1 mA, which is why it belongs on the switched side.

## Fusing and connectors

A LiPo can deliver its C rating times its capacity: a 25C 2200 mAh pack, 55 A. A short circuit at that current melts thin wire and can start a fire long before the pack itself fails.

- Put a fuse in the positive lead, as close to the pack as possible: a 5 A blade fuse suits this small rover. Choose it above the normal peak draw and below what the wiring can carry.
- Use an XT60 for the main lead, with the **female** (shrouded) half on the battery so its live contacts cannot touch anything. Solder one lead at a time and cover each joint with heat-shrink before starting the other.
- Size the main leads for the fuse, not for the average current (see the wire gauge guide); 12-14 AWG suits the XT60.
- Use a keyed connector for everything that carries battery power, so nothing can be plugged in backwards.

## Damage and retirement

Stop using a pack that is puffed (swollen), dented, punctured, hot without reason, or that will not hold a balance. Do not charge it. Put it in a fire-safe container outdoors, and take it to a battery recycling point; many shops collect them. A pack that has been in a crash should sit in a safe place for a while before you trust it again.

## 18650 cells and packs

- Buy cells from a trusted source: relabelled cells commonly overstate their capacity and current.
- Do not mix old and new cells, or different models, in one pack.
- A series pack (2S, 3S) needs a BMS or balance leads, like a LiPo.
- Never solder directly to a cell: heat damages it. Use holders or spot-welded packs.
- Protected cells have a small circuit under the wrapper that cuts off on over-discharge or short circuit; high-drain unprotected cells such as the INR18650-25R rely on your pack's BMS and fuse.

## If a pack catches fire

Get away from the smoke, keep people back, and let it burn out or smother it with sand if it is safe to do so. Do not pick it up. A burning lithium pack can reignite after it seems out.
`;

const POWER_BUDGET = `# Power budget and voltage regulators

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

const COLLISION_GUARD = `# The collision guard and obstacle distance

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

const OHMS_LAW = `# Ohm's law and power

Two calculators share one solver: \`ohms-law\` and \`power\`. Both take **exactly two** of \`voltage\` (V), \`current\` (A) and \`resistance\` (ohm), derive the third, and return the power dissipated (W). Giving one or all three is a 400 validation error naming the fields. Every input must be greater than 0 (at most 10^6 V, 10^4 A and 10^12 ohm).

## The formulas

- V = I × R
- P = V × I = I² × R = V² / R

The solver in \`src/knowledge/calculators/ohms-law.ts\` picks the missing quantity:

| given | computed |
| --- | --- |
| voltage, current | resistance = V / I, power = V × I |
| voltage, resistance | current = V / R, power = V × I |
| current, resistance | voltage = I × R, power = V × I |

\`power\` runs the same solver and lists the power first. The answer looks like \`{ "calculator": "ohms-law", "result": { ... }, "units": { "voltage": "V", "current": "A", "resistance": "ohm", "power": "W" } }\`; all values are SI, so 22 mA is 0.022 and 4.7 kΩ is 4700.

## Examples

**A resistor straight across 5V.** \`POST /api/knowledge/calculators/ohms-law\` with \`{ "voltage": 5, "resistance": 220 }\` gives 0.0227 A (22.7 mA) and 0.114 W. That is within a 1/4 W resistor's rating, but with less than the usual factor-of-two margin; at 100 Ω (50 mA, 0.25 W) it would be at its limit.

**Sizing a load.** A 12V motor that draws 2 A: \`{ "voltage": 12, "current": 2 }\` gives 6 Ω and 24 W. Its winding resistance measured with a meter is lower than this, because a turning motor generates a back-voltage; the 6 Ω is only its effective resistance at that load.

**A stepper coil.** The 17HS4401 has 1.5 Ω per phase and is rated 1.7 A. With \`{ "current": 1.7, "resistance": 1.5 }\` the coil needs only 2.55V and dissipates 4.3 W per phase. That is why steppers run from a current-limiting driver (DRV8825, A4988) on a much higher supply: the driver chops the current, not the voltage.

**A wire or a connector.** 1 A through 1.5 Ω of something you did not mean to be a resistor gives 1.5V lost and 1.5 W of heat. Small resistances matter at motor currents: a 0.05 Ω crimp carrying 3 A drops 0.15V and heats by 0.45 W.

## Using the results on the rover

- **Resistor ratings.** Choose a resistor rated at least twice the computed power. A 1/4 W resistor near 0.25 W is too hot to touch.
- **Current-sense figures.** The firmware's over-current limit of 3.0 A through the ACS712's 1.2 mΩ conductor drops only 3.6 mV and about 11 mW, which is why Hall sensors are used in the battery lead.
- **Battery leads.** Power lost in wiring grows with the square of the current: doubling the current through the same wire quadruples its heat (P = I² × R). The wire gauge calculator uses this to pick a wire.
- **Pull-ups.** A 10 kΩ pull-up to 5V passes 0.5 mA when the line is held low, a negligible 2.5 mW.
- **GPIO limits.** An Uno pin should source at most 20 mA: by Ohm's law any load below 250 Ω across 5V is too much for a pin and needs a transistor or MOSFET.

## Checking by hand

Write the two known values in SI units, apply the formula in the table, and compare the power with the part's rating. If a result surprises you, check the prefixes first: mA entered as A is a factor of 1000, and kΩ entered as Ω another.
`;

const LED_RESISTOR = `# Choosing an LED series resistor (E12 and E24 values)

An LED has a nearly fixed forward voltage and, above it, very little resistance: connected straight to a supply it draws as much current as it can get and dies. A series resistor sets the current. The \`led-resistor\` calculator computes that resistor, rounds it to a standard value and picks a power rating.

## The formula

Inputs: \`supplyVoltage\` (V), \`ledVoltage\` (the forward voltage Vf, V, below the supply) and \`ledCurrent\` (A).

- R = (Vsupply - Vf) / I
- P = (Vsupply - Vf) × I, the power in the resistor

The calculator then returns:

- \`resistance\`: the exact value;
- \`e12\` and \`e24\`: the smallest E12 and E24 preferred value **at or above** the exact one. Rounding up keeps the current at or below the one you asked for, so rounding never overdrives the LED;
- \`power\`: P at the exact resistance;
- \`powerRating\`: the smallest common rating at or above P, from 1/8, 1/4, 1/2, 1, 2 and 5 W, or \`null\` above 5 W.

A led voltage equal to or above the supply is refused with a validation error on \`ledVoltage\`.

## The E series

Resistors are sold in preferred values (IEC 60063), repeated in every decade:

- **E12** (±10 % parts): 1.0, 1.2, 1.5, 1.8, 2.2, 2.7, 3.3, 3.9, 4.7, 5.6, 6.8, 8.2
- **E24** (±5 %): adds 1.1, 1.3, 1.6, 2.0, 2.4, 3.0, 3.6, 4.3, 5.1, 6.2, 7.5, 9.1

So 130 Ω exists in E24 but not E12, where the next value up is 150 Ω. The calculator allows a relative tolerance of one part in a billion when comparing, so an exact 150 Ω (which floating point may compute as 149.99999999999997) stays 150 instead of jumping to 180.

## Worked examples

| supply | LED Vf | current | exact | E12 | E24 | power, rating |
| --- | --- | --- | --- | --- | --- | --- |
| 5V | 2V (red) | 20 mA | 150 Ω | 150 Ω | 150 Ω | 0.06 W, 1/8 W |
| 3.3V | 2V | 10 mA | 130 Ω | 150 Ω | 130 Ω | 0.013 W, 1/8 W |
| 12V | 2V | 20 mA | 500 Ω | 560 Ω | 510 Ω | 0.2 W, 1/4 W |
| 5V | 3V (blue/white) | 15 mA | 133 Ω | 150 Ω | 150 Ω | 0.03 W, 1/8 W |

The first row is the classic case: **5V, 2V LED, 20 mA -> 150 Ω**. The common kit value of 220 Ω gives (5 - 2) / 220 = 13.6 mA, a little dimmer and easier on the pin.

The 12V row is an LED on the rover's battery rail: the resistor dissipates 0.2 W, so a 1/8 W part would overheat. On a 3S pack the voltage varies from 9.6V to 12.6V; calculate at the highest voltage so the LED is never overdriven.

## Forward voltage and current

- Take Vf from the LED's datasheet at the current you plan: roughly 1.8-2.2V for red, 2-2.2V for yellow and some greens, about 3V for blue, white and true green.
- 20 mA is the usual maximum for 5 mm indicator LEDs; 5-10 mA is bright enough for a status light and spares the GPIO pin.
- An Arduino Uno pin should source at most 20 mA (40 mA absolute maximum), and the chip has a total limit too; drive many LEDs or high currents through a transistor or a ULN2003A.

## Several LEDs

- **In parallel:** one resistor per LED. A shared resistor lets the LED with the lowest Vf hog the current.
- **In series:** add the forward voltages and use one resistor: three red LEDs from 12V at 20 mA need (12 - 6) / 0.02 = 300 Ω, rounded up to 330 Ω (E12) or 300 Ω (E24).
- **Addressable LEDs** such as the WS2812B regulate their own current and need no series resistor per LED, only a small resistor in the data line.

## Checking the result

Measure the voltage across the fitted resistor and divide by its value: that is the real LED current. If it is well above your target, the LED's Vf is lower than you assumed.
`;

const VOLTAGE_DIVIDER = `# Voltage dividers

Two resistors in series across a voltage give a fraction of it at their junction. The \`voltage-divider\` calculator takes \`vin\` (V), \`r1\` (the upper resistor, between vin and the output, ohm) and \`r2\` (the lower one, between the output and ground, ohm).

## The formula

- Vout = Vin × R2 / (R1 + R2), for an **unloaded** divider
- I = Vin / (R1 + R2), the current through both resistors
- P = Vin × I, the power both dissipate

It returns \`vout\`, \`current\` and \`power\`.

## Example: 12V to a 5V ADC

\`{ "vin": 12, "r1": 10000, "r2": 4700 }\` gives Vout = 12 × 4.7 / 14.7 = **3.84V**, 0.82 mA and 9.8 mW. The output stays under 5V even if the input climbs to 15V (4.8V), so the analog pin is safe.

## The rover's battery divider

The rover reads its 3S pack on A0 through battery + -> 10 kΩ -> A0 -> 3.3 kΩ -> GND:

- \`{ "vin": 12.6, "r1": 10000, "r2": 3300 }\` gives 3.13V for a full pack, 0.95 mA, 12 mW;
- the firmware multiplies the A0 voltage by (10 + 3.3) / 3.3 = 4.03, so 5V at A0 (full scale) is about 20.1V of battery;
- one step of the 10-bit ADC is 5V / 1024 × 4.03, about 20 mV of battery voltage;
- the firmware's \`kAdcRefV\` is 5.00V; on USB power the Uno's 5V may be 4.8V, which makes every reading 4 % off. Calibrate against a meter.

Resistors of ±5 % can move the ratio by about 7 % in the worst case, another reason to calibrate once.

## Loading

The formula assumes nothing draws current from the output. A load R_L in parallel with R2 lowers the output: with R2 = 4.7 kΩ and a 47 kΩ load, R2 effectively becomes 4.27 kΩ and Vout falls from 3.84V to 3.59V. Keep any load at least ten times R2, or buffer the output with an op-amp such as the LM358.

The ATmega328P's ADC is designed for sources of about 10 kΩ or less. The source impedance of a divider is R1 and R2 in parallel: 10 kΩ || 3.3 kΩ = 2.5 kΩ, fine. Going up to 1 MΩ resistors would save current but make readings slow and noisy; a 100 nF capacitor from A0 to GND helps when you must.

## Level shifting a signal

A divider also brings a 5V logic signal down for a 3.3V input, for example the HC-SR04's ECHO into an ESP32:

- \`{ "vin": 5, "r1": 3300, "r2": 4700 }\` gives 2.94V, high enough for a 3.3V logic-high and safe for the pin;
- \`{ "vin": 5, "r1": 1000, "r2": 2000 }\` gives 3.33V.

It only works in one direction (5V to 3.3V) and for signals that are not too fast: the resistors and the pin capacitance form a small RC filter. For I2C or bidirectional lines use a BSS138 level shifter.

## The "0-25V voltage sensor" module

That module is just a 30 kΩ / 7.5 kΩ divider: \`{ "vin": 25, "r1": 30000, "r2": 7500 }\` gives exactly 5.0V and 0.67 mA. It suits 2S and 3S packs on a 5V board; on a 3.3V ADC its limit is 16.5V.

## What a divider is not

A divider is a measuring tool, not a power supply. Drawing real current from its midpoint collapses the voltage, and making the resistors small enough to hold it up wastes more power than a regulator. Use a buck converter or a linear regulator to power things.

## Choosing values

1. Pick the ratio: R2 / (R1 + R2) = Vout / Vin, with Vout at the highest expected Vin below the input's limit.
2. Pick the size: total resistance from a few kΩ (fast, low noise) to a few hundred kΩ (low drain). The rover's 13.3 kΩ draws about 1 mA, which matters when the pack is stored: disconnect it.
3. Round to E12 or E24 values and run the calculator again with the real values.
`;

const RC_TIME_CONSTANT = `# RC time constant

A resistor feeding a capacitor charges it along an exponential curve. The \`rc-time-constant\` calculator takes \`resistance\` (ohm) and \`capacitance\` (farad) and returns how fast.

## The formula

- τ (tau) = R × C, in seconds
- charging from 0 towards V: v(t) = V × (1 - e^(-t/τ))
- discharging from V: v(t) = V × e^(-t/τ)

The calculator returns \`tau\`, \`timeTo63Percent\` (one τ: 1 - 1/e, about 63.2 % of the final voltage) and \`timeTo99Percent\` (five τ, about 99.3 %, the usual "fully charged"). Units are SI: 100 nF is 1e-7 F, 100 µF is 1e-4 F, 10 kΩ is 10000.

| after | charged to |
| --- | --- |
| 1 τ | 63.2 % |
| 2 τ | 86.5 % |
| 3 τ | 95.0 % |
| 4 τ | 98.2 % |
| 5 τ | 99.3 % |

## Examples

| R | C | τ | 5τ |
| --- | --- | --- | --- |
| 10 kΩ | 100 nF | 1 ms | 5 ms |
| 10 kΩ | 100 µF | 1 s | 5 s |
| 1 kΩ | 100 µF | 0.1 s | 0.5 s |

\`POST /api/knowledge/calculators/rc-time-constant\` with \`{ "resistance": 10000, "capacitance": 1e-7 }\` returns a tau of 0.001 s.

## Where it shows up on a rover

**Button debouncing.** Mechanical contacts bounce for a few milliseconds. A 10 kΩ pull-up with 100 nF to ground smooths them with τ = 1 ms; for a bouncier switch use 1 µF (10 ms). A Schmitt-trigger input (or a software debounce) then gives clean edges.

**Filtering PWM into a voltage.** A PWM pin through R into C gives a DC level with ripple. The corner frequency of such a filter is f = 1 / (2π × R × C): 10 kΩ with 10 µF gives τ = 0.1 s and a corner at 1.6 Hz, smooth for a 490 Hz PWM pin but slow to follow changes. Choose τ many PWM periods long but shorter than the changes you want to follow.

**Smoothing an analog reading.** A 100 nF capacitor from an analog input to ground, fed by the rover's battery divider (whose source resistance is 10 kΩ and 3.3 kΩ in parallel, about 2.5 kΩ), has τ = 0.25 ms: it removes motor spikes without slowing a 20 ms sampling loop. The firmware adds a software filter on top: each 20 ms sample moves the battery reading 10 % of the way to the new value, which behaves like an RC filter with τ of about 20 ms / 0.1 = 200 ms. The same reasoning explains why a one-second debounce is needed before a low-battery decision.

**Reference settling.** The Uno has 100 nF on AREF. When the firmware switches the ADC to the internal 1.1V reference for its die-temperature reading, that weak reference needs milliseconds to pull the capacitor down from 5V, so the sketch waits 40 ms before reading.

**Auto-reset.** The Uno's reset line has a pull-up, and the USB-serial chip's DTR line reaches it through a 100 nF capacitor. Opening the serial port pulls DTR low, the capacitor passes a short low pulse, and the Uno resets; that is why the service sees a fresh \`HEL\` line on every connect.

**Timers.** The NE555 charges its capacitor between one third and two thirds of the supply: a span of ln 2 = 0.693 time constants. In astable mode the high time is 0.693 × (R1 + R2) × C and the low time 0.693 × R2 × C.

**Power-on delays and supply hold-up.** A large electrolytic behind a diode keeps a small load alive through a brief supply dip; the time it holds is roughly τ = R_load × C until the voltage has fallen to 37 %.

## Charging current

At the first instant an empty capacitor looks like a short circuit: the current is V / R, then it falls with the same time constant. With no resistor (a bare capacitor across a battery) only the wiring and the capacitor's ESR limit it, which is why big capacitor banks spark when connected and why anti-spark connectors exist for large packs.

## Checking by hand

Multiply R in ohms by C in farads: 4.7 kΩ × 22 µF = 4700 × 0.000022 = 0.103 s. Five of those, about half a second, is when the capacitor is as good as charged.
`;

const BATTERY_LIFE = `# Estimating battery life

The \`battery-life\` calculator answers "how long will it run?" from three numbers: \`capacityMah\` (the rated capacity in mAh), \`loadMa\` (the average draw in mA) and an optional \`efficiency\` (0 < e ≤ 1).

## The formula

hours = capacityMah × efficiency / loadMa

The efficiency defaults to **0.8** when it is not given: part of the rated capacity is never usable, because regulators lose some energy, the pack voltage sags under load, and the device cuts off before the cell is truly empty. The answer includes the efficiency it used.

## Examples

| pack | load | efficiency | result |
| --- | --- | --- | --- |
| 2200 mAh 3S LiPo | 800 mA average | 0.8 (default) | 2.2 h |
| 2200 mAh 3S LiPo | 1500 mA average | 0.7 | 1.03 h |
| 225 mAh CR2032 | 0.5 mA | 0.8 | 360 h |

\`POST /api/knowledge/calculators/battery-life\` with \`{ "capacityMah": 2200, "loadMa": 800 }\` returns 2.2 hours.

The CR2032 row is a reminder that capacity alone is not the whole story: a coin cell has a high internal resistance and cannot deliver tens of milliamps, whatever the arithmetic says.

## Getting the load right

**Measure the current at the battery.** With the ACS712-05B in the battery lead and the firmware built with \`ROVER_CURRENT_SENSE=1\`, the rover reports \`currentA\` in every \`TEL\` frame. Average it over a realistic drive, not a single moment: motors draw far more when starting and climbing than when cruising, and nothing at all when the rover stands still.

**Use a duty cycle.** If the rover drives 25 % of the time at 1.5 A and waits the rest at 0.1 A, the average is 0.25 × 1500 + 0.75 × 100 = 450 mA.

**Convert currents measured after a regulator.** The calculator needs the current at the battery's voltage. A load drawing Iout at Vout behind a buck converter draws about Vout × Iout / (Vbattery × η) from the pack: 1 A at 8V behind an 85 % buck is about 0.78 A from a 12V pack. Behind a linear regulator the battery current equals the load current.

## The rover's usable window

The firmware stops accepting drive commands below 10.5V (3.5V per cell) and faults below 9.6V. On a LiPo the voltage curve is flat through most of the discharge and falls quickly near the end, so the capacity between full and 3.5V per cell is most of the pack, but not all of it; the default 0.8 is a sensible value here.

The \`battPct\` figure in telemetry is linear between 9.6V and 12.6V. It is a simple voltage gauge, not a true state of charge: a pack can read 60 % under load and 70 % at rest. Judge remaining time from measured current and elapsed time instead.

## Standby drain

Small loads add up over days. The rover's battery divider draws about 0.95 mA at 12.6V: \`{ "capacityMah": 2200, "loadMa": 0.95 }\` gives about 1850 hours, some 77 days, before it has emptied a connected pack, and a LiPo run that flat is ruined. Disconnect the battery when the rover is parked.

## Other chemistries

- **NiMH (4xAA, about 2000 mAh):** flat at about 1.2V per cell; the same formula applies.
- **Alkaline 9V:** capacity falls steeply with load current, so the rated figure overstates what a motor load gets.
- **Lead-acid:** the usable capacity shrinks at high currents (Peukert's law); use the capacity quoted at your discharge rate.
- **18650 Li-ion:** read the datasheet's discharge curves for your load; a high-drain cell keeps its capacity at currents where a high-capacity cell does not.

## A full example

The rover drives for 30 minutes of every hour at 1.2 A and rests at 0.15 A: average 0.5 × 1200 + 0.5 × 150 = 675 mA. With a 2200 mAh pack and the default efficiency: 2200 × 0.8 / 675 = 2.6 hours of that pattern. Plan to stop well before that, and let the firmware's low-battery refusal be the backstop, not the plan.
`;

const WIRE_GAUGE = `# Choosing a wire gauge

Every wire is a small resistor, and at motor currents the voltage it loses matters. The \`wire-gauge\` calculator finds the thinnest copper wire whose voltage drop stays within a limit.

## Inputs

- \`current\` (A): the load current;
- \`lengthM\` (m): the **one-way** length; the current goes out and back, so the calculator uses twice this;
- \`voltage\` (V): the supply;
- \`maxDropPercent\` (%): the largest acceptable drop over the round trip.

## The formulas

For each gauge from AWG 40 (thinnest) towards 4/0 (thickest), the calculator computes:

- diameter: d = 0.127 mm × 92^((36 - n) / 39) (ASTM B258), for AWG number n, where 1/0 is 0, 2/0 is -1, 3/0 is -2 and 4/0 is -3;
- area: A = π × d² / 4;
- round-trip resistance: R = ρ × 2L / A, with ρ = 1.724 × 10^-8 ohm·m (annealed copper at 20 °C);
- drop: V = I × R, and as a percentage of the supply.

It returns the **first** (thinnest) gauge whose drop is within the limit: \`awg\`, \`awgLabel\` (as printed: "18", "1/0"), \`diameterMm\`, \`areaMm2\`, \`resistance\`, \`voltageDrop\` and \`dropPercent\`. If even 4/0 drops too much, the answer is a 422 error on \`maxDropPercent\`.

## Examples

| current | one-way length | supply | max drop | result |
| --- | --- | --- | --- | --- |
| 3 A | 0.5 m | 12V | 2 % | AWG 23 (0.26 mm²), 0.20V drop |
| 2 A | 0.3 m | 11.1V | 3 % | AWG 29 (0.064 mm²), 0.32V drop |
| 20 A | 1 m | 12V | 3 % | AWG 14 (2.08 mm²), 0.33V drop |
| 15 mA | 0.2 m | 5V | 2 % | AWG 40, 0.02V drop |

## The calculator does not check heating

The drop rule answers one question: "does the load get enough voltage?". It does **not** check ampacity, the current a wire can carry before its insulation gets too hot. On a small rover the runs are short, so the drop rule often picks a wire far too thin for the current, as the 3 A example shows (AWG 23). Always check the result against the ampacity table of your wire's maker or the applicable standard, and take the thicker of the two answers. Also check:

- **the fuse:** the wire must survive the fuse's current until it blows. On the rover the 5 A fuse sets the minimum for every wire on the battery side;
- **the connectors:** an XT60 is made for 12-14 AWG; a Dupont jumper is for signals only;
- **temperature:** copper's resistance rises by about 0.4 % per °C, so a hot wire drops more than the 20 °C figure;
- **flexibility:** stranded silicone-insulated wire suits battery and motor leads that move; solid core breaks under vibration.

## Choosing the drop limit

- Motor leads: 2-5 % is usual; more costs speed and torque.
- Logic supplies: keep the drop small. An Arduino fed 5V over a thin, long lead can brown out when the motors start, because the same ground wire also carries motor current. Give logic its own ground return to the battery's star point.
- Sensor signals: the current is tiny, so the drop is nothing (the 15 mA example reaches AWG 40, the thinnest the calculator considers); pick wire for mechanical strength instead.

## Reading AWG

Higher numbers are thinner. Every 6 gauges halve the diameter; every 3 gauges roughly halve the area and double the resistance per metre. AWG 18 is about 1.0 mm in diameter and 0.82 mm²; AWG 12 about 2.05 mm and 3.3 mm².

## A rover example

The battery-to-driver run on the rover is about 0.3 m each way, carrying up to the 3 A over-current limit from a pack that may be as low as 10.5V. With a 2 % limit the calculator gives a thin gauge for the drop alone; the fuse (5 A) and the XT60 then decide: use 16-14 AWG silicone wire for the main leads, and 20-22 AWG for the motor leads of small TT motors.
`;

const TROUBLESHOOTING = `# Troubleshooting the rover

Start with the evidence the system already keeps: the \`TEL\` flags (1 e-stop, 2 moving, 4 host-heartbeat timeout, 8 frames dropped), any \`FLT\` line, the command history (\`GET /api/rover/commands\`, with each stage timestamped), the alerts channel and the audit log.

## "The rover stops by itself"

Work down this list; the first four are the system doing its job.

1. **A timed move ended.** A command with a \`duration\` stops when it runs out and the rover sends \`DON\`. The command history shows it completed. Send \`duration\` only when you want the rover to stop by itself.
2. **The operator deadman.** While the rover moves under your commands, the service stops it when you send no command or socket \`heartbeat\` for \`DEADMAN_TIMEOUT_MS\` (1000 ms by default). Look for a \`deadman_stop\` alert and audit entry. A client that drives must keep sending heartbeats; a background browser tab may be throttled and fall behind.
3. **The firmware deadman.** The rover stops when no valid host frame arrives for 500 ms and sets flag 4 in \`TEL\`. Causes: a loose or long USB cable, a USB hub that drops out, another program (an Arduino serial monitor) holding the port, a wrong \`SERIAL_BAUD\`, or a host too busy to send its 200 ms heartbeats. Rising drop counts in \`/metrics\` point to a noisy link.
4. **A fault.** A \`FLT\` line names it, the motors stop, and \`MOV\` gets \`NAK FAULT\` (422) until it clears:
   - \`BATTERY_CRITICAL\`: below 9.6V for one second. Sag under load counts: a worn pack that reads 11V at rest can dip that far when both motors start. It clears at 10.8V or more for a second, normally only after charging.
   - \`SENSOR_FAILURE\`: no echo edge for 10 pings (see below).
   - \`OVERTEMP\`: the ATmega die above 80 °C (clears below 70 °C). The reading is uncalibrated and can be 10 °C off; a real trip means the electronics bay is far too hot.
   - \`MOTOR_OVERCURRENT\` (current-sensing builds only): above 3.0 A for 250 ms, cleared 3 s later. Look for a stalled wheel or a short.
5. **Low battery.** Below 10.5V for one second the rover refuses new moves with \`NAK LOWBAT\` (422); a refused move also stops one still running.
6. **The collision guard.** 409 \`collision_risk\` for forward motion: an obstacle is inside a \`stop\` module's \`minDistance\`, or there has been no fresh telemetry for a second. Reverse is always allowed.
7. **Someone pressed the e-stop.** 409 \`estop_latched\` and flag 1. Check the audit log for who and when, then resume with a reason.
8. **The link is down.** After 2 s without telemetry the service raises an alert and answers 503 \`hardware_unavailable\`.
9. **The Uno reset.** A new \`HEL\` line in the middle of a drive, with the rover's sequence numbers starting again from 0, means the board rebooted. Usually the motors pulled the supply down (a brownout) or their noise reached the reset line. Give the motors their own regulator, add 100 nF across each motor and 100 µF at the driver, join grounds at one point, and keep motor wires away from the Uno.

## "The motor driver gets hot"

- **An L298N is supposed to be warm.** Its bipolar outputs drop about 2V at 1 A (source and sink together), and that times the current is heat: 2 W per channel at 1 A. Keep the heatsink on and give it air. If it is too hot to touch at moderate speeds, the current is too high.
- **Stalled or binding wheels.** A stalled motor draws several times its running current. Spin each wheel by hand with the power off; check for hair and string on the axles, and gearboxes that grind.
- **Holding a brake.** With both inputs equal and the enable high, the L298N brakes the motor; the firmware never does this, but a hand-written test sketch might.
- **Too much voltage.** TT motors fed from a full 3S pack (over 10V at the motor) draw far more than they should and get hot too. Feed the driver from the buck regulator set to about 8V.
- **The lasting fix** is a MOSFET driver: a TB6612FNG drops a fraction of a volt at rover currents and needs no heatsink, and it connects to the same Uno pins.
- Measure instead of guessing: the ACS712-05B build reports \`currentA\` in telemetry.

## "The ultrasonic sensor reads 0 or max"

In telemetry, \`obstacleM\` of \`-1\` (\`null\` in the status) means no echo within 4 m, the sensor's "max". Simple test sketches that use \`pulseIn()\` print 0 instead when it times out.

- **Nothing in front.** Within 4 m there really may be nothing, or only soft, angled or thin things: fabric, foam, a wall met at a slant, chair legs. Test with a book held flat 50 cm in front: \`TEL\` should show about 0.500.
- **Always a short, fixed distance.** The sensor sees the floor or part of the chassis. Raise it, tilt it up slightly and keep the front clear.
- **Always -1, then \`SENSOR_FAILURE\`.** No echo edge at all: ECHO is stuck high or the sensor is unplugged (the firmware's pull-up makes an open line look stuck high). Check that TRIG goes to D4 and ECHO to D2 and not the other way round, that VCC is 5V (not 3.3V), and that GND is connected.
- **Jumping values while the motors run.** Motor noise on the 5V rail. Add 100 nF and 100 µF at the sensor, separate the sensor wires from the motor wires, and check the motor capacitors.
- **Readings that flicker between near and far.** Another ultrasonic sensor, or an echo from a previous ping: the firmware waits 60 ms between pings, so check for a second HC-SR04 pinging at the same time.
- **On a 3.3V board.** ECHO is a 5V signal. Without a divider the input may read nonsense, or be damaged.
- **Still odd?** Swap in a spare module: they are cheap and vary a lot.
`;

export const SEED_DOCUMENTS: readonly DocumentSeed[] = [
  {
    title: 'Rover wiring guide: Arduino Uno, L298N, TT motors, HC-SR04, battery and buck regulator',
    category: 'wiring-guide',
    summary:
      'Pin-by-pin wiring of the reference rover as firmware/rover/rover.ino expects it: L298N on D5-D10, HC-SR04 on D4/D2, the battery divider on A0, and a 3S pack feeding the motors through an LM2596 buck regulator.',
    body: ROVER_WIRING,
    partNames: [
      'Arduino Uno R3',
      'L298N dual H-bridge motor driver module',
      'TT gear motor 3-6V',
      'HC-SR04',
      '3S LiPo battery 2200mAh',
      'LM2596 buck converter module',
      'ACS712-05B current sensor (±5 A)',
      'Resistor 10k ohm 1/4 W',
      'Resistor 3.3k ohm 1/4 W',
      'Ceramic capacitor 100 nF',
      'Electrolytic capacitor 100 uF 25 V',
      'XT60 connector',
      'Blade fuse 5 A (ATO)',
      'USB-B connector',
      'JGA25-370 gear motor 12V',
    ],
  },
  {
    title: 'Wiring the HC-SR04 ultrasonic sensor',
    category: 'wiring-guide',
    summary:
      'How the HC-SR04 measures distance, how the rover wires it (5V, TRIG on D4, ECHO on D2 by interrupt), what the firmware reports, and the voltage divider a 3.3V board needs on ECHO.',
    body: HC_SR04_WIRING,
    partNames: [
      'HC-SR04',
      'Arduino Uno R3',
      'ESP32-DevKitC',
      'Resistor 3.3k ohm 1/4 W',
      'Resistor 4.7k ohm 1/4 W',
      'Resistor 1k ohm 1/4 W',
      'Logic level shifter BSS138 (4-channel)',
      'Ceramic capacitor 100 nF',
    ],
  },
  {
    title: 'Wiring the L298N motor driver, and why it gets hot',
    category: 'wiring-guide',
    summary:
      'Terminals, the 5V-EN jumper and the control table of the L298N module; why its bipolar outputs lose about 2V and turn it into heat; and the TB6612FNG as a cooler drop-in replacement on the same pins.',
    body: L298N_WIRING,
    partNames: [
      'L298N dual H-bridge motor driver module',
      'TB6612FNG dual motor driver',
      'DRV8833 dual motor driver',
      'Arduino Uno R3',
      'TT gear motor 3-6V',
      'LM2596 buck converter module',
      'Ceramic capacitor 100 nF',
      'Electrolytic capacitor 100 uF 25 V',
      'NTC thermistor 10k B3950',
    ],
  },
  {
    title: 'The serial protocol between the service and the rover',
    category: 'protocol',
    summary:
      'Frames, NMEA-style checksums, sequence numbers, ACK/NAK/DON, TEL fields, EST and the liveness rules of the v1 wire protocol that the HardwareService and the rover firmware speak.',
    body: SERIAL_PROTOCOL,
    partNames: [
      'Arduino Uno R3',
      'USB-B connector',
      'CH340G USB-UART chip',
      'CP2102 USB-UART adapter',
    ],
  },
  {
    title: 'Emergency stop and deadman safety',
    category: 'safety',
    summary:
      'How the e-stop latch, resume, the operator deadman, the firmware deadman and a hardware kill switch each stop the rover, what the API answers, and the drills that prove they work.',
    body: ESTOP_SAFETY,
    partNames: [
      'Arduino Uno R3',
      'Emergency stop button (22 mm, latching)',
      '5V relay module 1-channel (SRD-05VDC-SL-C)',
      'L298N dual H-bridge motor driver module',
    ],
  },
  {
    title: 'LiPo and Li-ion battery safety',
    category: 'safety',
    summary:
      'Cell voltages and the rover thresholds, balance charging, storage voltage, fusing and XT60 connectors, and when to retire a pack.',
    body: BATTERY_SAFETY,
    partNames: [
      '3S LiPo battery 2200mAh',
      '2S LiPo battery 2200mAh',
      '18650 Li-ion cell',
      'Samsung INR18650-25R',
      'SkyRC iMAX B6 balance charger',
      'TP4056 Li-ion charger module',
      'XT60 connector',
      'JST-XH connector 2.5 mm',
      'Blade fuse 5 A (ATO)',
    ],
  },
  {
    title: 'Power budget and voltage regulators',
    category: 'wiring-guide',
    summary:
      'Adding up what the rover draws, why a linear regulator burns (Vin - Vout) × I while a buck converter does not, and a worked budget for the reference rover.',
    body: POWER_BUDGET,
    partNames: [
      'LM7805 5V linear regulator',
      'AMS1117-3.3 regulator',
      'LM2596 buck converter module',
      'MP1584 buck converter module',
      'Pololu D24V10F5 5V 1A step-down regulator',
      'XL6009 boost converter module',
      'MT3608 boost converter module',
      'LM317 adjustable regulator',
      '3S LiPo battery 2200mAh',
      'Arduino Uno R3',
      'HC-SR04',
      'ACS712-05B current sensor (±5 A)',
      'L298N dual H-bridge motor driver module',
      'TB6612FNG dual motor driver',
      'TT gear motor 3-6V',
      'MG996R servo',
    ],
  },
  {
    title: 'The collision guard and obstacle distance',
    category: 'safety',
    summary:
      'How the service refuses or slows forward motion from the last reported obstacle distance and the enabled collision-avoidance modules, what it cannot catch, and how to choose minDistance.',
    body: COLLISION_GUARD,
    partNames: ['HC-SR04', 'VL53L1X', 'TFMini-S', 'Sharp GP2Y0A21YK0F', 'Arduino Uno R3'],
  },
  {
    title: "Ohm's law and power calculator",
    category: 'calculator',
    summary:
      'V = I × R and P = V × I from any two of voltage, current and resistance, as the ohms-law and power calculators compute them, with rover examples.',
    body: OHMS_LAW,
    partNames: [
      'Resistor 220 ohm 1/4 W',
      'Resistor 10k ohm 1/4 W',
      'NEMA 17 stepper motor 17HS4401',
      'DRV8825 stepper driver',
      'ACS712-05B current sensor (±5 A)',
      'Arduino Uno R3',
    ],
  },
  {
    title: 'LED series resistor selection (E12/E24)',
    category: 'calculator',
    summary:
      'R = (Vsupply - Vf) / I rounded up to the next E12 and E24 value, with its power rating: 5V, 2V LED, 20 mA -> 150 ohm.',
    body: LED_RESISTOR,
    partNames: [
      '5 mm red LED',
      'Resistor 220 ohm 1/4 W',
      'WS2812B addressable RGB LED',
      'ULN2003A Darlington array',
      'Arduino Uno R3',
    ],
  },
  {
    title: 'Voltage divider calculator',
    category: 'calculator',
    summary:
      'Vout = Vin × R2 / (R1 + R2) for an unloaded divider (12V over 10k / 4.7k -> 3.84V), the rover battery divider, loading, and level-shifting a 5V signal.',
    body: VOLTAGE_DIVIDER,
    partNames: [
      'Resistor 10k ohm 1/4 W',
      'Resistor 4.7k ohm 1/4 W',
      'Resistor 3.3k ohm 1/4 W',
      'Resistor 1k ohm 1/4 W',
      'Voltage sensor module 0-25V',
      'HC-SR04',
      '3S LiPo battery 2200mAh',
      'Arduino Uno R3',
      'LM358 dual op-amp',
      'Logic level shifter BSS138 (4-channel)',
    ],
  },
  {
    title: 'RC time constant calculator',
    category: 'calculator',
    summary:
      'tau = R × C, 63 % after one tau and 99 % after five, and where RC timing shows up on the rover: debouncing, filters, ADC settling and the Uno auto-reset.',
    body: RC_TIME_CONSTANT,
    partNames: [
      'NE555 timer',
      'Resistor 10k ohm 1/4 W',
      'Ceramic capacitor 100 nF',
      'Electrolytic capacitor 100 uF 25 V',
      'Arduino Uno R3',
    ],
  },
  {
    title: 'Battery life estimation',
    category: 'calculator',
    summary:
      'Hours = capacity × efficiency / load (efficiency 0.8 by default), how to measure the average load, and what the rover thresholds and standby drain do to run time.',
    body: BATTERY_LIFE,
    partNames: [
      '3S LiPo battery 2200mAh',
      'CR2032 coin cell',
      '4xAA NiMH battery pack',
      '18650 Li-ion cell',
      '9V PP3 battery',
      'ACS712-05B current sensor (±5 A)',
      'Arduino Uno R3',
    ],
  },
  {
    title: 'Wire gauge selection',
    category: 'calculator',
    summary:
      'The thinnest copper AWG whose round-trip voltage drop stays within a limit, from the ASTM B258 diameter and copper resistivity, and why ampacity, fuses and connectors must be checked too.',
    body: WIRE_GAUGE,
    partNames: [
      '3S LiPo battery 2200mAh',
      'XT60 connector',
      'Blade fuse 5 A (ATO)',
      'Dupont jumper wires 2.54 mm',
      'TT gear motor 3-6V',
      'Arduino Uno R3',
    ],
  },
  {
    title: 'Troubleshooting the rover',
    category: 'troubleshooting',
    summary:
      'What to check when the rover stops by itself, when the motor driver gets hot, and when the ultrasonic sensor reads 0 or max.',
    body: TROUBLESHOOTING,
    partNames: [
      'Arduino Uno R3',
      'L298N dual H-bridge motor driver module',
      'TB6612FNG dual motor driver',
      'HC-SR04',
      '3S LiPo battery 2200mAh',
      'LM2596 buck converter module',
      'ACS712-05B current sensor (±5 A)',
      'Ceramic capacitor 100 nF',
      'Electrolytic capacitor 100 uF 25 V',
    ],
  },
];
