import { Module } from '@nestjs/common';
import { CalculatorsController } from './calculators/calculators.controller';
import { CalculatorsService } from './calculators/calculators.service';

@Module({
  controllers: [CalculatorsController],
  providers: [CalculatorsService],
})
export class KnowledgeModule {}
