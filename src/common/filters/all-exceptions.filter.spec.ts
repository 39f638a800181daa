import { Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { AppError } from '../errors/app-error';
import { AllExceptionsFilter } from './all-exceptions.filter';

/** A socket handler's host as Nest builds it: client, data, ack (or undefined), then the pattern. */
function socketHost(ack: jest.Mock | undefined) {
  const client = { emit: jest.fn() };
  const host = new ExecutionContextHost([client, { some: 'data' }, ack, 'message']);
  host.setType('ws');
  return { host, client };
}

describe(AllExceptionsFilter.name, () => {
  const filter = new AllExceptionsFilter();

  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  describe('on a socket', () => {
    it('should answer the ack with the envelope fields and emit no exception event', () => {
      const ack = jest.fn();
      const { host, client } = socketHost(ack);
      filter.catch(new AppError('rate_limited', 'Too many requests; retry later'), host);
      expect(ack).toHaveBeenCalledWith({
        statusCode: 429,
        error: 'rate_limited',
        message: 'Too many requests; retry later',
      });
      expect(client.emit).not.toHaveBeenCalled();
    });

    it('should include the details of a validation error, as REST does', () => {
      const ack = jest.fn();
      filter.catch(AppError.validation('text', 'text must be a string'), socketHost(ack).host);
      expect(ack).toHaveBeenCalledWith({
        statusCode: 400,
        error: 'validation_failed',
        message: 'Validation failed',
        details: [{ field: 'text', messages: ['text must be a string'] }],
      });
    });

    it('should answer an unexpected error with a bare 500 that hides its message', () => {
      const ack = jest.fn();
      filter.catch(new Error('SQLITE_CORRUPT /var/lib/rover.db'), socketHost(ack).host);
      expect(ack).toHaveBeenCalledWith({
        statusCode: 500,
        error: 'internal_error',
        message: 'An unexpected error occurred',
      });
    });

    it('should emit the envelope as an exception event when the client sent no ack', () => {
      const { host, client } = socketHost(undefined);
      filter.catch(new AppError('forbidden', 'Missing scope: rover:control'), host);
      expect(client.emit).toHaveBeenCalledWith('exception', {
        statusCode: 403,
        error: 'forbidden',
        message: 'Missing scope: rover:control',
      });
    });
  });
});
