import type { DocumentSeed } from './seed-types';
import { ROVER_WIRING, HC_SR04_WIRING, L298N_WIRING } from './documents/wiring';
import { SERIAL_PROTOCOL } from './documents/serial-protocol';
import { ESTOP_SAFETY, BATTERY_SAFETY } from './documents/safety';
import { POWER_BUDGET, COLLISION_GUARD } from './documents/power-and-guard';
import {
  OHMS_LAW,
  LED_RESISTOR,
  VOLTAGE_DIVIDER,
  RC_TIME_CONSTANT,
  BATTERY_LIFE,
  WIRE_GAUGE,
} from './documents/calculators';
import { TROUBLESHOOTING } from './documents/troubleshooting';

/*
 * The shipped guides, written for the reference rover: the pins, thresholds and timings are those
 * of firmware/rover/rover.ino, docs/serial-protocol.md and the rover service, and the calculator
 * documents describe the formulas in src/knowledge/calculators. `partNames` are exact SEED_PARTS
 * names (the seed spec checks them).
 */

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
