import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { SerialPort } from 'serialport';
import { AppConfig } from '../../config/app-config';
import { describeUsb } from './known-boards';

export interface DiscoveredPort {
  port: string;
  description: string;
  hwid: string;
  is_arduino: boolean;
}

/** serialport's list runs udevadm, absent on many small systems; past this it is given up on. */
const LIST_TIMEOUT_MS = 2000;

export interface DiscoveryRoots {
  dev: string;
  sys: string;
}

/**
 * The serial ports a board may be on: serialport's list where it works, else (udevadm missing,
 * as on this project's machines) a scan of /dev/serial/by-id, /dev/ttyACM* and /dev/ttyUSB*, with
 * USB ids read from sysfs; plus ARDUINO_EXTRA_PORTS (the ptys of simulated boards) that exist.
 * Only ports listed here will be accepted for upload and the monitor.
 */
@Injectable()
export class PortDiscovery {
  private readonly logger = new Logger('PortDiscovery');
  private listFailedLogged = false;
  private readonly extraPorts: readonly string[];
  /** Where the scan looks; the tests lay out a /dev and a /sys of their own. */
  roots: DiscoveryRoots = { dev: '/dev', sys: '/sys' };
  /** False in the tests that scan their own tree, so the host's ports cannot leak in. */
  useSerialportList = true;

  constructor(config: AppConfig) {
    this.extraPorts = config.arduino.extraPorts;
  }

  async list(): Promise<DiscoveredPort[]> {
    const found = new Map<string, DiscoveredPort>();
    const listed = this.useSerialportList ? await this.fromSerialport() : undefined;
    for (const port of listed ?? (await this.scan())) found.set(port.port, port);
    for (const path of this.extraPorts) {
      if (found.has(path) || !(await exists(path))) continue;
      found.set(path, {
        port: path,
        description: 'Configured port',
        hwid: 'n/a',
        is_arduino: false,
      });
    }
    return [...found.values()].sort((a, b) => a.port.localeCompare(b.port));
  }

  private async fromSerialport(): Promise<DiscoveredPort[] | undefined> {
    try {
      const ports = await withTimeout(SerialPort.list(), LIST_TIMEOUT_MS);
      return ports
        .filter((p) => /tty(ACM|USB)/.test(p.path))
        .map((p) => {
          const usb = p.vendorId && p.productId ? { vid: p.vendorId, pid: p.productId } : undefined;
          const known = usb ? describeUsb(usb.vid, usb.pid) : undefined;
          return {
            port: p.path,
            description: known?.description ?? p.manufacturer ?? 'Serial port',
            hwid: usb ? hwidOf(usb.vid, usb.pid) : 'n/a',
            is_arduino: known?.isArduino ?? false,
          };
        });
    } catch (error) {
      if (!this.listFailedLogged) {
        this.listFailedLogged = true;
        this.logger.log(
          { error: error instanceof Error ? error.message : String(error) },
          "serialport's list is not available here; scanning /dev instead",
        );
      }
      return undefined;
    }
  }

  private async scan(): Promise<DiscoveredPort[]> {
    const { dev } = this.roots;
    const names = await readdir(dev).catch(() => [] as string[]);
    const devices = names.filter((n) => /^tty(ACM|USB)\d+$/.test(n)).map((n) => join(dev, n));
    const byId = join(dev, 'serial', 'by-id');
    for (const link of await readdir(byId).catch(() => [] as string[])) {
      const target = await realpath(join(byId, link)).catch(() => undefined);
      if (target && !devices.includes(target)) devices.push(target);
    }
    return Promise.all(devices.map((device) => this.describe(device)));
  }

  private async describe(device: string): Promise<DiscoveredPort> {
    const usb = await this.usbIdsOf(basename(device));
    const known = usb ? describeUsb(usb.vid, usb.pid) : undefined;
    return {
      port: device,
      description: known?.description ?? usb?.product ?? 'Serial port',
      hwid: usb ? hwidOf(usb.vid, usb.pid) : 'n/a',
      is_arduino: known?.isArduino ?? false,
    };
  }

  /** /sys/class/tty/<name>/device is the USB interface; its parent holds idVendor and idProduct. */
  private async usbIdsOf(
    name: string,
  ): Promise<{ vid: string; pid: string; product?: string } | undefined> {
    let iface: string;
    try {
      iface = await realpath(join(this.roots.sys, 'class', 'tty', name, 'device'));
    } catch {
      return undefined; // not a USB device
    }
    for (const dir of [join(iface, '..'), iface]) {
      const read = (file: string) =>
        readFile(join(dir, file), 'utf8').then(
          (text) => text.trim(),
          () => undefined,
        );
      const vid = await read('idVendor');
      const pid = await read('idProduct');
      if (vid && pid && /^[0-9a-f]{4}$/i.test(vid) && /^[0-9a-f]{4}$/i.test(pid)) {
        return { vid, pid, product: await read('product') };
      }
    }
    return undefined;
  }
}

function hwidOf(vid: string, pid: string): string {
  return `USB VID:PID=${vid.toUpperCase()}:${pid.toUpperCase()}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
