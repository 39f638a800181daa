import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { RuntimeSettings } from '../../common/runtime/runtime-settings';
import { AppConfig } from '../../config/app-config';
import { RuntimeSettingsEntity } from './entities/runtime-settings.entity';
import { RuntimeConfigController } from './runtime-config.controller';
import { RuntimeConfigRepository } from './runtime-config.repository';
import { RuntimeConfigService } from './runtime-config.service';

/** Global: any module reads the settings through the RuntimeSettings port (common/runtime). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RuntimeSettingsEntity]), AuditModule],
  controllers: [RuntimeConfigController],
  providers: [
    RuntimeConfigRepository,
    {
      provide: RuntimeConfigService,
      inject: [RuntimeConfigRepository, AuditService, Clock, AppConfig],
      useFactory: (
        repo: RuntimeConfigRepository,
        audit: AuditService,
        clock: Clock,
        config: AppConfig,
      ): Promise<RuntimeConfigService> => RuntimeConfigService.create(repo, audit, clock, config),
    },
    { provide: RuntimeSettings, useExisting: RuntimeConfigService },
  ],
  exports: [RuntimeSettings],
})
export class RuntimeConfigModule {}
