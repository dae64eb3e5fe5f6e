export { ConfigValidationError } from './config.exception';
export { loadConfig } from './load-config.util';
export { ToInt, ToList } from './env-transforms.util';
export { validationProblems } from './validation-problems.util';
