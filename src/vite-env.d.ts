/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_SMART_CLIENT_ID?: string;
  readonly VITE_MOCK_EHR?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
declare const FHIRCLIENT_PURE: boolean;
