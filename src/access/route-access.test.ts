// The door: a route that declares no access rule stops the app from starting.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../platform/context.js';
import { installAccessControl, publicRoute } from './route-access.js';

const ctx = {} as AppContext; // the hook reaches the database only when a request arrives

describe('routes declare their access', () => {
  it('refuses to register a route without an access rule', async () => {
    const app = Fastify();
    installAccessControl(app, ctx);
    expect(() => app.get('/api/v1/forgotten', async () => ({ leaked: true }))).toThrow(/declares no access rule/);
    await app.close();
  });

  it('accepts a route that declares one, and serves it', async () => {
    const app = Fastify();
    installAccessControl(app, ctx);
    app.get('/api/v1/ping', { config: { access: publicRoute('health', 'a test') } }, async () => ({ pong: true }));
    const response = await app.inject({ method: 'GET', url: '/api/v1/ping' });
    expect(response.json()).toEqual({ pong: true });
    await app.close();
  });
});
