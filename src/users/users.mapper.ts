import { ROLE_SCOPES } from '../common/access/roles-and-scopes';
import type { UserResponseDto } from './dto/user-response.dto';
import type { UserEntity } from './entities/user.entity';

/** The one way a user leaves the service: no hash, ever. */
export function toUserResponse(user: UserEntity): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    scopes: [...ROLE_SCOPES[user.role]],
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
