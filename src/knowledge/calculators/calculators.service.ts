import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { CALCULATORS, findCalculator } from './calculator-registry';
import { toCalculatorDescription, toCalculatorResult } from './calculators.mapper';
import type { CalculatorDescriptionDto } from './dto/calculator-description.dto';
import type { CalculatorResultDto } from './dto/calculator-result.dto';
import { validateCalculatorInput } from './validate-calculator-input';

@Injectable()
export class CalculatorsService {
  list(): CalculatorDescriptionDto[] {
    return CALCULATORS.map(toCalculatorDescription);
  }

  compute(name: string, body: unknown): CalculatorResultDto {
    const definition = findCalculator(name);
    if (!definition) throw AppError.notFound(`Calculator ${name}`);
    const result = definition.compute(validateCalculatorInput(definition, body));
    // JSON would turn Infinity into null, which reads as "no answer" rather than "overflow".
    const overflow = Object.entries(result).find(
      ([, value]) => typeof value === 'number' && !Number.isFinite(value),
    );
    if (overflow) {
      throw new AppError('unprocessable', `${overflow[0]} is out of range for these inputs`);
    }
    return toCalculatorResult(definition, result);
  }
}
