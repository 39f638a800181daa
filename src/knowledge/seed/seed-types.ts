/** The shape of the shipped catalogue (loaded once by the SeedKnowledge migrations). */

export const PART_CATEGORIES = [
  'board',
  'sensor',
  'motor-driver',
  'motor',
  'regulator',
  'passive',
  'semiconductor',
  'battery',
  'connector',
  'communication',
  'display',
  'module',
] as const;
export type PartCategory = (typeof PART_CATEGORIES)[number];

export const DOCUMENT_CATEGORIES = [
  'wiring-guide',
  'protocol',
  'safety',
  'calculator',
  'troubleshooting',
] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export interface PinSeed {
  /** As printed on the board or in the datasheet: "VCC", "TRIG", "D13", "1". */
  pin: string;
  function: string;
}

export interface PartSeed {
  /** Unique ignoring case; the name people search for ("HC-SR04", "Arduino Uno R3"). */
  name: string;
  category: PartCategory;
  manufacturer: string | null;
  /** One to three sentences in plain words, including what a user would type to find it. */
  description: string;
  /** Supply voltage range in volts (both equal for a fixed supply); null where it does not apply. */
  voltageMin: number | null;
  voltageMax: number | null;
  /** Maximum or rated current in amperes (operating draw of a sensor, output rating of a driver). */
  currentMax: number | null;
  /** "I2C", "SPI", "UART", "PWM", "GPIO", "analog", "USB", ... or null. */
  interface: string | null;
  pinout: PinSeed[];
  /** Further figures, each with its unit in the value: { "range": "2-400 cm" }. */
  specs: Record<string, string>;
  /** The manufacturer's datasheet (https), or null when there is none worth citing. */
  datasheetUrl: string | null;
}

export interface DocumentSeed {
  /** Unique ignoring case. */
  title: string;
  category: DocumentCategory;
  /** One or two sentences. */
  summary: string;
  /** Markdown. */
  body: string;
  /** Names of parts in the seed catalogue that the document uses (exact `PartSeed.name`). */
  partNames: string[];
}
