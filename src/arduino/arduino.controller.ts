import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { CurrentUser, Public, RequireScopes } from '../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { CompileService } from './compile/compile.service';
import { CompileRequestDto, CompileResultDto } from './dto/compile.dto';
import { PortListDto } from './dto/ports.dto';
import { UploadRequestDto, UploadResultDto } from './dto/upload.dto';
import { UploadService } from './upload/upload.service';
import { PortDiscovery } from './ports/port-discovery';

@ApiTags('arduino')
@Controller('arduino')
export class ArduinoController {
  constructor(
    private readonly compiler: CompileService,
    private readonly ports: PortDiscovery,
    private readonly uploader: UploadService,
  ) {}

  /** Flashes an artifact this server compiled onto a board on a listed port. */
  @Post('upload')
  @HttpCode(200)
  @RequireScopes('arduino:upload')
  @ApiOkResponse({ type: UploadResultDto })
  @ApiBadGatewayResponse({
    type: ErrorEnvelopeDto,
    description: 'upload_failed: the board did not take it',
  })
  @ApiConflictResponse({ type: ErrorEnvelopeDto, description: 'port_busy' })
  @ApiTooManyRequestsResponse({ type: ErrorEnvelopeDto, description: 'The job queue is full' })
  upload(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: UploadRequestDto,
  ): Promise<UploadResultDto> {
    return this.uploader.upload(user, dto);
  }

  /** Public (API.md §1): the serial ports a board may be on; `is_arduino` for known USB ids. */
  @Get('ports')
  @Public()
  @ApiOkResponse({ type: PortListDto })
  async listPorts(): Promise<PortListDto> {
    return { ports: await this.ports.list() };
  }

  /** Compiles a sketch; spawning the toolchain is an operator's right, like flashing. */
  @Post('compile')
  @HttpCode(200)
  @RequireScopes('arduino:upload')
  @ApiOkResponse({ type: CompileResultDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorEnvelopeDto,
    description: 'compile_failed: `errors` holds the parsed { file, line, column, message }',
  })
  @ApiTooManyRequestsResponse({ type: ErrorEnvelopeDto, description: 'The job queue is full' })
  @ApiServiceUnavailableResponse({ type: ErrorEnvelopeDto, description: 'toolchain_unavailable' })
  @ApiGatewayTimeoutResponse({ type: ErrorEnvelopeDto, description: 'job_timeout' })
  compile(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CompileRequestDto,
  ): Promise<CompileResultDto> {
    return this.compiler.compile(user, dto);
  }
}
