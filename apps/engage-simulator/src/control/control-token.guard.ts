import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { SIMULATOR_CONFIG, SimulatorConfig } from '../config/simulator.config';

/** Open unless SIMULATOR_CONTROL_TOKEN is set; then X-Simulator-Control-Token must match. */
@Injectable()
export class ControlTokenGuard implements CanActivate {
  constructor(@Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.SIMULATOR_CONTROL_TOKEN;
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers['x-simulator-control-token'];
    if (expected !== undefined && given !== expected) {
      throw new UnauthorizedException({ error: 'invalid_control_token', message: 'Invalid control token' });
    }
    return true;
  }
}
