import { ApiProperty } from '@nestjs/swagger';
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
} from 'class-validator';
import { type CreateUserRequest, type Role, ROLES } from '@clinic/shared';
import { NotBreached } from '../breached-passwords';

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
