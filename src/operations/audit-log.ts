/**
 * The audit log as a person reads it in the console: an organisation's administrator sees the newest entries
 * about their organisation's things, the platform's operator the whole log; either may have the whole chain
 * verified (every entry's keyed hash and link, as `lekwijzer audit verify` does). Reading the log is itself
 * recorded, so who looked is in the log too.
 */
import { type AuditLine, type AuditVerification, audit, auditViews } from "../store/index.ts";
import { type Actor, authorize } from "./actor.ts";
import type { OperationContext } from "./context.ts";

export const AUDIT_VIEW_LIMIT = 200;

export interface AuditLogView {
  entries: AuditLine[];
  /** Only when asked for: walking the chain reads every entry. */
  verification: AuditVerification | null;
}

export async function readAuditLog(
  ctx: OperationContext,
  actor: Actor,
  input: { verify?: boolean },
): Promise<AuditLogView> {
  authorize(actor, "audit.read");
  await audit.append(ctx.db, ctx.keys, {
    actor: actor.name,
    action: input.verify ? "audit.verified" : "audit.read",
    subject: actor.organisationId,
    details: {},
  });
  const entries =
    actor.organisationId === null
      ? await auditViews.latest(ctx.db, AUDIT_VIEW_LIMIT)
      : await auditViews.ofOrganisation(ctx.db, actor.organisationId, AUDIT_VIEW_LIMIT);
  const verification = input.verify ? await audit.verify(ctx.db, ctx.keys) : null;
  return { entries, verification };
}
