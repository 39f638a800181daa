import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

export type JobKind = 'compile' | 'upload';
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out';

/** One step of a compile or upload, for the `jobs` channel. */
export interface JobEvent {
  jobId: string;
  kind: JobKind;
  state: JobState;
  /** 0-100 while running, when the toolchain reports it. */
  progress: number | null;
  board: string;
  username: string;
  message: string | null;
}

/** Compile and upload progress; the realtime layer delivers it on the `jobs` channel. */
@Injectable()
export class JobEvents {
  readonly events$ = new Subject<JobEvent>();

  emit(event: JobEvent): void {
    this.events$.next(event);
  }
}
