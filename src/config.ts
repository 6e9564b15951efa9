/**
 * Deployment settings, in one place. The client id is the one the EHR registered Clarify under; set
 * VITE_SMART_CLIENT_ID at build time for a real EHR (the mock EHR and the SMART App Launcher accept
 * any id; the mock registers "clarify").
 */
export const CLIENT_ID: string = import.meta.env.VITE_SMART_CLIENT_ID || 'clarify';

/** The SMART redirect_uri, relative to the launch page (launch/ → the app at the site root). */
export const REDIRECT_PATH = '../';

/**
 * True in `--mode mock` builds, which start the bundled mock EHR in the browser. Entry points test
 * `import.meta.env.VITE_MOCK_EHR` themselves so that production builds drop the mock chunk entirely.
 */
export const MOCK_EHR = import.meta.env.VITE_MOCK_EHR === '1';
