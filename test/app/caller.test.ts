/**
 * The caller every operation takes: read once from the Cognito claims (the same for the JSON API and the web
 * pages), with the name the identity provider gives, and the name that letters and pages show.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { displayNameOf, type Caller } from '../../functions/app';
import { UnauthorizedError } from '../../functions/core/errors';
import { callerOf } from '../../functions/middleware/http';

function withClaims(claims: Record<string, unknown> | undefined): APIGatewayProxyEvent {
  return { requestContext: { authorizer: claims ? { claims } : undefined } } as unknown as APIGatewayProxyEvent;
}

describe('the caller, from the Cognito claims', () => {
  it('carries the id, the name claim (trimmed), the email and the groups', () => {
    const caller = callerOf(
      withClaims({ sub: 'user-1', name: '  Ann Inspector ', email: 'ann.inspector@ofsted.example', 'cognito:groups': '[inspectors managers]' }),
    );
    expect(caller).toEqual({ id: 'user-1', name: 'Ann Inspector', email: 'ann.inspector@ofsted.example', groups: ['inspectors', 'managers'] });
  });

  it.each([
    ['absent', {}],
    ['blank', { name: '   ' }],
    ['not text', { name: 42 }],
  ])('has no name when the name claim is %s', (_label, claims) => {
    expect(callerOf(withClaims({ sub: 'user-1', ...claims })).name).toBeUndefined();
  });

  it.each([
    ['no claims', undefined],
    ['no sub', { email: 'ann.inspector@ofsted.example' }],
    ['an empty sub', { sub: '' }],
  ])('is refused (401) with %s', (_label, claims) => {
    expect(() => callerOf(withClaims(claims))).toThrow(UnauthorizedError);
  });
});

describe('the name shown for a caller', () => {
  const caller = (overrides: Partial<Caller>): Caller => ({ id: 'user-1', name: undefined, email: undefined, groups: [], ...overrides });

  it.each([
    ['the name claim', { name: 'Ann Inspector', email: 'ann.inspector@ofsted.example' }, 'Ann Inspector'],
    ['else the local part of the email', { email: 'ann.inspector@ofsted.example' }, 'ann.inspector'],
    ['else the id', {}, 'user-1'],
  ])('is %s', (_label, overrides, shown) => {
    expect(displayNameOf(caller(overrides))).toBe(shown);
  });
});
