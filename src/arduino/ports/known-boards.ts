/** USB vendor:product ids of genuine Arduino boards (lower case hex), and what they are. */
const ARDUINO_BOARDS: Record<string, string> = {
  '2341:0043': 'Arduino Uno',
  '2341:0001': 'Arduino Uno',
  '2341:0243': 'Arduino Uno',
  '2341:0010': 'Arduino Mega 2560',
  '2341:0042': 'Arduino Mega 2560',
  '2341:0242': 'Arduino Mega 2560',
  '2341:0036': 'Arduino Leonardo (bootloader)',
  '2341:8036': 'Arduino Leonardo',
  '2341:0037': 'Arduino Micro (bootloader)',
  '2341:8037': 'Arduino Micro',
  '2341:0058': 'Arduino Nano Every',
  '2341:805a': 'Arduino Nano 33 BLE',
  '2341:0069': 'Arduino Uno R4 Minima',
  '2341:1002': 'Arduino Uno R4 WiFi',
  '2a03:0043': 'Arduino Uno (arduino.org)',
  '2a03:0042': 'Arduino Mega 2560 (arduino.org)',
  '2a03:8036': 'Arduino Leonardo (arduino.org)',
};

/** USB-serial bridges that clones use: named, but not claimed to be an Arduino. */
const SERIAL_BRIDGES: Record<string, string> = {
  '1a86:7523': 'CH340 USB-serial (often an Arduino clone)',
  '0403:6001': 'FTDI FT232R USB-serial',
  '10c4:ea60': 'Silicon Labs CP210x USB-serial',
};

export function describeUsb(
  vid: string,
  pid: string,
): { description: string; isArduino: boolean } | undefined {
  const key = `${vid.toLowerCase()}:${pid.toLowerCase()}`;
  if (ARDUINO_BOARDS[key]) return { description: ARDUINO_BOARDS[key], isArduino: true };
  if (SERIAL_BRIDGES[key]) return { description: SERIAL_BRIDGES[key], isArduino: false };
  return undefined;
}
