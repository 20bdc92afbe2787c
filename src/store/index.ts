/**
 * store: the only part that talks to the database. It owns the schema and its migrations, the two engines
 * (PGlite embedded, PostgreSQL in production), field encryption and keyed look-up hashes for contact data,
 * named queries per table (no SQL outside this part), the hash-chained audit log and the retention purge.
 */
export { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, apiKeys, type NewApiKey } from "./api-keys.ts";
export { type AuditEntry, type AuditEntryInput, type AuditVerification, audit } from "./audit.ts";
export { type Breach, breaches, type NewBreach } from "./breaches.ts";
export { type Campaign, campaigns, type NewCampaign, type StatusChange } from "./campaigns.ts";
export {
  createFieldCrypto,
  DecryptionError,
  type FieldCrypto,
  generatePersonalCode,
  type LookupKind,
  normaliseEmail,
  normalisePersonalCode,
  normalisePhone,
  PERSONAL_CODE_ALPHABET,
} from "./crypto.ts";
export {
  type CampaignProgress,
  type ClaimedDelivery,
  type DeliveryPatch,
  type DeliveryRow,
  deliveries,
} from "./deliveries.ts";
export { type DatabaseHandle, type EngineName, type OpenOptions, openDatabase } from "./engine.ts";
export { MIGRATIONS, migrate } from "./migrations.ts";
export { type NewOrganisation, type Organisation, organisations } from "./organisations.ts";
export { retention } from "./retention.ts";
export type {
  BreachStatus,
  CampaignKind,
  CampaignSelection,
  CampaignStatus,
  Database,
  DeliveryChannel,
  DeliveryStatus,
  MessageKind,
} from "./schema.ts";
export { type PostalAddress, type Victim, type VictimInput, victims } from "./victims.ts";
