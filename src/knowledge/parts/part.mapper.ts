import type { PartResponseDto } from './dto/part.dto';
import type { PartEntity } from './part.entity';

export function toPartResponse(row: PartEntity): PartResponseDto {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    manufacturer: row.manufacturer,
    description: row.description ?? '',
    voltageMin: row.voltageMin,
    voltageMax: row.voltageMax,
    currentMax: row.currentMax,
    interface: row.interface,
    pinout: row.pinout.map((p) => ({ pin: p.pin, function: p.function })),
    specs: { ...row.specs },
    datasheetUrl: row.datasheetUrl,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
