import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { AuthChanges } from './sessions/auth-changes';
import { SessionEvents } from './sessions/session-events';

@Global()
@Module({
  providers: [Clock, SessionEvents, AuthChanges],
  exports: [Clock, SessionEvents, AuthChanges],
})
export class CommonModule {}
