/** The wiring guides: the whole rover, the HC-SR04, the L298N. Markdown bodies of SEED_DOCUMENTS. */

export const ROVER_WIRING = `# Rover wiring guide

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

export const HC_SR04_WIRING = `# Wiring the HC-SR04 ultrasonic sensor

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

export const L298N_WIRING = `# Wiring the L298N motor driver, and why it gets hot

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
