import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

export interface RealtimeOptions {
  corsOrigins: readonly string[];
}

/** 100 kB is ample for control messages; larger frames disconnect the sender before parsing. */
export const MAX_SOCKET_MESSAGE_BYTES = 100_000;

export class AppIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly options: RealtimeOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    return super.createIOServer(port, {
      ...options,
      path: options?.path ?? '/socket.io',
      serveClient: false,
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      cors: { origin: this.options.corsOrigins.length > 0 ? [...this.options.corsOrigins] : false },
    } as ServerOptions);
  }
}
