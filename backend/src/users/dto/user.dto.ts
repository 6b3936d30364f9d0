import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  type CreateUserRequest,
  type Role,
  ROLES,
  type UpdateUserRequest,
  type UserStatusRequest,
} from '@clinic/shared';
import { FREE_TEXT, SharedCheck } from '../../common/validation/validators';
import { NotBreached } from '../../config/breached-passwords';

export const MIN_PASSWORD_LENGTH = 12;

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'nurse@riverside.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Alex Morgan, RN' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^\u0000-\u001f<>]*$/, { message: 'name must not contain control characters or < >' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  @MaxLength(1024)
  @NotBreached()
  password: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each value in clinicIds must be a UUID' })
  clinicIds: string[];
}

/** Present or absent, never null (null would not say what to change). */
const whenSent = ValidateIf((_o: object, value: unknown) => value !== undefined);

/** `PATCH /users/:id` (If-Match): at least one field; role and clinicIds follow the create rules. */
export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ example: 'Alex Morgan, RN' })
  @whenSent
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^\u0000-\u001f<>]*$/, { message: 'name must not contain control characters or < >' })
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @whenSent
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The whole list of the user’s clinics (replaces it)',
  })
  @whenSent
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each value in clinicIds must be a UUID' })
  clinicIds?: string[];
}

/** One clear message for a reason: missing, too short or long, or with control characters. */
function reasonErrors(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim().length < 3)
    return ['reason is required (at least 3 characters)'];
  if (value.length > 500) return ['reason must be at most 500 characters'];
  if (!FREE_TEXT.test(value)) return ['reason must not contain control characters'];
  return [];
}

/** `POST /users/:id/disable` and `/enable`: the administrator's reason is required. */
export class UserStatusDto implements UserStatusRequest {
  @ApiProperty({
    description: 'Why (required; kept in the audit entry)',
    minLength: 3,
    maxLength: 500,
  })
  @SharedCheck(reasonErrors)
  reason: string;
}

/** `POST /users/:id/sessions/revoke`: an optional reason for the audit entry. */
export class RevokeSessionsDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: 500 })
  @whenSent
  @SharedCheck(reasonErrors)
  reason?: string;
}
