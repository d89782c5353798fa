import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '@rol/domain';
import { UserEntity } from '@rol/persistence';
import { Public } from '../common/actor';
import { SkipIdempotency } from '../common/idempotency.interceptor';
import { UserService } from '../users/user.service';
import { LoginDto } from './login.dto';
import { DUMMY_HASH, verifyPassword } from './password';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly users: UserService,
  ) {}

  @Public()
  @SkipIdempotency()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto) {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: body.email.toLowerCase() });
    // Same answer for an unknown email and a wrong password: the API does not tell which accounts exist.
    // A hash is checked even for an unknown email, so timing does not tell which accounts exist either.
    const matches = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.active || !matches) {
      throw new DomainError('UNAUTHENTICATED', '邮箱或密码不正确');
    }
    return { accessToken: this.tokens.issue(user.id), user: this.users.view(user) };
  }
}
