export { ConfigValidationError } from './config.exception';
export { loadConfig } from './load-config.util';
export {
  ToBoolean,
  ToInt,
  ToIntList,
  ToJsonObject,
  ToLanguageTexts,
  ToList,
  ToNumber,
} from './env-transforms.util';
export { validationProblems } from './validation-problems.util';
export { requestBodyProblems } from './request-body.util';
export { IsOptionalBearerToken } from './bearer-token.decorator';
export { IsOptionalAdminTokens } from './admin-tokens.decorator';
export { ADMIN_TOKENS_FORMAT, type AdminToken, parseAdminTokens } from './admin-tokens.util';
export { IsEngageId } from './engage-id.decorator';
export { HttpServerEnv } from './http-server.env';
