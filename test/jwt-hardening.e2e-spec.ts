import request from 'supertest';
import { AccessTokenVerifier, MAX_IAT_SKEW_SECONDS } from '../src/auth/access-token-verifier';
import { EnvValidationError } from '../src/config/env.schema';
import { bearer, loginAdmin, type Session } from './helpers/auth';
import {
  nowSeconds,
  serviceClaims,
  signHs256,
  type JwtClaims,
  type JwtHeader,
} from './helpers/auth-jwt';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/create-test-app';
import { connectOutcome, SocketClients } from './helpers/socket-client';

/**
 * The checks jsonwebtoken does not make, on each of the three ways a token is verified: the
 * global guard (every guarded route), the claims-only path (the e-stop) and the socket handshake.
 */
describe(`${AccessTokenVerifier.name}: what jsonwebtoken does not check`, () => {
  let t: TestApp;
  let admin: Session;
  const sockets = new SocketClients();

  const claims = (overrides: JwtClaims = {}): JwtClaims =>
    serviceClaims({ ...admin.user, username: 'admin', role: 'admin' }, t.config.auth, overrides);
  const sign = (overrides: JwtClaims = {}, header: JwtHeader = { alg: 'HS256', typ: 'JWT' }) =>
    signHs256(claims(overrides), TEST_JWT_SECRET, header);

  const latched = async () =>
    (await request(t.baseUrl).get('/api/rover/status')).body.emergency_stop as boolean;

  /** The status each path answers the token with: [GET /api/auth/me, e-stop, socket handshake]. */
  async function answers(token: string): Promise<[number, number, 'connected' | 'refused']> {
    const me = await request(t.baseUrl).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    const stop = await request(t.baseUrl)
      .post('/api/rover/emergency-stop')
      .set('Authorization', `Bearer ${token}`);
    const outcome = await connectOutcome(sockets.open(t.baseUrl, { auth: { token } }));
    return [me.status, stop.status, outcome.connected ? 'connected' : 'refused'];
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
  });
  afterEach(async () => {
    sockets.closeAll();
    if (await latched()) {
      const resumed = await request(t.baseUrl)
        .post('/api/rover/resume')
        .set(...bearer(admin))
        .send({ reason: 'test reset' });
      expect(resumed.status).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('should accept, on every path, a hand-signed token issued now (control)', async () => {
    expect(await answers(sign())).toEqual([200, 200, 'connected']);
  });

  it(`should accept an iat up to ${MAX_IAT_SKEW_SECONDS} s ahead, for clocks that differ a little`, async () => {
    expect(await answers(sign({ iat: nowSeconds() + 1 }))).toEqual([200, 200, 'connected']);
  });

  it.each([
    ['a minute', 60],
    ['a day', 86_400],
  ])('should refuse, on every path, a token issued %s in the future', async (_label, ahead) => {
    const token = sign({ iat: nowSeconds() + ahead, exp: nowSeconds() + ahead + 600 });
    expect(await answers(token)).toEqual([401, 401, 'refused']);
    expect(await latched()).toBe(false);
  });

  it.each<[string, JwtHeader]>([
    ['naming a registered claim', { alg: 'HS256', typ: 'JWT', crit: ['exp'] }],
    [
      'naming an extension it carries',
      { alg: 'HS256', typ: 'JWT', crit: ['urn:example:ext'], 'urn:example:ext': true },
    ],
    ['that is empty', { alg: 'HS256', typ: 'JWT', crit: [] }],
    ['that is not even a list', { alg: 'HS256', typ: 'JWT', crit: 'b64' }],
  ])('should refuse, on every path, a token with a crit header %s', async (_label, header) => {
    expect(await answers(sign({}, header))).toEqual([401, 401, 'refused']);
    expect(await latched()).toBe(false);
  });

  describe('JWT_SECRET at boot', () => {
    it('should refuse to start in production with 32 identical bytes as JWT_SECRET, naming it', async () => {
      // On the existing database: a refused boot must not leave a fresh one behind.
      const boot = createTestApp({
        db: t.db,
        env: { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) },
      });
      await expect(boot).rejects.toThrow(EnvValidationError);
      await expect(boot).rejects.toThrow(/JWT_SECRET.*predictable/);
    });

    it('should start in production with a random JWT_SECRET and sign tokens with it', async () => {
      const secret = '99DdZl7FEeYGm54L9IA1p4kM3ZEQMsMoj3Oklzpxf73yJKcGHgE4ZHb3HDPgehOj';
      const production = await createTestApp({
        db: t.db,
        env: { NODE_ENV: 'production', JWT_SECRET: secret },
      });
      try {
        const session = await loginAdmin(production.baseUrl);
        const me = await request(production.baseUrl)
          .get('/api/auth/me')
          .set(...bearer(session));
        expect(me.status).toBe(200);
      } finally {
        await production.close();
      }
    });
  });
});
