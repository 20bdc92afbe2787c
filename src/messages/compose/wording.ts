/**
 * How generated text reads: the words joining lists, the summary's bounded naming of data and first steps,
 * labels inside a sentence, addresses to type, help organisations as list items, and the kinds of data people
 * fear most.
 */
import type { BreachFacts } from "../../assess/index.ts";
import {
  CATEGORIES,
  CATEGORY_IDS,
  type CategoryId,
  getCategory,
  type HelpOrganisation,
  isCategoryId,
} from "../../framework/index.ts";
import type { ListItem } from "../blocks.ts";
import type { Language, Recipient } from "../message.ts";
import type { ListValue } from "../template/template.ts";

/**
 * The order in which messages name what did not leak: what people can act on first (password, bank, card),
 * then identity and health. Which categories are named is the framework's `oftenFeared` attribute; one that
 * gains the attribute without a place here is named after these, in the framework's order.
 */
const NOT_LEAKED_ORDER: readonly CategoryId[] = [
  "password",
  "iban",
  "payment-card",
  "bsn",
  "id-document-copy",
  "health",
];

/** Categories people worry about most, in message order; named as "not leaked" when the breach did not include them. */
export const OFTEN_FEARED: readonly CategoryId[] = CATEGORIES.filter((c) => c.oftenFeared === true)
  .map((c) => c.id)
  .sort((a, b) => rank(a) - rank(b));

export function rank(id: CategoryId): number {
  const at = NOT_LEAKED_ORDER.indexOf(id);
  return at === -1 ? NOT_LEAKED_ORDER.length : at;
}

export function list(items: ListItem[], ordered: boolean, inline: string): ListValue {
  return { kind: "list", ordered, items, inline };
}

/** Words as a reader counts them; a label such as "bankrekeningnummer (IBAN)" is two. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

/**
 * How many words the summary spends on naming the person's data. The summary's first sentence is
 * "Bij … zijn gegevens van u gelekt: …" (6 words and the organisation's name); with this many more it stays
 * within B1's 20 words for an ordinary name, however many kinds of data leaked.
 */
export const SUMMARY_DATA_WORDS = 10;
/** Words the summary spends on the first things to do ("Doe nu eerst dit: …" is 4 more). */
export const SUMMARY_STEPS_WORDS = 15;

/**
 * The person's data as the summary names it: everything when it fits in `SUMMARY_DATA_WORDS`, otherwise the
 * kinds people fear most first, as many as fit, and how many more ("naam, wachtwoord en nog 12 andere"). The
 * full list is in the "which data" section right below.
 */
export function summaryData(leaked: readonly CategoryId[], language: Language): string {
  const all = leaked.map((c) => categoryLabel(c, language));
  if (all.reduce((n, l) => n + wordCount(l), 0) + Math.max(0, all.length - 1) <= SUMMARY_DATA_WORDS)
    return joinWords(all, language);
  const feared = leaked.filter((c) => OFTEN_FEARED.includes(c)).sort((a, b) => rank(a) - rank(b));
  const ordered = [...feared, ...leaked.filter((c) => !feared.includes(c))];
  // "en nog 12 andere" / "and 12 more": three words of the budget.
  const budget = SUMMARY_DATA_WORDS - 3;
  const named: string[] = [];
  let words = 0;
  for (const id of ordered) {
    const label = categoryLabel(id, language);
    const cost = wordCount(label);
    if (named.length > 0 && words + cost > budget) continue;
    named.push(label);
    words += cost;
  }
  const rest = leaked.length - named.length;
  return `${named.join(", ")} ${language === "nl" ? `en nog ${rest} andere` : `and ${rest} more`}`;
}

/** The first one or two things to do, within `SUMMARY_STEPS_WORDS` (the whole plan follows in the message). */
export function summarySteps(titles: readonly string[], language: Language): string {
  const first = titles.slice(0, 2);
  if (first.length === 2 && wordCount(first.join(" ")) + 1 > SUMMARY_STEPS_WORDS) first.pop();
  return joinWords(first, language);
}

export function joinWords(words: readonly string[], language: Language): string {
  if (words.length <= 1) return words.join("");
  const and = language === "nl" ? "en" : "and";
  return `${words.slice(0, -1).join(", ")} ${and} ${words.at(-1)}`;
}

