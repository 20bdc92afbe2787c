/** The OpenAPI shapes of the breach and import routes: their parameters and their answers. */

export const uuid = {
  type: "string",
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
} as const;

export const breachParams = {
  type: "object",
  required: ["breachId"],
  properties: { breachId: { ...uuid, description: "The breach's id" } },
} as const;

/** The parameters of a route under one breach that names one more thing by id (an update, a warning, …). */
export const breachChildParams = (name: string, what: string) =>
  ({
    type: "object",
    required: ["breachId", name],
    properties: {
      breachId: { ...uuid, description: "The breach's id" },
      [name]: { ...uuid, description: what },
    },
  }) as const;

export const importParams = {
  type: "object",
  required: ["breachId", "importId"],
  properties: {
    breachId: { ...uuid, description: "The breach's id" },
    importId: { ...uuid, description: "The import's id" },
  },
} as const;

export const breachSchema = {
  type: "object",
  required: ["id", "slug", "title", "status", "awareAt", "createdAt"],
  properties: {
    id: { type: "string" },
    slug: { type: "string" },
    title: { type: "string" },
    status: { type: "string" },
    awareAt: { type: "string", format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    facts: { type: "object", additionalProperties: true },
    assessment: { type: ["object", "null"], additionalProperties: true },
    legalHold: { type: "boolean" },
  },
} as const;

export const importSchema = {
  type: "object",
  required: ["id", "breachId", "status", "createdAt"],
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    status: { type: "string", enum: ["uploading", "queued", "running", "done", "failed"] },
    source: { type: "string", enum: ["api", "cli"] },
    progress: { type: "object", additionalProperties: true },
    summary: { type: ["object", "null"], additionalProperties: true },
    error: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    finishedAt: { type: ["string", "null"], format: "date-time" },
    report: { type: "string", description: "Where the error report (CSV) can be fetched" },
  },
} as const;

export const locationHeader = {
  Location: { type: "string", description: "Where the created resource can be read" },
} as const;
