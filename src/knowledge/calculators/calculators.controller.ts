import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { CalculatorsService } from './calculators.service';
import { CalculatorDescriptionDto } from './dto/calculator-description.dto';
import { CalculatorResultDto } from './dto/calculator-result.dto';

@ApiTags('knowledge')
@Controller('knowledge/calculators')
export class CalculatorsController {
  constructor(private readonly calculators: CalculatorsService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [CalculatorDescriptionDto] })
  list(): CalculatorDescriptionDto[] {
    return this.calculators.list();
  }

  @Post(':name')
  @Public()
  @HttpCode(200)
  @ApiBody({
    description: "The calculator's inputs, as listed by GET /api/knowledge/calculators",
    schema: {
      type: 'object',
      additionalProperties: { type: 'number' },
      example: { supplyVoltage: 5, ledVoltage: 2, ledCurrent: 0.02 },
    },
  })
  @ApiOkResponse({ type: CalculatorResultDto })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'details name each bad input' })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto, description: 'No calculator by that name' })
  @ApiUnprocessableEntityResponse({ type: ErrorEnvelopeDto, description: 'No answer in range' })
  compute(@Param('name') name: string, @Body() body: unknown): CalculatorResultDto {
    return this.calculators.compute(name, body);
  }
}
