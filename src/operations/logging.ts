/**
 * The one logger set-up for every process (web server, worker, commands). The platform holds victims' contact
 * data, so logs carry no personal data: known fields are redacted by path, error messages and stacks are
 * masked, and any e-mail address or phone number that still reaches a log line is masked before it is written.
 * It lives in operations, below web and cli, because the worker must apply exactly the rules the web server
 * applies without loading the web part; the web part adds how requests and responses are written
 * (`extraSerializers`).
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

// Error messages and stacks quote input (a parser's "unexpected token in 'jan@…'"): mask them like text. The
// error's code (ECONNREFUSED, EAUTH) is written as `errorCode`: a field named `code` is redacted everywhere,
// since that name also carries personal codes.
function maskedError(error: unknown) {
  if (!(error instanceof Error)) return { message: maskPersonalData(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === "string" ? { errorCode: code } : {}),
    message: maskPersonalData(error.message),
    stack: error.stack ? maskPersonalData(error.stack) : undefined,
  };
}

type LogSerializers = NonNullable<LoggerOptions["serializers"]>;

export function createLogger(
  level: string,
  destination?: DestinationStream,
  extraSerializers: LogSerializers = {},
): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: { ...extraSerializers, err: maskedError },
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
