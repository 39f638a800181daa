import { CollisionAvoidanceModuleEntity } from '../collision-avoidance/entities/collision-avoidance-module.entity';
import { NavigationModuleEntity } from '../navigation/entities/navigation-module.entity';
import { RefreshTokenEntity } from '../auth/entities/refresh-token.entity';
import { UserEntity } from '../users/entities/user.entity';
import { AlertEntity } from '../alerts/entities/alert.entity';
import { AuditEntryEntity } from '../audit/entities/audit-entry.entity';
import { RoverCommandEntity } from '../rover/entities/rover-command.entity';
import { RoverSafetyStateEntity } from '../rover/entities/rover-safety-state.entity';
import { TELEMETRY_STORAGE_ENTITIES } from '../telemetry/storage/entities/telemetry-storage.entities';
import { RuntimeSettingsEntity } from '../system/runtime-config/entities/runtime-settings.entity';

/** Every entity, listed once for the app's DataSource and the migration CLI. */
export const ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  NavigationModuleEntity,
  CollisionAvoidanceModuleEntity,
  RoverCommandEntity,
  RoverSafetyStateEntity,
  AuditEntryEntity,
  AlertEntity,
  ...TELEMETRY_STORAGE_ENTITIES,
  RuntimeSettingsEntity,
];
