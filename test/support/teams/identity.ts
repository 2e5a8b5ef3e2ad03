// A local stand-in for Microsoft's Bot Framework identity: an OpenID metadata document and its
// JWKS (what botbuilder fetches to check the token on each activity, through its own settings
// ToBotFromChannelOpenIdMetadataUrl and ToBotFromChannelTokenIssuer), RS256 tokens signed as
// the Bot Connector signs them, and the bot's own outbound token, which the fake connector checks.
//
// The outbound token: botbuilder gets it with MSAL from ToChannelFromBotLoginUrl, and MSAL only
// takes an https authority that Microsoft's instance discovery knows, so no local endpoint can
// answer it. The harness therefore puts a token this fake signed into botbuilder's own token
// cache (`AppCredentials.cache`, where MSAL's answers go), and the connector refuses any call
// without it. The login URL is a `.invalid` host: a cache miss fails loudly, never goes out.

import { generateKeyPairSync, createSign, createVerify, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppCredentials } from 'botframework-connector';

export const APP_ID = '5b7c1f43-0000-4000-8000-000000000abc';
export const APP_PASSWORD = 'not-a-real-secret-for-tests';
/** The issuer of Bot Connector tokens (botbuilder's own public-cloud value). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** The audience of the bot's tokens for the Bot Connector. */
export const CONNECTOR_SCOPE = 'https://api.botframework.com';
const CONNECTOR_TOKEN_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';
/** Microsoft's keys are endorsed for many channels; the bot's own rule keeps it to msteams. */
const ENDORSEMENTS = ['msteams', 'webchat', 'directline', 'emulator'];

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newKey(kid = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A compact RS256 JWT. */
export function signJwt(claims: Record<string, unknown>, key: { kid: string; privateKey: KeyObject }): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

export interface ChannelTokenOptions {
  serviceUrl?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
  audience?: string;
  issuer?: string;
  key?: SigningKey;
  /** The kid to put in the header (default: the key's). */
  kid?: string;
}

export class FakeIdentity {
  /** The key the JWKS publishes, that Bot Connector tokens are signed with. */
  readonly channelKey = newKey();
  /** The key of the bot's own tokens for the connector (never published to the bot). */
  private readonly connectorKey = newKey();
  readonly requests: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/.well-known/openidconfiguration') {
        return json(200, {
          issuer: CHANNEL_ISSUER,
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (req.url === '/v1/.well-known/keys') {
        const jwk = this.channelKey.publicKey.export({ format: 'jwk' });
        return json(200, {
          keys: [
            { kty: 'RSA', use: 'sig', kid: this.channelKey.kid, x5t: this.channelKey.kid, n: jwk.n, e: jwk.e, endorsements: ENDORSEMENTS },
          ],
        });
      }
      json(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** botbuilder's own settings, all four it needs together, pointing at this fake. */
  env(): Record<string, string> {
    return {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.camreset-tests.invalid/botframework.com',
      ToChannelFromBotOAuthScope: CONNECTOR_SCOPE,
    };
  }

  /** A token as the Bot Connector puts on an activity it POSTs to the bot. */
  channelToken(o: ChannelTokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (o.expiresIn ?? 3600);
    const claims: Record<string, unknown> = {
      iss: o.issuer ?? CHANNEL_ISSUER,
      aud: o.audience ?? APP_ID,
      nbf: Math.min(now, exp) - 300,
      iat: Math.min(now, exp) - 300,
      exp,
    };
    if (o.serviceUrl) claims.serviceurl = o.serviceUrl;
    const key = o.key ?? this.channelKey;
    return signJwt(claims, { kid: o.kid ?? key.kid, privateKey: key.privateKey });
  }

  /**
   * Gives botbuilder the bot's token for the connector, where MSAL would have left it, and
   * returns it. Call before the bot first speaks; it lasts a day.
   */
  issueConnectorToken(): string {
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(
      { iss: CONNECTOR_TOKEN_ISSUER, aud: CONNECTOR_SCOPE, appid: APP_ID, iat: now, nbf: now, exp: now + 86_400 },
      this.connectorKey,
    );
    // `cache` is private in botbuilder's types; it is the one place its credentials read first.
    const cache = (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
    cache.set(`${APP_ID}${CONNECTOR_SCOPE}-cache`, { accessToken: token, expiresOn: new Date(Date.now() + 86_400_000) });
    return token;
  }

  /** True when `authorization` carries a connector token this fake issued, unexpired, for the connector. */
  acceptsConnectorCall(authorization: string | undefined): boolean {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const [head, body, signature] = token?.split('.') ?? [];
    if (!head || !body || !signature) return false;
    const ok = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(this.connectorKey.publicKey, Buffer.from(signature, 'base64url'));
    if (!ok) return false;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { aud?: string; appid?: string; exp?: number };
    return claims.aud === CONNECTOR_SCOPE && claims.appid === APP_ID && (claims.exp ?? 0) * 1000 > Date.now();
  }
}
