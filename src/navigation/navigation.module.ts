import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NavigationModuleEntity } from './entities/navigation-module.entity';
import { NavigationController } from './navigation.controller';
import { NavigationRepository } from './navigation.repository';
import { NavigationService } from './navigation.service';

@Module({
  imports: [TypeOrmModule.forFeature([NavigationModuleEntity])],
  controllers: [NavigationController],
  providers: [NavigationRepository, NavigationService],
})
export class NavigationModule {}
