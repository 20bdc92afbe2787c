/**
 * The organisation administrator's console pages: API keys (`/console/api-sleutels`: list, issue, revoke) and
 * the audit log (`/console/logboek`, the chain verified on request). They go through the key and audit
 * operations as the signed-in staff actor; both need `staff-admin`, which only an organisation administrator
 * (or the platform's administrator, for the log) holds and no API key carries, so a key cannot mint keys.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type Actor,
  createKey,
  formTokenMatches,
  listKeys,
  may,
  OperationProblem,
  presentKey,
  readAuditLog,
  revokeKey,
  type StaffSession,
  staffDisplayNames,
} from "../../operations/index.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { ADMIN_PATHS, ADMIN_TEXT, auditBody, type KeysPageView, keysBody } from "./console-admin-view.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { TEXT } from "./console-text.ts";
import { type FieldError, messageBody } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Session = StaffSession & { actor: Actor };

export type AdminRouteDeps = ConsoleRouteDeps;

type Body = { Body: Record<string, unknown> | undefined };
const text = (body: Record<string, unknown> | undefined, name: string, max = 400) => {
  const value = body?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};
const errorTitle = (title: BilingualText) => ({ nl: `Fout: ${title.nl}`, en: `Error: ${title.en}` });

/** Field errors of the key form from the operation's refusal, in the person's words. */
function keyErrors(error: OperationProblem, language: Language): FieldError[] {
  const fields: Record<string, { field: string; text: BilingualText }> = {
    holder: { field: "houder", text: ADMIN_TEXT.holderMissing },
    scope: { field: "rechten-read", text: ADMIN_TEXT.scopeMissing },
    label: { field: "omschrijving", text: ADMIN_TEXT.labelTooLong },
  };
  return error.problems.flatMap((p) => {
    const known = fields[p.path];
    return known ? [{ field: known.field, message: t(known.text, language) }] : [];
  });
}

export function registerAdminPages(app: FastifyInstance, deps: AdminRouteDeps): void {
  registerKeysPage(app, deps);
  registerAuditPage(app, deps);
}

/** The keys page, its issue form and its revoke buttons: one piece, as they share the page and its guard. */
function registerKeysPage(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { ctx, language, send, go, signedIn, forbidden } = deps;
  const mayManage = (actor: Actor) => actor.organisationId !== null && may(actor, "key.list");
  const page = async (reply: FastifyReply, session: Session, shown: Partial<KeysPageView> = {}) => {
    const keys = (await listKeys(ctx, session.actor)).map(presentKey);
    const errors = shown.errors ?? [];
    const view: KeysPageView = {
      keys,
      formToken: session.formToken,
      notice: shown.notice ?? null,
      secret: shown.secret ?? null,
      typed: shown.typed ?? { holder: "", label: "", scope: "" },
      errors,
    };
    const title = errors.length ? errorTitle(ADMIN_TEXT.keysTitle) : ADMIN_TEXT.keysTitle;
    return send(reply, errors.length ? 400 : 200, title, keysBody(language, view), ADMIN_PATHS.keys);
  };
  const guarded = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
    const form = (request.body as Record<string, unknown> | undefined)?.formulier;
    if (post && (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), form))) {
      deps.refuse(reply);
      return undefined;
    }
    const session = await signedIn(request, reply);
    if (!session) return undefined;
    if (!mayManage(session.actor)) {
      forbidden(reply);
      return undefined;
    }
    return session;
  };

  app.get(localPath(ADMIN_PATHS.keys, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await guarded(request, reply, false);
    if (!session) return reply;
    const revoked = "ingetrokken" in ((request.query ?? {}) as Record<string, unknown>);
    return page(reply, session, { notice: revoked ? t(ADMIN_TEXT.revokedNotice, language) : null });
  });

  app.post<Body>(
    localPath(ADMIN_PATHS.keys, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guarded(request, reply, true);
      if (!session) return reply;
      const typed = {
        holder: text(request.body, "holder", 300).trim(),
        label: text(request.body, "label", 300),
        scope: text(request.body, "scope", 20),
      };
      try {
        const created = await createKey(ctx, session.actor, typed);
        // The secret is in this answer only (no-store): a reload does not show it again.
        return page(reply, session, { secret: { holder: created.key.holder, secret: created.secret } });
      } catch (error) {
        if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
        return page(reply, session, { typed, errors: keyErrors(error, language) });
      }
    },
  );

  app.post<Body & { Params: { id: string } }>(
    localPath(`${ADMIN_PATHS.keys}/:id/intrekken`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guarded(request, reply, true);
      if (!session) return reply;
      try {
        await revokeKey(ctx, session.actor, { id: request.params.id });
      } catch (error) {
        // Another organisation's key answers like an unknown one (or one already revoked): nothing changed.
        if (!(error instanceof OperationProblem) || error.code !== "not-found") throw error;
        return send(
          reply,
          404,
          TEXT.notFoundTitle,
          messageBody(language, TEXT.notFoundTitle, TEXT.notFound, {
            path: ADMIN_PATHS.keys,
            label: ADMIN_TEXT.keysTitle,
          }),
          ADMIN_PATHS.keys,
        );
      }
      return go(reply, ADMIN_PATHS.keys, "?ingetrokken");
    },
  );
}

function registerAuditPage(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  app.get(localPath(ADMIN_PATHS.audit, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!may(session.actor, "audit.read")) return forbidden(reply);
    const verify = "controleer" in ((request.query ?? {}) as Record<string, unknown>);
    const view = await readAuditLog(ctx, session.actor, { verify });
    const names = await staffDisplayNames(
      ctx,
      session.actor,
      view.entries.map((e) => e.actor),
    );
    for (const entry of view.entries) {
      const name = names.get(entry.actor);
      if (name) entry.actor = `${name} (${entry.actor})`;
    }
    return send(reply, 200, ADMIN_TEXT.auditTitle, auditBody(language, view), ADMIN_PATHS.audit);
  });
}
