/**
 * Addressing: who a message is for (the person, their parents, next of kin or representative, as the
 * framework's flags rank them) and postal lines in Dutch style.
 */
import { type FlagId, getFlag, isFlagId } from "../../framework/index.ts";
import { labels } from "../labels.ts";
import type { Addressee, Language, PostalAddress, Recipient } from "../message.ts";

/** The flag that puts someone else in the person's place (the highest-ranked), if any. */
export function replacingFlag(flags: readonly string[]): FlagId | undefined {
  const known = flags.filter(isFlagId);
  return known
    .map((f) => ({ flag: f, rank: getFlag(f).channel.replacesRecipient }))
    .filter((x): x is { flag: FlagId; rank: number } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank)[0]?.flag;
}

/**
 * Who the message is addressed to: a representative, the parents, the next of kin, or the person. `replacing`
 * is `replacingFlag(recipient.flags)`, passed by callers that know it for many people at once.
 */
export function addresseeFor(
  recipient: Recipient,
  replacing: FlagId | undefined = replacingFlag(recipient.flags),
): Addressee {
  const l = labels(recipient.language);
  const name = recipient.name?.trim() || undefined;
  const who = name ?? (recipient.language === "nl" ? "deze persoon" : "this person");
  const lines = (first: string[], address: PostalAddress | undefined) => [
    ...first,
    ...postalLines(address, recipient.language),
  ];

  if (replacing === "deceased") {
    return {
      role: "next-of-kin",
      addressLines: lines(l.nextOfKinOf(who), recipient.address),
      salutation: l.salutationNextOfKin,
      note: l.noteNextOfKin(who),
    };
  }
  if (replacing === "represented") {
    const rep = recipient.representative;
    return {
      role: "representative",
      addressLines: rep?.address
        ? lines([rep.name, l.representativeOf(who)], rep.address)
        : lines(l.toRepresentativeOf(who), recipient.address),
      salutation: l.salutation(rep?.name),
      note: l.noteRepresentative(who),
    };
  }
  if (replacing === "minor") {
    return {
      role: "parents",
      addressLines: lines(l.parentsOf(who), recipient.address),
      salutation: l.salutationParents,
      note: l.noteParents(who),
    };
  }
  return {
    role: "self",
    addressLines: lines(name ? [name] : [], recipient.address),
    salutation: l.salutation(name),
  };
}

/** Dutch postal style: "Dorpsstraat 12", "1234 AB  UTRECHT", and a country line abroad. */
export function postalLines(address: PostalAddress | undefined, language: Language): string[] {
  if (!address) return [];
  const country = (address.country ?? "NL").toUpperCase();
  const out = [
    `${address.street} ${address.houseNumber}`.trim(),
    `${address.postcode}  ${address.city.toUpperCase()}`.trim(),
  ];
  if (country !== "NL") out.push(labels(language).countries[country] ?? country);
  return out;
}
