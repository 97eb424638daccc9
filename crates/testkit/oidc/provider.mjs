// A real OpenID provider for Sésame's tests: panva's oidc-provider (OpenID Certified), set as
// close to entcore's as it allows — `client_secret_basic`, RS256 ID tokens, scopes `openid` and
// `userinfo`, the typed login as `sub` (the ENT id). It offers PKCE S256 only, and requires it.
//
// Usage: node provider.mjs CONFIG.json, CONFIG being
//   {"port", "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//    "kids": ["key-1", …], "accounts": {"ENT-ID": {login, name, …}}}
// Its signing keys are made at start, one per kid, and it signs with the first: restarted with
// other kids, it has rotated its keys. Prints `listening http://127.0.0.1:PORT` once ready.
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = config.accounts ?? {};

const keys = [];
for (const kid of config.kids ?? ['key-1']) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  keys.push({ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' });
}

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  })),
  jwks: { keys },
  scopes: ['openid', 'userinfo'],
  claims: {
    openid: ['sub'],
    userinfo: ['login', 'preferred_username', 'name', 'given_name', 'family_name', 'email'],
  },
  // entcore puts its profile claims in the ID token too.
  conformIdTokenClaims: false,
  // Whatever login is typed in the development form is the account id, hence `sub`.
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, ...(accounts[sub] ?? {}) }),
  }),
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  cookies: { keys: ['sesame-test-cookie-key'] },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
