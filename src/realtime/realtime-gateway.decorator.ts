import { applyDecorators, UseFilters } from '@nestjs/common';
import { type GatewayMetadata, WebSocketGateway } from '@nestjs/websockets';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';

/**
 * The only way to declare a gateway. Nest applies no global filter to gateways, so without this
 * a handler's error would reach the client as Nest's bare `exception` event instead of an ack in
 * the error envelope (API.md §5). Handshake checks (Origin, token, sockets per user) need nothing
 * here: AppIoAdapter installs them on every namespace the server creates.
 */
export function RealtimeGateway(options: GatewayMetadata = {}): ClassDecorator {
  return applyDecorators(WebSocketGateway(options), UseFilters(AllExceptionsFilter));
}
