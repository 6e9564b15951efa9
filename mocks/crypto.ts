/**
 * Token machinery for the mock EHR. Codes and launch contexts are sealed (AES-GCM: opaque and
 * tamper-evident) and access/id tokens are HS256 JWTs, so the mock keeps no session table: in the
 * browser msw runs inside each page, and every navigation of the launch starts a fresh copy of it.
 * The secret is a development fixture, not a credential.
 */
const SECRET = 'clarify-mock-ehr: development only, never a real credential';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let keys: Promise<{ aes: CryptoKey; hmac: CryptoKey }> | undefined;

function secretKeys() {
  keys ??= (async () => {
    const material = await crypto.subtle.digest('SHA-256', encoder.encode(SECRET));
    const [aes, hmac] = await Promise.all([
      crypto.subtle.importKey('raw', material, 'AES-GCM', false, ['encrypt', 'decrypt']),
      crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
    ]);
    return { aes, hmac };
  })();
  return keys;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** RFC 7636 S256 code challenge of a PKCE verifier. */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(verifier));
  return base64url(new Uint8Array(digest));
}

export async function seal(payload: object): Promise<string> {
  const { aes } = await secretKeys();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, encoder.encode(JSON.stringify(payload)));
  const out = new Uint8Array(iv.length + cipher.byteLength);
  out.set(iv);
  out.set(new Uint8Array(cipher), iv.length);
  return base64url(out);
}

/** The sealed payload, or undefined when the token was not sealed by this mock or was altered. */
export async function unseal<T>(token: string): Promise<T | undefined> {
  const bytes = fromBase64url(token);
  if (!bytes || bytes.length < 13) return undefined;
  const { aes } = await secretKeys();
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, aes, bytes.slice(12));
    return JSON.parse(decoder.decode(plain)) as T;
  } catch {
    return undefined;
  }
}

const JWT_HEADER = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

export async function signJwt(claims: object): Promise<string> {
  const { hmac } = await secretKeys();
  const body = `${JWT_HEADER}.${base64url(encoder.encode(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign('HMAC', hmac, encoder.encode(body));
  return `${body}.${base64url(new Uint8Array(signature))}`;
}

/** Claims of a JWT signed by this mock, or undefined for a forged, altered or malformed token. */
export async function verifyJwt<T>(token: string): Promise<T | undefined> {
  const [header, payload, signature] = token.split('.');
  if (header !== JWT_HEADER || payload === undefined || signature === undefined) return undefined;
  const signatureBytes = fromBase64url(signature);
  const payloadBytes = fromBase64url(payload);
  if (!signatureBytes || !payloadBytes) return undefined;
  const { hmac } = await secretKeys();
  const valid = await crypto.subtle.verify('HMAC', hmac, signatureBytes, encoder.encode(`${header}.${payload}`));
  if (!valid) return undefined;
  try {
    return JSON.parse(decoder.decode(payloadBytes)) as T;
  } catch {
    return undefined;
  }
}
