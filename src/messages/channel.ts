/** The channels a message can go out by; each has one renderer (renderers.ts). */
export type Channel = "email" | "sms" | "letter" | "portal";
export const CHANNELS: readonly Channel[] = ["email", "sms", "letter", "portal"];
