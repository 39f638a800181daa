import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppThrottlerGuard } from '../common/throttling/app-throttler.guard';
import { ThrottlingModule } from '../common/throttling/throttling.module';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { ScopesGuard } from './guards/scopes.guard';
import { LoginLimits } from './login-limits';
import { SessionsModule } from './sessions/sessions.module';
import { jwtSecretKey } from './jwt-key';
import { TokenService } from './token.service';

@Module({
  imports: [
    UsersModule,
    ThrottlingModule,
    SessionsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, which jsonwebtoken accepts at run time; the option's typings only say string | Buffer.
        secret: jwtSecretKey(config.auth.jwtSecret) as unknown as Buffer,
        signOptions: {
          algorithm: 'HS256',
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          expiresIn: config.auth.accessTokenTtlSeconds,
        },
        verifyOptions: {
          algorithms: ['HS256'],
          issuer: config.auth.issuer,
          audience: config.auth.audience,
        },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    AccessTokenVerifier,
    LoginLimits,
    // Order matters: who you are, then what you may do, then how often.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: ScopesGuard },
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
  ],
  exports: [AccessTokenVerifier],
})
export class AuthModule {}
