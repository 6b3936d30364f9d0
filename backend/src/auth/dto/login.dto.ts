import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@clinic/shared';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'psychiatrist@riverside.demo.clinic' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'email must not contain control characters' })
  email: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}
