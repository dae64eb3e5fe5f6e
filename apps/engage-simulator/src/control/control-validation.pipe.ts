import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** 400 `invalid_parameters` whose message names each bad field, e.g. `source_id: must match …`. */
export function controlValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new BadRequestException({
        error: 'invalid_parameters',
        message: errors
          .map(
            (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join(', ') || 'invalid'}`,
          )
          .join('; '),
      }),
  });
}