/** "E-mailadres" → "e-mailadres" inside a sentence; abbreviations such as "IBAN" or "ID-kaart" stay. */
export function lowerFirst(text: string): string {
  return /^[A-Z](?=[a-z]|-[a-z])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** "https://www.rvig.nl" → "www.rvig.nl": addresses are written to be typed, never as links. */
export function typedAddress(value: string): string {
  return value.replace(/^https?:\/\//i, "").replace(/\/$/, "");
}

export function helpItem(org: HelpOrganisation, language: Language): ListItem {
  const words = language === "nl" ? { call: "Bel", site: "Website" } : { call: "Call", site: "Website" };
  const sub = org.contact.map((route) => {
    const note = route.note ? lowerFirst(route.note[language]) : undefined;
    if (route.kind === "phone") {
      if (!/\d/.test(route.value)) return note ? `${route.value}: ${note}` : route.value;
      const hours =
        org.openingHours && route === org.contact.find((c) => c.kind === "phone")
          ? lowerFirst(org.openingHours[language])
          : undefined;
      const extra = [note, hours].filter(Boolean).join(", ");
      return `${words.call} ${route.value}${extra ? ` (${extra})` : ""}`;
    }
    if (route.kind === "counter") return note ? upperFirst(note) : route.value;
    return `${route.note ? route.note[language] : words.site}: ${typedAddress(route.value)}`;
  });
  return { title: org.name[language], text: org.helpsWith[language], sub };
}

/** One line for help that has no number of its own to print (your own bank's is on your card). */
const SHORT_ROUTES: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  bank: { nl: "bel het nummer op uw bankpas", en: "call the number on your bank card" },
};

/**
 * A help organisation on one line, for a short notice: its name and one way to reach it — a phone number
 * first (people in trouble call), else its website or counter. Its other routes are on the portal.
 */
export function helpLine(org: HelpOrganisation, language: Language): ListItem {
  const own = SHORT_ROUTES[org.id];
  if (own) return { text: `${org.name[language]}: ${own[language]}` };
  const call = language === "nl" ? "bel" : "call";
  const phone = org.contact.find((c) => c.kind === "phone" && /\d/.test(c.value));
  const web = org.contact.find((c) => c.kind === "web" || c.kind === "form");
  const first = org.contact[0];
  let route: string;
  if (phone) route = `${call} ${phone.value}`;
  else if (web) route = typedAddress(web.value);
  else if (first?.note && first.kind === "counter") route = lowerFirst(first.note[language]);
  else if (first?.note) route = `${lowerFirst(first.value)} (${lowerFirst(first.note[language])})`;
  else route = first ? first.value : "";
  return { text: route ? `${org.name[language]}: ${route}` : org.name[language] };
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Millions of people share a few hundred category lists: each list is worked out once per breach.
const leakedByList = new WeakMap<BreachFacts, Map<string, readonly CategoryId[]>>();
const LEAKED_LISTS_LIMIT = 10_000;

/** The person's leaked categories (or the breach's), in the framework's order so equal sets read the same. */
export function leakedCategories(recipient: Recipient, breach: BreachFacts): readonly CategoryId[] {
  let lists = leakedByList.get(breach);
  if (!lists) {
    lists = new Map();
    leakedByList.set(breach, lists);
  }
  const key = recipient.categories.join(",");
  let leaked = lists.get(key);
  if (!leaked) {
    if (lists.size >= LEAKED_LISTS_LIMIT) lists.clear();
    leaked = Object.freeze(leakedCategoriesOf(recipient, breach));
    lists.set(key, leaked);
  }
  return leaked;
}

function leakedCategoriesOf(recipient: Recipient, breach: BreachFacts): CategoryId[] {
  const own = new Set<string>(recipient.categories.filter(isCategoryId));
  const leaked = own.size > 0 ? own : new Set<string>(breach.data.map((d) => d.category));
  return CATEGORY_IDS.filter((id) => leaked.has(id));
}

export function categoryLabel(id: string, language: Language): string {
  return isCategoryId(id) ? lowerFirst(getCategory(id).label[language]) : id;
}
