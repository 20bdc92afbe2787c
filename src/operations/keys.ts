/**
 * API keys of an organisation: the operator issues them to named holders, lists them (hints, never secrets)
 * and revokes them. Each change is audit-logged. `presentKey` and `presentCreatedKey` are the JSON shapes every
 * door prints; the secret appears only in the latter, once.
 */
import {
  API_KEY_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  apiKeys,
  audit,
  normaliseHolder,
  organisations,
  transaction,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";

export interface KeyJson {
  id: string;
  organisationId: string;
  scope: ApiKeyScope;
  holder: string;
  label: string;
  hint: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export function presentKey(key: ApiKey): KeyJson {
  return {
    id: key.id,
    organisationId: key.organisationId,
    scope: key.scope,
    holder: key.holder,
    label: key.label,
    hint: key.hint,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}

/** A new key with its secret: shown this once, stored only as a digest. */
export function presentCreatedKey(created: { key: ApiKey; secret: string }): KeyJson & { secret: string } {
  return { ...presentKey(created.key), secret: created.secret };
}

function checkedInput(input: { scope: string; holder: string; label?: string | undefined }) {
  const problems: { path: string; message: string }[] = [];
  if (!(API_KEY_SCOPES as readonly string[]).includes(input.scope))
    problems.push({ path: "scope", message: `expected ${API_KEY_SCOPES.join(", ")}, got "${input.scope}"` });
  const holder = normaliseHolder(input.holder);
  if (holder === "" || holder.length > 200)
    problems.push({ path: "holder", message: "the holder's name, 1 to 200 characters" });
  const label = input.label ?? "";
  if (label.length > 200) problems.push({ path: "label", message: "at most 200 characters" });
  if (problems.length > 0) throw new OperationProblem("invalid", "The API key is not valid.", problems);
  return { scope: input.scope as ApiKeyScope, holder, label };
}

/** Issues a key of the actor's organisation to a named holder. */
export async function createKey(
  ctx: OperationContext,
  actor: Actor,
  input: { scope: string; holder: string; label?: string | undefined },
): Promise<{ key: ApiKey; secret: string }> {
  const organisationId = actingOrganisation(actor, "key.create");
  const { scope, holder, label } = checkedInput(input);
  return transaction(ctx.db, async (tx) => {
    const created = await apiKeys.create(tx, {
      organisationId,
      scope,
      holder,
      label,
      createdBy: actor.name,
    });
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "apikey.created",
      subject: created.key.id,
      details: {
        organisation: organisationId,
        scope: created.key.scope,
        holder: created.key.holder,
        hint: created.key.hint,
      },
    });
    return created;
  });
}

export async function listKeys(ctx: OperationContext, actor: Actor): Promise<ApiKey[]> {
  const organisationId = actingOrganisation(actor, "key.list");
  return apiKeys.listByOrganisation(ctx.db, organisationId);
}

/** Revokes a live key of the actor's organisation; it stops working at once. */
export async function revokeKey(ctx: OperationContext, actor: Actor, input: { id: string }): Promise<void> {
  const organisationId = actingOrganisation(actor, "key.revoke");
  const revoked = await transaction(ctx.db, async (tx) => {
    const done = await apiKeys.revoke(tx, organisationId, input.id);
    if (done)
      await audit.append(tx, ctx.keys, {
        actor: actor.name,
        action: "apikey.revoked",
        subject: input.id,
        details: { organisation: organisationId },
      });
    return done;
  });
  if (!revoked) {
    const slug = (await organisations.get(ctx.db, organisationId))?.slug ?? organisationId;
    throw new OperationProblem("not-found", `No live key ${input.id} of organisation ${slug}.`, [
      { path: "id", message: `no live key ${input.id} of organisation ${slug}` },
    ]);
  }
}
