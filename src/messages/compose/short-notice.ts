/**
 * The short wording of a first notice. A first notice must be read to the end by millions of worried people,
 * and printed and posted for those without e-mail: it says each required element in a few B1 sentences, names
 * the person's three most urgent steps, and leaves the whole plan to the portal. These texts replace the
 * framework's template for a first notice when the organisation has no own wording (override) for the
 * element; other kinds of message keep the framework's fuller text. They use the same placeholders.
 */
import type { BilingualText } from "../../core/index.ts";
import type { ElementId } from "../../framework/index.ts";

export const SHORT_FIRST_NOTICE: Readonly<Partial<Record<ElementId, BilingualText>>> = {
  apology: {
    nl: "Het spijt ons. Wij hebben uw gegevens niet goed beschermd. Dat is onze schuld, niet de uwe.",
    en: "We are sorry. We did not protect your data well enough. That is our fault, not yours.",
  },
  "what-we-did": {
    nl: "Dit hebben wij gedaan: ((measures_taken)). ((if authority_notified))Wij hebben het lek gemeld bij de Autoriteit Persoonsgegevens. ((end))Dit gaan wij verbeteren: ((improvements)).",
    en: "This is what we did: ((measures_taken)). ((if authority_notified))We have reported the breach to the Dutch Data Protection Authority. ((end))This is what we will improve: ((improvements)).",
  },
  "which-data": {
    nl: "Deze gegevens van u zijn gelekt: ((your_data)). Niet gelekt zijn: ((not_leaked)).",
    en: "This information about you was leaked: ((your_data)). Not leaked: ((not_leaked)).",
  },
  consequences: {
    nl: "Criminelen kunnen uw gegevens misbruiken. Dit kan er gebeuren: ((consequences))",
    en: "Criminals may misuse your data. This could happen: ((consequences))",
  },
  "what-you-can-do": {
    nl: "((your_steps))",
    en: "((your_steps))",
  },
  "advice-for-your-situation": {
    nl: "((situation_advice))",
    en: "((situation_advice))",
  },
  "help-when-things-go-wrong": {
    nl: "Misbruikt iemand uw gegevens? Dan helpen deze organisaties u: ((help_organisations))",
    en: "Is someone misusing your data? These organisations can help you: ((help_organisations))",
  },
  updates: {
    nl: "Wij sturen u nieuws als wij meer weten, in elk geval ((update_frequency)). Al het nieuws staat ook op ((updates_url)).",
    en: "We will send you news when we know more, at least ((update_frequency)). All news is also on ((updates_url)).",
  },
  "accessible-routes": {
    nl: "Op papier of uitleg nodig? Bel ons op ((contact_phone)). Een ander mag ook bellen.",
    en: "Need this on paper or explained? Call ((contact_phone)). Someone else may also call.",
  },
  "contact-point": {
    nl: "Heeft u vragen? Bel ons op ((contact_phone)), ((contact_hours)). Een klacht over wat wij met uw gegevens doen? Meld het bij onze privacy-adviseur: ((dpo_contact)).",
    en: "Any questions? Call us on ((contact_phone)), ((contact_hours)). A complaint about your data? Tell our privacy officer: ((dpo_contact)).",
  },
  "verify-this-message": {
    nl: "Twijfelt u? Typ zelf ((verify_url)) in uw browser en vul deze code in: ((verification_code)) Wij vragen u nooit om een wachtwoord, pincode of betaling.",
    en: "In doubt? Type ((verify_url)) into your browser yourself and enter this code: ((verification_code)) We never ask you for a password, PIN or payment.",
  },
};
