import type { UserDto } from '@clinic/shared';
import type { User } from './user.entity';

/** The only shape a user leaves the API in: never a password hash. */
export function toUserDto(user: User, clinicIds: string[]): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    clinicIds,
    disabledAt: user.disabledAt ? user.disabledAt.toISOString() : null,
    version: user.version,
  };
}
