import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { SessionEvents } from './sessions/session-events';

@Global()
@Module({ providers: [Clock, SessionEvents], exports: [Clock, SessionEvents] })
export class CommonModule {}
