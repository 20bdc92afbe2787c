// Information every notification to victims must contain (framework elements K3-K13, GDPR art. 34(2)), with
// template texts (voorbeeldteksten, K13) that use GOV.UK-Notify-style ((placeholders)). The messages part
// composes notices from these; list placeholders such as ((your_data)) are filled with rendered lists.
import type { Element, SubjectLine } from "./schema.ts";

export const ELEMENTS: readonly Element[] = [
  {
    id: "apology",
    sources: ["K2", "K13", "research: victims expect the organisation to take responsibility"],
    title: { nl: "Excuses en verantwoordelijkheid", en: "Apology and responsibility" },
    mustSay: {
      nl: "Zeg sorry. Zeg dat de organisatie verantwoordelijk is, niet de persoon zelf.",
      en: "Say sorry. Say that the organisation is responsible, not the person.",
    },
    required: "always",
    placeholders: ["organisation"],
    template: {
      nl: "Het spijt ons heel erg. Wij hebben bij ((organisation)) uw gegevens niet goed genoeg beschermd. Dat is onze verantwoordelijkheid, niet de uwe. Wij begrijpen dat dit bericht u zorgen geeft. Wij helpen u zo goed als we kunnen.",
      en: "We are very sorry. We at ((organisation)) did not protect your data well enough. That is our responsibility, not yours. We understand that this message may worry you. We will help you as well as we can.",
    },
  },
  {
    id: "what-happened",
    sources: ["K3", "GDPR art. 34(2)", "GDPR art. 33(3)(a)"],
    title: { nl: "Wat is er gebeurd", en: "What happened" },
    mustSay: {
      nl: "Wat er gebeurde, wanneer het gebeurde en wanneer de organisatie het ontdekte.",
      en: "What happened, when it happened and when the organisation found out.",
    },
    required: "always",
    placeholders: ["organisation", "breach_date", "discovery_date", "what_happened"],
    template: {
      nl: "Op ((discovery_date)) ontdekten wij een datalek bij ((organisation)). Het lek begon op ((breach_date)). ((what_happened))",
      en: "On ((discovery_date)) we discovered a data breach at ((organisation)). The breach started on ((breach_date)). ((what_happened))",
    },
  },
  {
    id: "which-data",
    sources: ["K4"],
    title: { nl: "Welke gegevens van u zijn gelekt", en: "Which information about you was leaked" },
    mustSay: {
      nl: "Welke gegevens van deze persoon zijn gelekt. Noem ook wat niet gelekt is, als dat zeker is.",
      en: "Which information about this person was leaked. Also say what was not leaked, when that is certain.",
    },
    required: "always",
    placeholders: ["your_data", "not_leaked"],
    template: {
      nl: "Deze gegevens van u zijn gelekt: ((your_data)). Deze gegevens zijn niet gelekt: ((not_leaked)).",
      en: "This information about you was leaked: ((your_data)). This information was not leaked: ((not_leaked)).",
    },
  },
  {
    id: "consequences",
    sources: ["K5", "GDPR art. 34(2)", "GDPR art. 33(3)(c)"],
    title: { nl: "Wat kan er gebeuren", en: "What could happen" },
    mustSay: {
      nl: "De gevolgen die het lek voor deze persoon kan hebben, in gewone woorden.",
      en: "The consequences the breach may have for this person, in everyday words.",
    },
    required: "always",
    placeholders: ["consequences"],
    template: {
      nl: "Criminelen kunnen uw gegevens misbruiken. Dit kan er gebeuren: ((consequences)). Dit hoeft niet te gebeuren. Maar het is goed om erop te letten.",
      en: "Criminals may misuse your data. This could happen: ((consequences)). It does not have to happen. But it is good to be alert.",
    },
  },
  {
    id: "what-you-can-do",
    sources: ["K6", "GDPR art. 34(2) with EDPB guidelines 9/2022"],
    title: { nl: "Wat u zelf kunt doen", en: "What you can do yourself" },
    mustSay: {
      nl: "De stappen uit het persoonlijke plan, de belangrijkste eerst. Zeg ook wat niet nodig is.",
      en: "The steps from the personal plan, most important first. Also say what is not needed.",
    },
    required: "always",
    placeholders: ["your_steps"],
    template: {
      nl: "Dit kunt u zelf doen om de risico's kleiner te maken. Begin bovenaan. ((your_steps))",
      en: "This is what you can do to make the risks smaller. Start at the top. ((your_steps))",
    },
  },
  {
    id: "what-we-did",
    sources: ["K7", "GDPR art. 34(2)", "GDPR art. 33(3)(d)"],
    title: { nl: "Wat wij hebben gedaan", en: "What we have done" },
    mustSay: {
      nl: "Wat de organisatie deed om het lek te stoppen en de gevolgen te beperken. En wat zij gaat verbeteren.",
      en: "What the organisation did to stop the breach and limit the harm. And what it will improve.",
    },
    required: "always",
    placeholders: ["measures_taken", "improvements", "authority_notified"],
    template: {
      nl: "Wij kwamen meteen in actie. Dit hebben wij gedaan: ((measures_taken)). ((if authority_notified))Wij hebben het lek gemeld bij de Autoriteit Persoonsgegevens. ((end))Dit gaan wij verbeteren: ((improvements)).",
      en: "We acted straight away. This is what we did: ((measures_taken)). ((if authority_notified))We have reported the breach to the Dutch Data Protection Authority. ((end))This is what we will improve: ((improvements)).",
    },
  },
  {
    id: "advice-for-your-situation",
    sources: ["K10"],
    title: { nl: "Advies voor uw situatie", en: "Advice for your situation" },
    mustSay: {
      nl: "Eigen advies voor mensen voor wie het lek extra risico geeft, zoals mensen met een afgeschermd adres.",
      en: "Advice of its own for people for whom the breach brings extra risk, such as people with a shielded address.",
    },
    required: "when-applicable",
    placeholders: ["situation_advice"],
    template: {
      nl: "Uw situatie vraagt extra aandacht. Daarom krijgt u dit advies: ((situation_advice))",
      en: "Your situation needs extra care. That is why we give you this advice: ((situation_advice))",
    },
  },
  {
    id: "accessible-routes",
    sources: ["K11", "EDPB guidelines 9/2022: several channels, accessible formats"],
    title: { nl: "Hulp op een manier die bij u past", en: "Help in a way that suits you" },
    mustSay: {
      nl: "Dat de persoon het bericht ook op papier, aan de telefoon of met hulp van iemand anders kan krijgen.",
      en: "That the person can also get the message on paper, by phone or with help from someone else.",
    },
    required: "always",
    placeholders: ["contact_phone"],
    template: {
      nl: "Wilt u dit bericht op papier? Of wilt u dat wij het uitleggen? Bel ons op ((contact_phone)). U mag ook iemand meenemen of laten bellen.",
      en: "Would you like this message on paper? Or would you like us to explain it? Call us on ((contact_phone)). You may also bring someone or ask someone to call for you.",
    },
  },
  {
    id: "help-when-things-go-wrong",
    sources: ["K12"],
    title: { nl: "Hulp als het toch misgaat", en: "Help if something goes wrong" },
    mustSay: {
      nl: "Waar de persoon terechtkan bij misbruik: geld terugkrijgen, identiteit herstellen en steun.",
      en: "Where the person can go if data is misused: getting money back, restoring their identity and support.",
    },
    required: "always",
    placeholders: ["help_organisations"],
    template: {
      nl: "Merkt u dat iemand uw gegevens misbruikt? Dan staat u er niet alleen voor. Deze organisaties helpen u gratis of tegen lage kosten: ((help_organisations)).",
      en: "Do you notice someone misusing your data? Then you are not alone. These organisations help you for free or at low cost: ((help_organisations)).",
    },
  },
  {
    id: "compensation",
    sources: ["K9", "GDPR art. 82"],
    title: { nl: "Schadevergoeding", en: "Compensation" },
    mustSay: {
      nl: "Of en hoe de persoon een vergoeding kan krijgen. Zeg eerlijk of dat vanzelf gaat of dat de persoon het moet vragen.",
      en: "Whether and how the person can get compensation. Say honestly whether it is automatic or must be asked for.",
    },
    required: "always",
    placeholders: ["compensation_info"],
    template: {
      nl: "Heeft u schade door dit lek? Dan kunt u ons om een vergoeding vragen. ((compensation_info))",
      en: "Has this breach caused you harm? Then you can ask us for compensation. ((compensation_info))",
    },
  },
  {
    id: "updates",
    sources: ["K8", "GDPR art. 33(4)"],
    title: { nl: "Wij houden u op de hoogte", en: "We will keep you informed" },
    mustSay: {
      nl: "Dat er nieuws komt, hoe vaak en waar. Zo lang als dat nodig is.",
      en: "That there will be news, how often and where. For as long as it matters.",
    },
    required: "always",
    placeholders: ["updates_url", "update_frequency"],
    template: {
      nl: "Wij onderzoeken het lek nog. Wij sturen u nieuws als wij meer weten, in elk geval ((update_frequency)). Al het nieuws staat ook op ((updates_url)).",
      en: "We are still investigating the breach. We will send you news when we know more, at least ((update_frequency)). All news is also on ((updates_url)).",
    },
  },
  {
    id: "contact-point",
    sources: ["GDPR art. 34(2)", "GDPR art. 33(3)(b)"],
    title: { nl: "Vragen", en: "Questions" },
    mustSay: {
      nl: "Hoe de persoon de organisatie bereikt. En hoe de persoon de privacy-adviseur van de organisatie bereikt.",
      en: "How the person reaches the organisation, and its data protection officer (DPO).",
    },
    required: "always",
    placeholders: ["contact_phone", "contact_hours", "dpo_contact"],
    template: {
      nl: "Heeft u vragen? Bel ons op ((contact_phone)), ((contact_hours)). Heeft u een vraag of klacht over hoe wij met uw gegevens omgaan? Dan kunt u ook terecht bij onze privacy-adviseur: ((dpo_contact)).",
      en: "Do you have questions? Call us on ((contact_phone)), ((contact_hours)). If you have a question or complaint about how we handle your data, you can also contact our data protection officer: ((dpo_contact)).",
    },
  },
  {
    id: "verify-this-message",
    sources: ["K2", "K15"],
    title: { nl: "Is dit bericht echt?", en: "Is this message genuine?" },
    mustSay: {
      nl: "Hoe de persoon zelf kan nagaan dat dit bericht echt is. Zonder link die de persoon moet aanklikken.",
      en: "How the person can check that this message is genuine, without a link they need to click.",
    },
    required: "always",
    placeholders: ["verify_url", "verification_code"],
    template: {
      nl: "Criminelen sturen soms nepberichten over een datalek. Wij vragen u nooit om een wachtwoord, pincode of betaling. Wilt u zeker weten dat dit bericht van ons komt? Typ zelf ((verify_url)) in uw browser en vul deze code in: ((verification_code)).",
      en: "Criminals sometimes send fake messages about a data breach. We never ask you for a password, PIN or payment. Want to be sure this message is from us? Type ((verify_url)) into your browser yourself and enter this code: ((verification_code)).",
    },
  },
];

/**
 * Subject lines. The regulator found many notices were not read because the subject looked routine; these
 * say plainly that the person's own data leaked and that there is something to do.
 */
export const SUBJECT_LINES: readonly SubjectLine[] = [
  {
    id: "data-leaked",
    placeholders: ["organisation"],
    text: {
      nl: "Belangrijk: uw gegevens zijn gelekt bij ((organisation))",
      en: "Important: your personal data leaked at ((organisation))",
    },
  },
  {
    id: "act-now",
    placeholders: ["organisation"],
    text: {
      nl: "Datalek bij ((organisation)): dit kunt u nu doen",
      en: "Data breach at ((organisation)): what you can do now",
    },
  },
  {
    id: "criminals-have-data",
    placeholders: ["organisation"],
    text: {
      nl: "Let op: criminelen hebben uw gegevens van ((organisation))",
      en: "Warning: criminals have your data from ((organisation))",
    },
  },
  {
    id: "update",
    placeholders: ["organisation"],
    text: {
      nl: "Nieuws over het datalek bij ((organisation)) en uw gegevens",
      en: "News about the data breach at ((organisation)) and your data",
    },
  },
];
