import { CollisionAvoidanceModuleEntity } from '../collision-avoidance/entities/collision-avoidance-module.entity';
import { NavigationModuleEntity } from '../navigation/entities/navigation-module.entity';
import { RefreshTokenEntity } from '../auth/entities/refresh-token.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every entity, listed once for the app's DataSource and the migration CLI. */
export const ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  NavigationModuleEntity,
  CollisionAvoidanceModuleEntity,
];
