import { Injectable } from '@nestjs/common';

/** The time source: injected so that tests can pin or advance it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  nowMs(): number {
    return Date.now();
  }
}
