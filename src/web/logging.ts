/**
 * Logger set-up. The platform holds victims' contact data, so logs carry no personal data: known fields are
 * redacted by path, request URLs lose their query string, and any e-mail address or phone number that still
 * reaches a log line is masked before it is written.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { maskPersonalData } from "../core/index.ts";

const PERSONAL_FIELDS = [
  "email",
  "phone",
  "name",
  "street",
  "house_number",
  "houseNumber",
  "postcode",
  "city",
  "address",
  "password",
  "code",
  "personalCode",
];

const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  ...PERSONAL_FIELDS.map((field) => `*.${field}`),
  ...PERSONAL_FIELDS,
];

function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  // An update e-mail's one-click unsubscribe address carries its token in the path: it never reaches a log.
  return (q === -1 ? url : url.slice(0, q)).replace(/\/afmelden\/[^/]+/, "/afmelden/[token]");
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: {
      req(req: { id?: string; method?: string; url?: string }) {
        return { id: req.id, method: req.method, path: maskPersonalData(pathOnly(req.url)) };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
      // Error messages and stacks quote input (a parser's "unexpected token in 'jan@…'"): mask them like text.
      err(error: unknown) {
        if (!(error instanceof Error)) return { message: maskPersonalData(String(error)) };
        const code = (error as { code?: unknown }).code;
        return {
          type: error.name,
          ...(typeof code === "string" ? { code } : {}),
          message: maskPersonalData(error.message),
          stack: error.stack ? maskPersonalData(error.stack) : undefined,
        };
      },
    },
    hooks: {
      // Masks free text in messages; structured fields are handled by `redact`.
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === "string" ? maskPersonalData(arg) : arg));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
