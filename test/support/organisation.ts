/**
 * An organisation that may send, set up as an operator would: the sample sender profile (the relay signs
 * DKIM) and its sending domain vouched for by hand. Tests of sending start from here.
 */
import { SAMPLE_ORGANISATION } from "../../src/messages/index.ts";
import {
  type OperationContext,
  operatorActor,
  setProfile,
  verifyDomainByHand,
} from "../../src/operations/index.ts";
import { organisations } from "../../src/store/index.ts";

export async function organisationReadyToSend(ctx: OperationContext, slug: string): Promise<string> {
  const organisation = await organisations.create(ctx.db, { slug, name: SAMPLE_ORGANISATION.name });
  const operator = operatorActor("test", organisation.id);
  await setProfile(ctx, operator, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
  await verifyDomainByHand(ctx, operator, { domain: "voorbeeldtelecom.nl", reason: "test installation" });
  return organisation.id;
}
