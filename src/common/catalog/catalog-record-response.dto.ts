import { ApiProperty } from '@nestjs/swagger';

/** The fields every §2 catalogue record returns; each feature's response DTO adds its own. */
export abstract class CatalogRecordResponseDto {
  @ApiProperty({ format: 'uuid', example: '7f1c3a58-2f3e-4b8e-9d7a-0d6f1b2c3d4e' })
  id!: string;

  @ApiProperty({ example: 'front-loop' })
  name!: string;

  @ApiProperty({ example: 'A short description', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ description: 'Increments on every write; the ETag carries it', example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  updatedAt!: string;
}
