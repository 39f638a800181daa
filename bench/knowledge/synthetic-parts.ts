/**
 * Synthetic parts for the knowledge benchmark: plausible names, descriptions, pins and specs built
 * from a fixed vocabulary with a seeded generator, so that every run (and both drivers) stores the
 * same rows. Common words ("sensor", "module", "5V", "I2C") land in many rows, a part's own model
 * code in one, the names of popular seed parts ("HC-SR04", "L298N") in a few hundred, and
 * "optocoupler" in about one row in ten thousand.
 */
import type { PartCategory, PinSeed } from '../../src/knowledge/seed/seed-types';

export interface SyntheticPart {
  id: string;
  name: string;
  description: string;
  category: PartCategory;
  manufacturer: string | null;
  voltageMin: number | null;
  voltageMax: number | null;
  currentMax: number | null;
  interface: string | null;
  pinout: PinSeed[];
  specs: Record<string, string>;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CategoryVocabulary {
  category: PartCategory;
  /** Relative share of the rows. */
  weight: number;
  nouns: string[];
  interfaces: (string | null)[];
  features: string[];
  prefixes: string[];
}

const CATEGORIES: CategoryVocabulary[] = [
  {
    category: 'sensor',
    weight: 25,
    nouns: [
      'ultrasonic distance sensor',
      'infrared distance sensor',
      'time-of-flight distance sensor',
      'temperature sensor',
      'humidity and temperature sensor',
      'barometric pressure sensor',
      'gas sensor',
      'ambient light sensor',
      'line tracking sensor',
      'current sensor',
      'voltage sensor',
      'accelerometer',
      'gyroscope and accelerometer IMU',
      'magnetometer compass',
      'hall effect sensor',
      'soil moisture sensor',
      'flame sensor',
      'sound sensor',
      'rain sensor',
      'load cell amplifier',
      'wheel encoder',
    ],
    interfaces: ['I2C', 'I2C', 'SPI', 'analog', 'analog', 'GPIO', 'UART', '1-Wire'],
    features: [
      'Measures up to 100 times per second with a typical accuracy of 2%.',
      'Onboard voltage regulator and level shifting, so it works on 3.3V and 5V boards.',
      'Detects obstacles from 2 cm to 4 m in front of the rover.',
      'Factory calibrated; readings are compensated for temperature.',
      'Adjustable threshold with a trimmer potentiometer and a status LED.',
    ],
    prefixes: ['SN', 'DS', 'TX', 'QM', 'HV'],
  },
  {
    category: 'motor-driver',
    weight: 8,
    nouns: [
      'dual H-bridge motor driver',
      'stepper motor driver',
      'brushed DC motor driver',
      'servo driver board',
      'brushless ESC',
      'MOSFET motor driver',
    ],
    interfaces: ['PWM', 'PWM', 'GPIO', 'I2C', 'UART'],
    features: [
      'Drives two DC motors up to 2 A each with PWM speed control.',
      'Thermal shutdown and over-current protection; a heat sink is recommended above 1 A.',
      'Logic inputs accept 3.3V and 5V signals.',
      'Microstepping up to 1/16 step with an adjustable current limit.',
    ],
    prefixes: ['MD', 'HB', 'DRV', 'BT'],
  },
  {
    category: 'motor',
    weight: 8,
    nouns: [
      'gear motor',
      'micro metal gear motor',
      'stepper motor',
      'micro servo',
      'metal gear servo',
      'brushless motor',
      'vibration motor',
      'linear actuator',
    ],
    interfaces: [null, null, 'PWM'],
    features: [
      'Gear ratio 1:48, about 200 rpm at 6V without load.',
      'Stall torque 1.8 kg cm; draws up to 1.5 A at stall.',
      'D-shaft with a 3 mm diameter and mounting holes for M2 screws.',
      '200 steps per revolution, 1.8 degrees per step.',
    ],
    prefixes: ['GM', 'JG', 'NM', 'MG'],
  },
  {
    category: 'regulator',
    weight: 8,
    nouns: [
      'buck converter module',
      'boost converter module',
      'buck-boost converter',
      'linear voltage regulator',
      'LDO regulator',
      'step-down regulator',
      'adjustable voltage regulator',
    ],
    interfaces: [null],
    features: [
      'Input 6-32V, output adjustable from 1.25V with a multi-turn potentiometer.',
      'Up to 3 A output with 92% efficiency at 12V in and 5V out.',
      'Low dropout of 250 mV at full load; needs ceramic capacitors on input and output.',
      'Fixed 5V output for the logic rail of a rover running on a 2S LiPo battery.',
    ],
    prefixes: ['LM', 'XL', 'MP', 'AMS'],
  },
  {
    category: 'passive',
    weight: 15,
    nouns: [
      'carbon film resistor',
      'ceramic capacitor',
      'electrolytic capacitor',
      'power inductor',
      'potentiometer',
      'quartz crystal',
      'blade fuse',
      'ferrite bead',
      'NTC thermistor',
    ],
    interfaces: [null],
    features: [
      'Through-hole, 2.54 mm lead spacing, tolerance 5%.',
      'Rated for 25 V and 105 degrees C.',
      'Surface mount 0805 package, sold in strips of 50.',
      'Place one across the supply pins of every chip to decouple it.',
    ],
    prefixes: ['R', 'C', 'L', 'RV'],
  },
  {
    category: 'semiconductor',
    weight: 8,
    nouns: [
      'NPN transistor',
      'PNP transistor',
      'N-channel MOSFET',
      'Schottky diode',
      'rectifier diode',
      'zener diode',
      'dual op-amp',
      'comparator',
      'timer IC',
      'shift register',
      'Darlington array',
    ],
    interfaces: [null, null, 'GPIO'],
    features: [
      'TO-92 package; switches loads up to 500 mA from a microcontroller pin.',
      'Logic-level gate, fully on at 5V, with a low on-resistance.',
      'Fast recovery; use it as a flyback diode across a motor or relay coil.',
      'DIP-8 package that fits a breadboard.',
    ],
    prefixes: ['Q', 'D', 'U', 'IC'],
  },
  {
    category: 'battery',
    weight: 5,
    nouns: [
      'LiPo battery',
      'Li-ion cell',
      'NiMH battery pack',
      'coin cell',
      'LiFePO4 battery',
      'battery holder',
    ],
    interfaces: [null],
    features: [
      'Capacity 2200 mAh, discharge rate 25C, XT60 plug and a JST-XH balance lead.',
      'Charge with a balance charger only; store at 3.8 V per cell.',
      'Protection circuit against over-discharge and short circuits.',
      'Nominal 7.4 V for two cells in series.',
    ],
    prefixes: ['BP', 'LP', 'CELL'],
  },
  {
    category: 'connector',
    weight: 8,
    nouns: [
      'JST connector',
      'XT60 connector',
      'screw terminal block',
      'pin header strip',
      'DC barrel jack',
      'USB-C connector',
      'Dupont cable set',
      'spring terminal',
    ],
    interfaces: [null, null, 'USB'],
    features: [
      'Rated 3 A per contact, 2.54 mm pitch.',
      'Keyed housing so it cannot be plugged in reversed.',
      'Solder cup contacts for 16-20 AWG wire.',
    ],
    prefixes: ['CN', 'J', 'X'],
  },
  {
    category: 'communication',
    weight: 5,
    nouns: [
      'Bluetooth module',
      'Wi-Fi module',
      'LoRa module',
      'CAN bus transceiver',
      'RS-485 transceiver',
      'USB-UART adapter',
      'GSM module',
      '2.4GHz radio transceiver',
    ],
    interfaces: ['UART', 'UART', 'SPI', 'USB'],
    features: [
      'Range up to 100 m line of sight with the onboard antenna.',
      'AT command set; default baud rate 9600.',
      'Pairs with a phone to drive the rover from an app.',
    ],
    prefixes: ['BT', 'WF', 'RF', 'COM'],
  },
  {
    category: 'display',
    weight: 4,
    nouns: [
      'OLED display',
      'character LCD display',
      'TFT display',
      'LED matrix display',
      '7-segment display',
      'e-paper display',
    ],
    interfaces: ['I2C', 'SPI', 'GPIO'],
    features: [
      '128x64 pixels, monochrome, readable in sunlight.',
      'Shows the battery voltage and the distance to the nearest obstacle.',
      'Backlight with adjustable brightness.',
    ],
    prefixes: ['OL', 'LCD', 'TFT'],
  },
  {
    category: 'module',
    weight: 4,
    nouns: [
      'relay module',
      'RTC module',
      'microSD card module',
      'buzzer module',
      'logic level shifter',
      'joystick module',
    ],
    interfaces: ['GPIO', 'I2C', 'SPI'],
    features: [
      'Screw terminals for the load side, a status LED and a flyback diode on board.',
      'Coin cell backup keeps the time when the rover is switched off.',
      'Bidirectional level shifting between 3.3V and 5V logic.',
    ],
    prefixes: ['MOD', 'KY', 'RL'],
  },
  {
    category: 'board',
    weight: 2,
    nouns: [
      'microcontroller board',
      'development board',
      'single-board computer',
      'motor controller carrier board',
    ],
    interfaces: ['USB, UART, I2C, SPI, PWM, analog', 'USB, UART, I2C, SPI'],
    features: [
      'ATmega328P at 16 MHz with 14 digital pins, 6 of them PWM.',
      'Dual-core processor with Wi-Fi and Bluetooth on board.',
      'Runs Linux; talks to the service over USB serial.',
    ],
    prefixes: ['UNO', 'DEV', 'SBC'],
  },
];

const BRANDS = [
  'Acme Robotics',
  'Voltix',
  'Sparkwave',
  'RoboParts',
  'Ampere Labs',
  'Nordbits',
  'Makerfield',
  'Circuitry Co',
  'Hobbytron',
  'Gearhead',
  'Ohmworks',
  'Pinewood Electronics',
];

const ADJECTIVES = [
  'Compact',
  'Low-power',
  'High-precision',
  'Rugged',
  'Breadboard-friendly',
  'Miniature',
  'Industrial',
  'Budget',
];

const COMMON_SENTENCES = [
  'Breadboard friendly with 2.54 mm header pins.',
  'Mounting holes for M3 screws.',
  'Operating temperature -40 to 85 degrees C.',
  'Reverse polarity protection on the supply input.',
  'Ships with example Arduino code and a wiring diagram.',
  'Popular in hobby robots, line followers and small rovers.',
];

/** Popular seed parts that clones and replacements name; the first ones most often. */
const CLONE_OF = [
  'HC-SR04',
  'L298N',
  'MPU-6050',
  'LM2596',
  'SG90',
  'DHT22',
  'BME280',
  'TB6612FNG',
  'ESP32',
  'NEO-6M',
  'SSD1306',
  'INA219',
  'A4988',
];

const VOLTAGES = [3.3, 5, 5, 5, 6, 7.4, 9, 12, 12, 24];

const PINS_BY_INTERFACE: Record<string, PinSeed[]> = {
  I2C: [
    { pin: 'SDA', function: 'I2C data' },
    { pin: 'SCL', function: 'I2C clock' },
  ],
  SPI: [
    { pin: 'MOSI', function: 'SPI data in' },
    { pin: 'MISO', function: 'SPI data out' },
    { pin: 'SCK', function: 'SPI clock' },
    { pin: 'CS', function: 'Chip select, active low' },
  ],
  UART: [
    { pin: 'TX', function: 'Serial transmit' },
    { pin: 'RX', function: 'Serial receive' },
  ],
  analog: [{ pin: 'OUT', function: 'Analog output to an ADC pin' }],
  GPIO: [{ pin: 'OUT', function: 'Digital output' }],
  PWM: [
    { pin: 'IN1', function: 'Direction input A' },
    { pin: 'IN2', function: 'Direction input B' },
    { pin: 'EN', function: 'PWM speed input' },
  ],
  '1-Wire': [{ pin: 'DQ', function: '1-Wire data, needs a 4.7k pull-up' }],
  USB: [
    { pin: 'D+', function: 'USB data plus' },
    { pin: 'D-', function: 'USB data minus' },
  ],
};

export class SyntheticParts {
  private readonly random: () => number;
  private readonly categoryCumulative: number[];
  private readonly cloneCumulative: number[];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    this.categoryCumulative = cumulative(CATEGORIES.map((c) => c.weight));
    // Zipf: the k-th name is 1/k as likely as the first.
    this.cloneCumulative = cumulative(CLONE_OF.map((_, k) => 1 / (k + 1)));
  }

