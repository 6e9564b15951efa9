// fhirclient falls back to isomorphic-webcrypto only where globalThis.crypto is missing; every browser
// Clarify supports has Web Crypto, so the bundle aliases that fallback to this empty module (-10 kB).
export default undefined;
