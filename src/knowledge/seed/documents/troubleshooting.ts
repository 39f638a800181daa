/** Troubleshooting the rover. Markdown bodies of SEED_DOCUMENTS. */

export const TROUBLESHOOTING = `# Troubleshooting the rover

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