  /** Part number `serial` (unique: it is in the name). */
  next(serial: number): SyntheticPart {
    const vocabulary = CATEGORIES[this.weighted(this.categoryCumulative)];
    const noun = this.pick(vocabulary.nouns);
    const brand = this.random() < 0.15 ? null : this.pick(BRANDS);
    const model = `${this.pick(vocabulary.prefixes)}-${(serial + 46_656).toString(36).toUpperCase()}`;
    const iface = this.pick(vocabulary.interfaces);
    const volts = this.pick(VOLTAGES);
    const sentences = [
      `${this.pick(ADJECTIVES)} ${noun} for robots and rovers, ${volts}V supply` +
        (iface ? `, ${iface} interface.` : '.'),
      this.pick(vocabulary.features),
    ];
    if (this.random() < 0.3) sentences.push(this.pick(COMMON_SENTENCES));
    if (this.random() < 0.03) {
      sentences.push(
        `Drop-in replacement for the ${CLONE_OF[this.weighted(this.cloneCumulative)]}.`,
      );
    }
    if (this.random() < 0.0001) sentences.push('The inputs are isolated by an optocoupler.');
    const milliamps = Math.round(5 + this.random() * 1995);
    const pinout: PinSeed[] = [
      { pin: 'VCC', function: `Supply input, ${volts}V` },
      { pin: 'GND', function: 'Ground' },
      ...(iface ? (PINS_BY_INTERFACE[iface.split(',')[0]] ?? []) : []),
    ];
    const specs: Record<string, string> = {
      'supply voltage': `${volts} V`,
      'operating current': `${milliamps} mA`,
      weight: `${Math.round(1 + this.random() * 120)} g`,
      dimensions: `${Math.round(5 + this.random() * 60)} x ${Math.round(5 + this.random() * 40)} mm`,
    };
    return {
      id: this.uuid(),
      name: `${brand ? `${brand} ` : ''}${model} ${noun}`,
      description: sentences.join(' '),
      category: vocabulary.category,
      manufacturer: brand,
      voltageMin: vocabulary.category === 'passive' ? null : volts,
      voltageMax: vocabulary.category === 'passive' ? null : volts,
      currentMax: milliamps / 1000,
      interface: iface,
      pinout,
      specs,
    };
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private weighted(cumulativeWeights: number[]): number {
    const x = this.random() * cumulativeWeights[cumulativeWeights.length - 1];
    const index = cumulativeWeights.findIndex((c) => x < c);
    return index < 0 ? cumulativeWeights.length - 1 : index;
  }

  /** A version-4-shaped UUID from the seeded generator, so that runs store the same ids. */
  private uuid(): string {
    const hex = (n: number) =>
      Array.from({ length: n }, () => Math.floor(this.random() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(this.random() * 4)]}${hex(3)}-${hex(12)}`;
  }
}

function cumulative(weights: number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
