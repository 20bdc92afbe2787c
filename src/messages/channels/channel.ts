/** The channels a message can go out by; each has one renderer (renderers.ts). */
export { CHANNELS, type Channel } from "../../core/index.ts";
