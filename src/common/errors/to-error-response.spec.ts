import { InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import { toErrorResponse } from './to-error-response';

describe(toErrorResponse.name, () => {
  it("should name a failing health check and carry every check's state", () => {
    const result = {
      status: 'error',
      info: { database: { status: 'up' } },
      error: { fleet_mqtt: { status: 'down', connected: false } },
      details: { database: { status: 'up' }, fleet_mqtt: { status: 'down', connected: false } },
    };
    expect(toErrorResponse(new ServiceUnavailableException(result))).toEqual({
      statusCode: 503,
      error: 'service_unavailable',
      message: 'Health check failed: fleet_mqtt',
      extra: { checks: result.details },
    });
  });

  it('should keep hiding the body of any other 5xx HTTP exception', () => {
    for (const exception of [
      new ServiceUnavailableException({ status: 'busy', details: { secret: 'x' } }),
      new InternalServerErrorException({ status: 'error', details: { secret: 'x' } }),
    ])
      expect(toErrorResponse(exception)).toEqual({
        statusCode: exception.getStatus(),
        error: exception.getStatus() === 503 ? 'service_unavailable' : 'internal_error',
        message: 'An unexpected error occurred',
      });
  });
});
