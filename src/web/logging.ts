/**
 * The web server's logger: the operations part's (redaction and masking, the same in every process) plus how
 * requests and responses are written — the path only, without its query string, and with an unsubscribe token
 * cut out.
 */
import type { DestinationStream, Logger } from "pino";
import { maskPersonalData } from "../core/index.ts";
import { createLogger } from "../operations/index.ts";

function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  // An update e-mail's one-click unsubscribe address carries its token in the path: it never reaches a log.
  return (q === -1 ? url : url.slice(0, q)).replace(/\/afmelden\/[^/]+/, "/afmelden/[token]");
}

export function createRequestLogger(level: string, destination?: DestinationStream): Logger {
  return createLogger(level, destination, {
    req(req: { id?: string; method?: string; url?: string }) {
      return { id: req.id, method: req.method, path: maskPersonalData(pathOnly(req.url)) };
    },
    res(res: { statusCode?: number }) {
      return { statusCode: res.statusCode };
    },
  });
}
