import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionRevocation } from '../../common/sessions/session-revocation';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { RefreshTokenRepository } from '../refresh-token.repository';
import { RevocationSync } from './revocation-sync';
import { RevokedSessions } from './revoked-sessions';
import { SessionRevoker } from './session-revoker';

/**
 * Logins (refresh-token families) and their revocation. Global so that users/ can end a user's
 * logins through the SessionRevocation port without importing auth/; it depends on nothing in
 * users/ either, so AuthModule can keep importing UsersModule without a cycle.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity])],
  providers: [
    RefreshTokenRepository,
    RevokedSessions,
    RevocationSync,
    SessionRevoker,
    { provide: SessionRevocation, useExisting: SessionRevoker },
  ],
  exports: [RefreshTokenRepository, RevokedSessions, SessionRevoker, SessionRevocation],
})
export class SessionsModule {}
