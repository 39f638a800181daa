import type { BoardInfo } from '../boards';

/**
 * avrdude's argv for flashing one image through a board's bootloader. Every value comes from the
 * board allowlist, the port listing and the compilation store, never from the request as typed.
 * `-D` keeps the bootloader's erase; `-x attempts=1`: a board that does not answer is reported in
 * seconds, not after avrdude's ten tries of about 56 s.
 */
export function avrdudeArgv(
  executable: string,
  board: BoardInfo,
  port: string,
  hexPath: string,
): string[] {
  return [
    executable,
    '-C',
    '/etc/avrdude.conf',
    '-p',
    board.mcu,
    '-c',
    board.protocol,
    '-P',
    port,
    '-b',
    String(board.uploadBaud),
    '-D',
    ...(board.protocol === 'arduino' ? ['-x', 'attempts=1'] : []),
    '-U',
    `flash:w:${hexPath}:i`,
  ];
}
