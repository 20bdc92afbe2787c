/**
 * An organisation that may send, set up as an operator would: the sample sender profile (the relay signs
 * DKIM) and its sending domain vouched for by hand. Tests of sending start from here.
 */
import { SAMPLE_ORGANISATION } from "../../src/messages/index.ts";
import { type OperationContext, setProfile, verifyDomainByHand } from "../../src/operations/index.ts";
import { organisations } from "../../src/store/index.ts";

export async function organisationReadyToSend(ctx: OperationContext, slug: string): Promise<string> {
  const organisation = await organisations.create(ctx.db, { slug, name: SAMPLE_ORGANISATION.name });
  await setProfile(ctx, {
    organisationId: organisation.id,
    profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
    actor: "test",
  });
  await verifyDomainByHand(ctx, {
    organisationId: organisation.id,
    domain: "voorbeeldtelecom.nl",
    actor: "test",
    reason: "test installation",
  });
  return organisation.id;
}
