import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsNotEmpty, IsString } from 'class-validator';
import { ConfigValidationError } from './config.exception';
import { loadConfig } from './load-config.util';

class SecretEnv {
  @IsString()
  @IsNotEmpty()
  API_TOKEN!: string;

  @IsString()
  REGION: string = 'eu';
}

const secretFile = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'config-')), 'token');
  writeFileSync(file, content);
  return file;
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(SecretEnv, env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
};

describe(loadConfig.name, () => {
  it('should read a secret from the file <NAME>_FILE names, without its final line break', () => {
    const config = loadConfig(SecretEnv, { API_TOKEN_FILE: secretFile('s3cr3t-token\n') });

    expect(config.API_TOKEN).toBe('s3cr3t-token');
  });

  it('should refuse a variable set both ways, and a file it cannot read, naming them and never the value', () => {
    const both = problemsOf({ API_TOKEN: 'inline-value', API_TOKEN_FILE: secretFile('file-value') });
    const missing = problemsOf({ API_TOKEN_FILE: '/nowhere/token' });

    expect(both).toContain('API_TOKEN: set either API_TOKEN or API_TOKEN_FILE, not both');
    expect(both).not.toContain('inline-value');
    expect(both).not.toContain('file-value');
    expect(missing).toContain('API_TOKEN_FILE: cannot read /nowhere/token (ENOENT)');
  });
});
