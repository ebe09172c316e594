/** Configuration is read lazily, once, and a missing or malformed variable is named. */
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createConfig } from '../../functions/adapters/config';

const complete = (): Record<string, string | undefined> => ({
  TABLE_NAME: 'inspections',
  MAIL_FROM: 'sccif@ofsted.example',
  APP_BASE_URL: 'https://sccif.example.gov.uk/',
  DFE_EMAIL: 'dfe@education.example',
  MANAGER_EMAIL: 'manager@ofsted.example',
  SENIOR_MANAGER_EMAIL: 'senior@ofsted.example',
  STATE_MACHINE_ARNS: JSON.stringify({ inadequate: 'arn:aws:states:eu-west-2:1:stateMachine:sccif-inadequate:live' }),
});

describe('config', () => {
  it('reads each variable, trimming a trailing slash from the base URL', () => {
    // Prepare
    const config = createConfig(complete());

    // Assess
    expect(config.tableName).toBe('inspections');
    expect(config.appBaseUrl).toBe('https://sccif.example.gov.uk');
    expect(config.mailConfigurationSet).toBeUndefined();
    expect(config.stateMachineArns).toEqual({ inadequate: 'arn:aws:states:eu-west-2:1:stateMachine:sccif-inadequate:live' });
  });

  it('throws a ConfigurationError naming a missing variable, only when it is used', () => {
    // Prepare
    const env = complete();
    delete env.TABLE_NAME;
    const config = createConfig(env);

    // Assess
    expect(config.mailFrom).toBe('sccif@ofsted.example');
    expect(() => config.tableName).toThrow(ConfigurationError);
    expect(() => config.tableName).toThrow('environment variable TABLE_NAME is not set');
  });

  it('memoises a value once read, but not a failure', () => {
    // Prepare
    const env = complete();
    env.MANAGER_EMAIL = '';
    const config = createConfig(env);
    expect(() => config.managerEmail).toThrow('MANAGER_EMAIL');

    // Act
    env.MANAGER_EMAIL = 'manager@ofsted.example';
    const first = config.managerEmail;
    env.MANAGER_EMAIL = 'someone-else@ofsted.example';

    // Assess
    expect(first).toBe('manager@ofsted.example');
    expect(config.managerEmail).toBe('manager@ofsted.example');
  });

  it.each([
    ['DFE_EMAIL', 'not-an-address', 'must be an email address'],
    ['APP_BASE_URL', 'sccif.example', 'must be an absolute URL'],
    ['STATE_MACHINE_ARNS', '{', 'is not valid JSON'],
    ['STATE_MACHINE_ARNS', '["arn"]', 'must be a JSON object'],
    ['STATE_MACHINE_ARNS', JSON.stringify({ 'made-up': 'arn:aws:states:x' }), 'names unknown processes: made-up'],
  ])('names %s when it is malformed (%s)', (name, value, message) => {
    // Prepare
    const config = createConfig({ ...complete(), [name]: value });
    const read = () =>
      name === 'DFE_EMAIL' ? config.dfeEmail : name === 'APP_BASE_URL' ? config.appBaseUrl : config.stateMachineArns;

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(`environment variable ${name} ${message}`);
  });
});
