/**
 * The evidence export from the console: `/console/datalek/<id>/bewijs.pdf` (the tagged PDF in the page's
 * language) and `…/bewijs.json` (format lekwijzer-evidence/1), the same report the API and the CLI give, for
 * GDPR art. 33(5) documentation. The signed-in person's roles decide (`breach.evidence`, every role of the
 * organisation); another organisation's breach is "not found" like an unknown one, and each export is in the
 * audit log, as the operation records it.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { breachEvidence, evidencePdf, may, OperationProblem } from "../../operations/index.ts";
import { type BilingualText, localPath } from "../i18n.ts";
import { CAMPAIGN_PATHS, CAMPAIGN_TEXT } from "./console-campaigns-view.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { messageBody, PATHS } from "./console-view.ts";

export const EVIDENCE_TEXT = {
  pdf: { nl: "Bewijs van aanpak (PDF)", en: "Evidence of the response (PDF)" },
  json: { nl: "Bewijs van aanpak (JSON, voor systemen)", en: "Evidence of the response (JSON, for systems)" },
} satisfies Record<string, BilingualText>;

/** Where a breach's evidence is, for links from the breach's pages. */
export const evidencePath = (breachId: string, format: "pdf" | "json") =>
  `${CAMPAIGN_PATHS.breach}/${breachId}/bewijs.${format}`;

export type EvidenceRouteDeps = Pick<
  ConsoleRouteDeps,
  "ctx" | "language" | "send" | "signedIn" | "forbidden"
>;

/** The two exports. One piece: they share the guard and the refusal pages, and differ only in the format. */
export function registerEvidenceExports(app: FastifyInstance, deps: EvidenceRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  const notFound = (reply: FastifyReply) =>
    send(
      reply,
      404,
      CAMPAIGN_TEXT.notFoundTitle,
      messageBody(language, CAMPAIGN_TEXT.notFoundTitle, CAMPAIGN_TEXT.notFound, {
        path: PATHS.home,
        label: CAMPAIGN_TEXT.back,
      }),
      PATHS.home,
    );
  for (const format of ["pdf", "json"] as const) {
    app.get<{ Params: { id: string } }>(
      localPath(`${CAMPAIGN_PATHS.breach}/:id/bewijs.${format}`, language),
      { schema: { hide: true } },
      async (request, reply) => {
        const session = await signedIn(request, reply);
        if (!session) return reply;
        const { actor } = session;
        if (actor.organisationId === null || !may(actor, "breach.evidence")) return forbidden(reply);
        try {
          const report = await breachEvidence(ctx, actor, { breachId: request.params.id });
          const name = `evidence-${report.breach.slug}${format === "pdf" ? `-${language}` : ""}.${format}`;
          reply
            .header("cache-control", "no-store")
            .header("content-disposition", `attachment; filename="${name}"`);
          if (format === "json") return reply.type("application/json").send(JSON.stringify(report, null, 2));
          return reply.type("application/pdf").send(await evidencePdf(report, language));
        } catch (error) {
          if (error instanceof OperationProblem && error.code === "not-found") return notFound(reply);
          if (error instanceof OperationProblem && error.code === "forbidden") return forbidden(reply);
          throw error;
        }
      },
    );
  }
}
