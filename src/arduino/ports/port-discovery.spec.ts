import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { PortDiscovery } from './port-discovery';

/** A /dev and /sys laid out as Linux does for a USB-ACM Uno and a CH340 clone. */
function fakeSystem(root: string): void {
  const dev = join(root, 'dev');
  mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
  writeFileSync(join(dev, 'ttyACM0'), '');
  writeFileSync(join(dev, 'ttyUSB0'), '');
  writeFileSync(join(dev, 'ttyS0'), ''); // a UART, never a board
  symlinkSync('../../ttyACM0', join(dev, 'serial', 'by-id', 'usb-Arduino_Uno_1234-if00'));
  const usbDevice = (name: string, vid: string, pid: string, product: string) => {
    const dir = join(root, 'sys', 'devices', 'usb1', name);
    mkdirSync(join(dir, `${name}:1.0`), { recursive: true });
    writeFileSync(join(dir, 'idVendor'), `${vid}\n`);
    writeFileSync(join(dir, 'idProduct'), `${pid}\n`);
    writeFileSync(join(dir, 'product'), `${product}\n`);
    return join(dir, `${name}:1.0`);
  };
  mkdirSync(join(root, 'sys', 'class', 'tty', 'ttyACM0'), { recursive: true });
  mkdirSync(join(root, 'sys', 'class', 'tty', 'ttyUSB0'), { recursive: true });
  symlinkSync(
    usbDevice('1-1', '2341', '0043', 'Arduino Uno'),
    join(root, 'sys', 'class', 'tty', 'ttyACM0', 'device'),
  );
  symlinkSync(
    usbDevice('1-2', '1a86', '7523', 'USB Serial'),
    join(root, 'sys', 'class', 'tty', 'ttyUSB0', 'device'),
  );
}

describe(PortDiscovery.name, () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rmc-ports-'));
    fakeSystem(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const discovery = (extraPorts: string[] = []) => {
    const d = new PortDiscovery({ arduino: { extraPorts } } as unknown as AppConfig);
    d.roots = { dev: join(root, 'dev'), sys: join(root, 'sys') };
    d.useSerialportList = false;
    return d;
  };

  it('should list ACM and USB ports with their USB ids, an Uno as an Arduino and a CH340 as not', async () => {
    expect(await discovery().list()).toEqual([
      {
        port: join(root, 'dev', 'ttyACM0'),
        description: 'Arduino Uno',
        hwid: 'USB VID:PID=2341:0043',
        is_arduino: true,
      },
      {
        port: join(root, 'dev', 'ttyUSB0'),
        description: 'CH340 USB-serial (often an Arduino clone)',
        hwid: 'USB VID:PID=1A86:7523',
        is_arduino: false,
      },
    ]);
  });

  it('should add configured extra ports that exist, and only those', async () => {
    const pty = join(root, 'dev', 'pts-7');
    writeFileSync(pty, '');
    const ports = await discovery([pty, join(root, 'dev', 'gone')]).list();
    expect(ports.map((p) => p.port)).toEqual([
      join(root, 'dev', 'pts-7'),
      join(root, 'dev', 'ttyACM0'),
      join(root, 'dev', 'ttyUSB0'),
    ]);
    expect(ports[0]).toMatchObject({ description: 'Configured port', is_arduino: false });
  });

  it('should answer an empty list when there is no /dev to scan', async () => {
    const d = discovery();
    d.roots = { dev: join(root, 'nothing'), sys: join(root, 'nothing') };
    expect(await d.list()).toEqual([]);
  });
});
