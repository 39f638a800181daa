/** One guide per calculator family, with the formulas src/knowledge/calculators uses. Markdown bodies of SEED_DOCUMENTS. */

export const OHMS_LAW = `# Ohm's law and power

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

export const LED_RESISTOR = `# Choosing an LED series resistor (E12 and E24 values)

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

export const VOLTAGE_DIVIDER = `# Voltage dividers

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

export const RC_TIME_CONSTANT = `# RC time constant

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

export const BATTERY_LIFE = `# Estimating battery life

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

export const WIRE_GAUGE = `# Choosing a wire gauge

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
