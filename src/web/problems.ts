/**
 * The one catalogue of problem types (RFC 9457 problem+json). Every error response takes its `type`,
 * `title` and status from here, so clients can rely on stable codes.
 */
export const PROBLEMS = {
  "validation-failed": { status: 400, title: "The request is not valid" },
  "bad-request": { status: 400, title: "The request could not be read" },
  unauthorized: { status: 401, title: "Authentication is required" },
  forbidden: { status: 403, title: "You may not do this" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "The request conflicts with the current state" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  "request-timeout": { status: 408, title: "The request took too long to arrive" },
  "not-ready": { status: 503, title: "The service is not ready" },
  internal: { status: 500, title: "Something went wrong on our side" },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export interface ProblemItem {
  path: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  problems?: ProblemItem[];
}

export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

export function problem(
  code: ProblemCode,
  extra: { detail?: string; instance?: string; requestId?: string; problems?: ProblemItem[] } = {},
): ProblemDocument {
  const entry = PROBLEMS[code];
  // `detail` is always present: the NL API Design Rules require status, title and detail.
  return {
    type: problemType(code),
    title: entry.title,
    status: entry.status,
    ...extra,
    detail: extra.detail ?? entry.title,
  };
}

/** Raised by route handlers; the error handler turns it into problem+json. */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly problems: ProblemItem[] | undefined;
  constructor(code: ProblemCode, detail?: string, problems?: ProblemItem[]) {
    super(detail ?? PROBLEMS[code].title);
    this.name = "ProblemError";
    this.code = code;
    this.problems = problems;
  }
}

/** The generic code for an HTTP status raised by the framework itself (parsers, limits, routing). */
export function codeForStatus(status: number): ProblemCode {
  if (status === 400) return "bad-request";
  const match = (Object.keys(PROBLEMS) as ProblemCode[]).find((code) => PROBLEMS[code].status === status);
  if (match) return match;
  return status >= 500 ? "internal" : "bad-request";
}
