/** Configuration is read once, through one schema; a variable is required only where it is used, and is named. */
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

  it('needs only the variables a function uses: a read-only function has just its table name', () => {
    // Prepare
    const config = createConfig({ TABLE_NAME: 'inspections', PATH: '/usr/bin' });

    // Assess
    expect(config.tableName).toBe('inspections');
    expect(config.mailConfigurationSet).toBeUndefined();
  });

  it('throws a ConfigurationError naming a missing variable, only when it is used', () => {
    // Prepare
    const env = complete();
    delete env.TABLE_NAME;
    env.MANAGER_EMAIL = '  ';
    const config = createConfig(env);

    // Assess
    expect(config.mailFrom).toBe('sccif@ofsted.example');
    expect(() => config.tableName).toThrow(ConfigurationError);
    expect(() => config.tableName).toThrow('environment variable TABLE_NAME is not set');
    expect(() => config.managerEmail).toThrow('environment variable MANAGER_EMAIL is not set');
  });

  it('reads the environment once (per cold start), and again only after a failure', () => {
    // Prepare
    const env = complete();
    env.DFE_EMAIL = 'not-an-address';
    const config = createConfig(env);
    expect(() => config.tableName).toThrow('DFE_EMAIL');

    // Act
    env.DFE_EMAIL = 'dfe@education.example';
    const first = config.dfeEmail;
    env.DFE_EMAIL = 'someone-else@education.example';
    env.TABLE_NAME = 'another-table';

    // Assess
    expect(first).toBe('dfe@education.example');
    expect(config.dfeEmail).toBe('dfe@education.example');
    expect(config.tableName).toBe('inspections');
  });

  it.each([
    ['DFE_EMAIL', 'not-an-address', 'must be an email address'],
    ['APP_BASE_URL', 'sccif.example', 'must be an absolute URL'],
    ['STATE_MACHINE_ARNS', '{', 'is not valid JSON'],
    ['STATE_MACHINE_ARNS', '["arn"]', 'must be a JSON object of process id to state machine ARN'],
    ['STATE_MACHINE_ARNS', JSON.stringify({ inadequate: 'not-an-arn' }), 'must be a JSON object of process id to state machine ARN'],
    ['STATE_MACHINE_ARNS', JSON.stringify({ 'made-up': 'arn:aws:states:x' }), 'names unknown processes: made-up'],
  ])('names %s when it is malformed (%s), at the first read of any value', (name, value, message) => {
    // Prepare
    const config = createConfig({ ...complete(), [name]: value });

    // Assess
    expect(() => config.tableName).toThrow(ConfigurationError);
    expect(() => config.tableName).toThrow(`environment variable ${name} ${message}`);
  });
});
