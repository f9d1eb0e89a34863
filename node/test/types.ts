// A typed usage file: `tsc -p test/tsconfig.json` checks that index.d.ts
// describes the API as used here, and refuses the misuse marked @ts-expect-error.
// It is type-checked only, never run.

import {
  ChatAutologinError,
  Issuer,
  diagnose,
  type Diagnosis,
  Verifier,
  inspectUnverified,
  mintChatToken,
  verifyChatToken,
  type ChatAutologinErrorCode,
  type ChatClaims,
  type Inspection,
  type IssuerOptions,
  type MintOptions,
  type Secret,
  type VerifierOptions,
  type VerifyAtOptions,
  type VerifyOptions,
} from 'chat-autologin';

declare const secret: string;
declare const previous: Buffer;
declare const user: { email: string; name: string };

// One-shot functions.
const token: string = mintChatToken(user.email, user.name, 300, secret);
const token2: string = mintChatToken(user.email, user.name, 300, new Uint8Array(32), {
  now: Date.now() / 1000,
});
const claims: ChatClaims = verifyChatToken(token, secret);
const rotated: ChatClaims = verifyChatToken(token2, [secret, previous], {
  leeway: 30,
  now: 1764115200,
  maxLifetime: 600,
});
const email: string = claims.email;
const displayName: string = rotated.displayName;
const times: number = claims.iat + claims.exp;

// Issuer and Verifier.
const issuerOptions: IssuerOptions = { ttl: 300 };
const issuer = new Issuer(secret, issuerOptions);
const ttl: number = issuer.ttl;
const minted: string = issuer.mint(user.email, user.name);
const mintedAt: string = issuer.mint(user.email, user.name, { now: 1764115200 } satisfies MintOptions);
const issuerJson: { ttl: number } = issuer.toJSON();
new Issuer(previous);

const verifierOptions: VerifierOptions = { leeway: 10, maxLifetime: 3600 };
const verifier = new Verifier([secret, previous] as const, verifierOptions);
const leeway: number = verifier.leeway;
const maxLifetime: number = verifier.maxLifetime;
const verified: ChatClaims = verifier.verify(minted);
const verifiedAt: ChatClaims = verifier.verify(mintedAt, { now: 1764115200 } satisfies VerifyAtOptions);
const verifierJson: { secrets: number; leeway: number; maxLifetime: number } = verifier.toJSON();
const secrets: readonly Secret[] = [secret, previous, new Uint8Array(40)];
new Verifier(secrets);
new Verifier(secret);
const verifyOptions: VerifyOptions = { leeway: 0, maxLifetime: 1, now: 0 };

// Inspection.
const inspection: Inspection = inspectUnverified(token);
const alg: unknown = inspection.header['alg'];
const sub: unknown = inspection.claims['sub'];

// Errors.
try {
  verifier.verify(token);
} catch (error) {
  if (error instanceof ChatAutologinError) {
    const code: ChatAutologinErrorCode = error.code;
    const name: 'ChatAutologinError' = error.name;
    const message: string = error.message;
    if (error.code === 'token_expired') console.log(code, name, message);
  }
}
const made = new ChatAutologinError('expired', 'token_expired');
const isError: Error = made;

// Misuse the types refuse.
// @ts-expect-error: the email is a string
mintChatToken(42, user.name, 300, secret);
// @ts-expect-error: ttl is a number of seconds
mintChatToken(user.email, user.name, '300', secret);
// @ts-expect-error: ttl is required
mintChatToken(user.email, user.name);
// @ts-expect-error: a secret is a string, Buffer or Uint8Array
new Issuer(42);
// @ts-expect-error: an Issuer has one secret
new Issuer([secret]);
// @ts-expect-error: unknown option
new Issuer(secret, { expiresIn: 300 });
// @ts-expect-error: misspelt option
new Verifier(secret, { maxLifeTime: 60 });
// @ts-expect-error: now is not an option of the Verifier constructor
new Verifier(secret, { now: 0 });
// @ts-expect-error: leeway is not an option of verify
verifier.verify(token, { leeway: 5 });
// @ts-expect-error: now is a number of seconds, not a Date
issuer.mint(user.email, user.name, { now: new Date() });
// @ts-expect-error: not a contract code
new ChatAutologinError('x', 'expired');
// @ts-expect-error: claims have exactly the four contract fields
claims.sub;

export {
  token,
  token2,
  email,
  displayName,
  times,
  ttl,
  issuerJson,
  leeway,
  maxLifetime,
  verified,
  verifiedAt,
  verifierJson,
  verifyOptions,
  alg,
  sub,
  isError,
};

// diagnose: the shared schema, with its options.
const diagnosis: Diagnosis = diagnose('eyJ…', { secrets: ['s', Buffer.from('t')], now: 1 });
const accepted: boolean | null = diagnosis.verdict.accepted;
const findingCodes: string[] = diagnosis.findings.map((finding) => finding.code);
export { accepted, findingCodes };
// @ts-expect-error: the option is `secrets`, not `secret`.
diagnose('eyJ…', { secret: 's' });
