import { Body, Controller, Header, HttpCode, Post, type StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RequireScopes } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { ExportTelemetryDto } from './dto/export.dto';
import { TelemetryExportService } from './export.service';

@ApiTags('telemetry')
@Controller('data')
export class TelemetryExportController {
  constructor(private readonly exports: TelemetryExportService) {}

  @Post('export')
  @HttpCode(200)
  @RequireScopes('rover:view')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Download the stored telemetry of a window as CSV, JSON or NDJSON',
    description:
      'Streamed as it is read (Content-Disposition: attachment), oldest first, then by robot id.',
  })
  @ApiProduces('text/csv', 'application/json', 'application/x-ndjson')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'A bad or unknown body field' })
  @ApiTooManyRequestsResponse({ type: ErrorEnvelopeDto, description: 'Too many exports at once' })
  export(@Body() dto: ExportTelemetryDto): Promise<StreamableFile> {
    return this.exports.export(dto);
  }
}
