/**
 * The boards a job may name, as FQBNs: an allowlist, so that nothing a client sends reaches the
 * toolchain's argv except one of these exact strings. Plain `nano`, `mega` and `pro` take their
 * usual `cpu=` menu option, which the toolchain needs spelled out.
 */
export interface BoardInfo {
  fqbn: string;
  /** The FQBN handed to the toolchain (with the cpu= option where the board has a menu). */
  toolchainFqbn: string;
  name: string;
  mcu: string;
  /** avrdude's programmer and speed for the board's bootloader. */
  protocol: 'arduino' | 'wiring' | 'avr109';
  uploadBaud: number;
  maxSketchBytes: number;
}

const board = (
  fqbn: string,
  toolchainFqbn: string,
  name: string,
  mcu: string,
  protocol: BoardInfo['protocol'],
  uploadBaud: number,
  maxSketchBytes: number,
): BoardInfo => ({ fqbn, toolchainFqbn, name, mcu, protocol, uploadBaud, maxSketchBytes });

export const BOARDS: readonly BoardInfo[] = [
  board(
    'arduino:avr:uno',
    'arduino:avr:uno',
    'Arduino Uno',
    'atmega328p',
    'arduino',
    115200,
    32256,
  ),
  board(
    'arduino:avr:nano',
    'arduino:avr:nano:cpu=atmega328',
    'Arduino Nano',
    'atmega328p',
    'arduino',
    115200,
    30720,
  ),
  board(
    'arduino:avr:nano:cpu=atmega328',
    'arduino:avr:nano:cpu=atmega328',
    'Arduino Nano',
    'atmega328p',
    'arduino',
    115200,
    30720,
  ),
  board(
    'arduino:avr:nano:cpu=atmega328old',
    'arduino:avr:nano:cpu=atmega328old',
    'Arduino Nano (old bootloader)',
    'atmega328p',
    'arduino',
    57600,
    30720,
  ),
  board(
    'arduino:avr:mega',
    'arduino:avr:mega:cpu=atmega2560',
    'Arduino Mega 2560',
    'atmega2560',
    'wiring',
    115200,
    253952,
  ),
  board(
    'arduino:avr:mega:cpu=atmega2560',
    'arduino:avr:mega:cpu=atmega2560',
    'Arduino Mega 2560',
    'atmega2560',
    'wiring',
    115200,
    253952,
  ),
  board(
    'arduino:avr:leonardo',
    'arduino:avr:leonardo',
    'Arduino Leonardo',
    'atmega32u4',
    'avr109',
    57600,
    28672,
  ),
  board(
    'arduino:avr:micro',
    'arduino:avr:micro',
    'Arduino Micro',
    'atmega32u4',
    'avr109',
    57600,
    28672,
  ),
  board(
    'arduino:avr:pro:cpu=16MHzatmega328',
    'arduino:avr:pro:cpu=16MHzatmega328',
    'Arduino Pro Mini (5V, 16 MHz)',
    'atmega328p',
    'arduino',
    57600,
    30720,
  ),
  board(
    'arduino:avr:pro:cpu=8MHzatmega328',
    'arduino:avr:pro:cpu=8MHzatmega328',
    'Arduino Pro Mini (3.3V, 8 MHz)',
    'atmega328p',
    'arduino',
    57600,
    30720,
  ),
];

export const BOARD_FQBNS = BOARDS.map((b) => b.fqbn);

export function boardOf(fqbn: string): BoardInfo | undefined {
  return BOARDS.find((b) => b.fqbn === fqbn);
}
