import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CollisionAvoidanceController } from './collision-avoidance.controller';
import { CollisionAvoidanceRepository } from './collision-avoidance.repository';
import { CollisionAvoidanceService } from './collision-avoidance.service';
import { CollisionAvoidanceModuleEntity } from './entities/collision-avoidance-module.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CollisionAvoidanceModuleEntity])],
  controllers: [CollisionAvoidanceController],
  providers: [CollisionAvoidanceRepository, CollisionAvoidanceService],
  exports: [CollisionAvoidanceRepository],
})
export class CollisionAvoidanceModule {}
