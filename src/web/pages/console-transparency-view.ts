/**
 * The transparency register's console page body (/console/persoonsgegevens): what is published and when, the
 * draft's entries with a way to change or remove each, the form for one entry (the framework's data
 * categories, the purpose in Dutch and English, the legal basis, the retention period and from when it counts,
 * who receives the data) with each problem at its field, and the button that publishes the draft. Readers see
 * the page without its forms. Forms keep what was typed when they fail.
 */
import { CATEGORIES } from "../../framework/index.ts";
import {
  ENTRY_LIMITS,
  LEGAL_BASES,
  RETENTION_FROM,
  type RetentionCheck,
  type TransparencyRegister,
} from "../../operations/index.ts";
import type { TransparencyEntry } from "../../store/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { errorSummary, textField } from "./console-updates-view.ts";
import { alert, CONSOLE, type FieldError, formToken } from "./console-view.ts";
import { day } from "./register.ts";
import {
  categoryList,
  LEGAL_BASIS_NAMES,
  legalBasisArticle,
  period,
  RETENTION_FROM_NAMES,
  transparencyPath,
} from "./transparency-text.ts";

export const TRANSPARENCY_PATH = `${CONSOLE}/persoonsgegevens`;
export const TRANSPARENCY_PREVIEW_PATH = `${TRANSPARENCY_PATH}/voorbeeld`;

export const TRANSPARENCY_TEXT = {
  title: { nl: "Persoonsgegevens en bewaartermijnen", en: "Personal data and retention periods" },
  errorTitle: {
    nl: "Fout: Persoonsgegevens en bewaartermijnen",
    en: "Error: Personal data and retention periods",
  },
  lead: {
    nl: "Laat op een openbare pagina zien welke persoonsgegevens uw organisatie gebruikt, waarvoor, en hoe lang u ze bewaart. Wijzigingen zijn pas openbaar als u ze publiceert.",
    en: "Show on a public page which personal data your organisation uses, what for, and how long you keep it. Changes become public only when you publish them.",
  },
  published: {
    nl: "Gepubliceerd: versie {version} op {date}.",
    en: "Published: version {version} on {date}.",
  },
  notPublished: {
    nl: "Nog niet gepubliceerd. Zonder publicatie is er geen openbare pagina.",
    en: "Not published yet. Without a publication there is no public page.",
  },
  changes: {
    nl: "Er zijn wijzigingen die nog niet openbaar zijn.",
    en: "There are changes that are not public yet.",
  },
  publicPage: { nl: "Openbare pagina", en: "Public page" },
  preview: { nl: "Voorbeeld van de pagina met de wijzigingen", en: "Preview of the page with the changes" },
  entries: { nl: "Regels", en: "Entries" },
  noEntries: { nl: "Er zijn nog geen regels.", en: "There are no entries yet." },
  which: { nl: "Gegevens", en: "Data" },
  why: { nl: "Waarvoor", en: "What for" },
  basis: { nl: "Grondslag", en: "Legal basis" },
  howLong: { nl: "Bewaartermijn", en: "Retention" },
  action: { nl: "Actie", en: "Action" },
  change: { nl: "Wijzigen", en: "Change" },
  remove: { nl: "Verwijderen", en: "Remove" },
  addTitle: { nl: "Regel toevoegen", en: "Add an entry" },
  changeTitle: { nl: "Regel wijzigen", en: "Change an entry" },
  categories: { nl: "Welke soorten gegevens?", en: "Which kinds of data?" },
  categoriesHint: {
    nl: "Kies de soorten gegevens waarvoor dit doel en deze termijn gelden. Het zijn dezelfde soorten als bij een datalek.",
    en: "Choose the kinds of data this purpose and period apply to. They are the same kinds as in a breach.",
  },
  purposeNl: { nl: "Waarvoor gebruikt u ze? (Nederlands)", en: "What do you use them for? (Dutch)" },
  purposeEn: {
    nl: "Waarvoor gebruikt u ze? (Engels, mag leeg)",
    en: "What do you use them for? (English, optional)",
  },
  purposeHint: {
    nl: "Schrijf kort en eenvoudig, voor iedereen: 'Om u een rekening te sturen.'",
    en: "Write short and simple, for everyone: 'To send you a bill.'",
  },
  basisLegend: { nl: "Waarom mag dat? (AVG artikel 6 lid 1)", en: "Why is it allowed? (GDPR article 6(1))" },
  months: { nl: "Hoe lang bewaart u ze? (in maanden)", en: "How long do you keep them? (in months)" },
  monthsHint: { nl: "Bijvoorbeeld 24 voor twee jaar.", en: "For example 24 for two years." },
  fromLegend: { nl: "Vanaf wanneer telt die termijn?", en: "From when does that period count?" },
  fromOtherNl: { nl: "Ander moment (Nederlands)", en: "Other moment (Dutch)" },
  fromOtherEn: { nl: "Ander moment (Engels, mag leeg)", en: "Other moment (English, optional)" },
  fromOtherHint: {
    nl: "Alleen bij 'na een ander moment': bijvoorbeeld 'het einde van het schooljaar'.",
    en: "Only with 'after another moment': for example 'the end of the school year'.",
  },
  recipientsNl: {
    nl: "Wie krijgt de gegevens ook? (Nederlands, mag leeg)",
    en: "Who else receives the data? (Dutch, optional)",
  },
  recipientsEn: {
    nl: "Wie krijgt de gegevens ook? (Engels, mag leeg)",
    en: "Who else receives the data? (English, optional)",
  },
  save: { nl: "Regel opslaan", en: "Save entry" },
  cancel: { nl: "Niet wijzigen", en: "Do not change" },
  publishTitle: { nl: "Publiceren", en: "Publish" },
  publishLead: {
    nl: "Publiceren maakt een nieuwe versie van de openbare pagina, met de datum van vandaag. Eerdere versies blijven bewaard.",
    en: "Publishing makes a new version of the public page, dated today. Earlier versions are kept.",
  },
  publish: { nl: "Publiceren", en: "Publish" },
  saved: {
    nl: "De regel is opgeslagen. Publiceer om hem openbaar te maken.",
    en: "The entry is saved. Publish to make it public.",
  },
  removed: {
    nl: "De regel is verwijderd. Publiceer om dat openbaar te maken.",
    en: "The entry is removed. Publish to make that public.",
  },
  publishedNotice: { nl: "De pagina is gepubliceerd.", en: "The page is published." },
  readOnly: {
    nl: "Alleen een beheerder van uw organisatie kan deze lijst wijzigen en publiceren.",
    en: "Only an administrator of your organisation can change and publish this list.",
  },
  checkTitle: { nl: "Controle bij uw datalekken", en: "Check of your breaches" },
  checkLead: {
    nl: "Per datalek: bewaarde u gegevens langer dan deze lijst zegt, en lekten gegevens die er niet in staan? Alleen aantallen.",
    en: "Per breach: did you keep data longer than this list says, and did data leak that it does not mention? Numbers only.",
  },
  previewTitle: { nl: "Voorbeeld: persoonsgegevens", en: "Preview: personal data" },
  back: { nl: "Terug naar persoonsgegevens", en: "Back to personal data" },
  // Field errors, in the person's words.
  errCategories: { nl: "Kies minstens één soort gegevens.", en: "Choose at least one kind of data." },
  errPurpose: {
    nl: "Schrijf in het Nederlands waarvoor u de gegevens gebruikt (hoogstens 600 tekens).",
    en: "Write in Dutch what you use the data for (at most 600 characters).",
  },
  errBasis: { nl: "Kies waarom het mag.", en: "Choose why it is allowed." },
  errMonths: {
    nl: "Vul een heel aantal maanden in, van 1 tot 1200.",
    en: "Fill in a whole number of months, from 1 to 1200.",
  },
  errFrom: { nl: "Kies vanaf wanneer de termijn telt.", en: "Choose from when the period counts." },
  errFromOther: {
    nl: "Schrijf in het Nederlands vanaf welk moment de termijn telt (hoogstens 200 tekens).",
    en: "Write in Dutch from which moment the period counts (at most 200 characters).",
  },
  errRecipients: {
    nl: "Schrijf in het Nederlands wie de gegevens krijgt (hoogstens 400 tekens), of laat beide velden leeg.",
    en: "Write in Dutch who receives the data (at most 400 characters), or leave both fields empty.",
  },
  errTooLong: { nl: "Deze tekst is te lang.", en: "This text is too long." },
} satisfies Record<string, BilingualText>;

const T = TRANSPARENCY_TEXT;

/** The entry form as typed (strings, as the form posts them). */
export interface EntryTyped {
  id: string | null;
  categories: string[];
  purpose: { nl: string; en: string };
  legalBasis: string;
  months: string;
  from: string;
  fromOther: { nl: string; en: string };
  recipients: { nl: string; en: string };
}

export const EMPTY_ENTRY: EntryTyped = {
  id: null,
  categories: [],
  purpose: { nl: "", en: "" },
  legalBasis: "",
  months: "",
  from: "",
  fromOther: { nl: "", en: "" },
  recipients: { nl: "", en: "" },
};

export function typedOf(entry: TransparencyEntry): EntryTyped {
  return {
    id: entry.id,
    categories: entry.categories,
    purpose: entry.purpose,
    legalBasis: entry.legalBasis,
    months: String(entry.retentionMonths),
    from: entry.retentionFrom,
    fromOther: entry.retentionFromOther ?? { nl: "", en: "" },
    recipients: entry.recipients ?? { nl: "", en: "" },
  };
}

const FIRST_CATEGORY = `categorie-${CATEGORIES[0]?.id ?? "name"}`;

/** The form's field of an operation's problem path, with the message to show there. */
export function fieldOfProblem(path: string): { field: string; text: BilingualText } | undefined {
  const english = path.endsWith(".en");
  const known: Record<string, { field: string; text: BilingualText }> = {
    categories: { field: FIRST_CATEGORY, text: T.errCategories },
    "purpose.nl": { field: "doel-nl", text: T.errPurpose },
    "purpose.en": { field: "doel-en", text: T.errTooLong },
    purpose: { field: "doel-nl", text: T.errPurpose },
    legalBasis: { field: "grondslag-a", text: T.errBasis },
    retentionMonths: { field: "maanden", text: T.errMonths },
    retentionFrom: { field: "vanaf-relation-end", text: T.errFrom },
    "retentionFromOther.nl": { field: "vanaf-anders-nl", text: T.errFromOther },
    "retentionFromOther.en": { field: "vanaf-anders-en", text: T.errTooLong },
    "recipients.nl": { field: "ontvangers-nl", text: T.errRecipients },
    "recipients.en": { field: "ontvangers-en", text: english ? T.errTooLong : T.errRecipients },
  };
  return known[path];
}

export interface TransparencyPageView {
  organisationSlug: string;
  register: TransparencyRegister;
  mayEdit: boolean;
  formToken: string;
  typed: EntryTyped;
  errors: FieldError[];
  problem: string | null;
  notice: string | null;
  /** The retention check's findings of the organisation's breaches, when there are any to show. */
  findings?: SafeHtml;
}

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

function entryTable(language: Language, view: TransparencyPageView): SafeHtml {
  const { draft } = view.register;
  if (draft.length === 0) return para(t(T.noEntries, language));
  const head = [T.which, T.why, T.basis, T.howLong, ...(view.mayEdit ? [T.action] : [])];
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="regels" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head.map((h) => html`<th class="utrecht-table__header-cell" scope="col">${t(h, language)}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${draft.map((entry, index) => {
    const names = categoryList(entry.categories, language);
    const from =
      entry.retentionFrom === "other" && entry.retentionFromOther
        ? `${language === "nl" ? "na" : "after"} ${entry.retentionFromOther.nl}`
        : t(RETENTION_FROM_NAMES[entry.retentionFrom] ?? { nl: "", en: "" }, language);
    return html`<tr class="utrecht-table__row">
<td class="utrecht-table__cell" data-label="${t(T.which, language)}">${names}</td>
<td class="utrecht-table__cell" data-label="${t(T.why, language)}">${entry.purpose.nl}</td>
<td class="utrecht-table__cell" data-label="${t(T.basis, language)}">${legalBasisArticle(entry.legalBasis, language)}</td>
<td class="utrecht-table__cell" data-label="${t(T.howLong, language)}">${period(entry.retentionMonths, language)} ${from}</td>
${
  view.mayEdit
    ? html`<td class="utrecht-table__cell" data-label="${t(T.action, language)}"><a class="utrecht-link" href="${localPath(TRANSPARENCY_PATH, language)}?wijzig=${entry.id}#regel-form">${t(T.change, language)}<span class="lw-visually-hidden">: ${t(T.entries, language)} ${String(index + 1)}</span></a>
<form method="post" action="${localPath(TRANSPARENCY_PATH, language)}">${formToken(view.formToken)}<input type="hidden" name="regel" value="${entry.id}"><button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="verwijderen">${t(T.remove, language)}<span class="lw-visually-hidden">: ${t(T.entries, language)} ${String(index + 1)}</span></button></form></td>`
    : ""
}
</tr>`;
  })}</tbody></table></div>`;
}

const errorAt = (id: string, errors: readonly FieldError[]) => {
  const message = errors.find((e) => e.field === id)?.message;
  return message
    ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph">${message}</p></div>`
    : "";
};

/** A fieldset of radio buttons or checkboxes; its error is at the first option, where the summary links. */
function choices(
  spec: {
    legend: string;
    hint?: string;
    name: string;
    type: "radio" | "checkbox";
    options: readonly { value: string; id: string; label: string }[];
    chosen: readonly string[];
  },
  errors: readonly FieldError[],
): SafeHtml {
  const firstId = spec.options[0]?.id ?? spec.name;
  const error = errors.some((e) => e.field === firstId);
  const kind = spec.type === "checkbox" ? "checkbox" : "radio-button";
  const described = [spec.hint ? `${spec.name}-hint` : "", error ? `${firstId}-fout` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${error ? " utrecht-form-fieldset--invalid" : ""}"${described ? html` aria-describedby="${described}"` : ""}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${spec.legend}</legend>
${spec.hint ? html`<p class="utrecht-paragraph" id="${spec.name}-hint">${spec.hint}</p>` : ""}
${errorAt(firstId, errors)}
<div class="lw-choices">${spec.options.map(
    (
      o,
    ) => html`<div class="utrecht-form-field utrecht-form-field--${spec.type === "checkbox" ? "checkbox" : "radio"}">
<div class="utrecht-form-field__input"><input class="utrecht-${kind} utrecht-${kind}--html-input" type="${spec.type}" id="${o.id}" name="${spec.name}" value="${o.value}"${spec.chosen.includes(o.value) ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--${spec.type === "checkbox" ? "checkbox" : "radio"}" for="${o.id}">${o.label}</label></div>
</div>`,
  )}</div>
</fieldset>`;
}

function entryForm(language: Language, view: TransparencyPageView): SafeHtml {
  const typed = view.typed;
  const errors = view.errors;
  const text = (
    id: string,
    label: BilingualText,
    value: string,
    lang: Language,
    max: number,
    rows?: number,
    hint?: BilingualText,
  ) =>
    textField(
      language,
      {
        id,
        label: t(label, language),
        value,
        lang,
        maxlength: max,
        ...(rows ? { rows } : {}),
        ...(hint ? { hint: t(hint, language) } : {}),
      },
      errors,
    );
  return html`<h2 class="utrecht-heading-2" id="regel-form">${t(typed.id ? T.changeTitle : T.addTitle, language)}</h2>
<form class="utrecht-form" method="post" action="${localPath(TRANSPARENCY_PATH, language)}" novalidate>
${formToken(view.formToken)}
${typed.id ? html`<input type="hidden" name="regel" value="${typed.id}">` : ""}
${choices(
  {
    legend: t(T.categories, language),
    hint: t(T.categoriesHint, language),
    name: "categorieen",
    type: "checkbox",
    options: CATEGORIES.map((c) => ({ value: c.id, id: `categorie-${c.id}`, label: t(c.label, language) })),
    chosen: typed.categories,
  },
  errors,
)}
${text("doel-nl", T.purposeNl, typed.purpose.nl, "nl", ENTRY_LIMITS.purpose, 3, T.purposeHint)}
${text("doel-en", T.purposeEn, typed.purpose.en, "en", ENTRY_LIMITS.purpose, 3)}
${choices(
  {
    legend: t(T.basisLegend, language),
    name: "grondslag",
    type: "radio",
    options: LEGAL_BASES.map((code) => ({
      value: code,
      id: `grondslag-${code}`,
      label: `${t(LEGAL_BASIS_NAMES[code] ?? { nl: code, en: code }, language)} (${code})`,
    })),
    chosen: [typed.legalBasis],
  },
  errors,
)}
${textField(language, { id: "maanden", label: t(T.months, language), value: typed.months, lang: language, maxlength: 4, hint: t(T.monthsHint, language) }, errors)}
${choices(
  {
    legend: t(T.fromLegend, language),
    name: "vanaf",
    type: "radio",
    options: RETENTION_FROM.map((from) => ({
      value: from,
      id: `vanaf-${from}`,
      label: t(RETENTION_FROM_NAMES[from] ?? { nl: from, en: from }, language),
    })),
    chosen: [typed.from],
  },
  errors,
)}
${text("vanaf-anders-nl", T.fromOtherNl, typed.fromOther.nl, "nl", ENTRY_LIMITS.retentionFromOther, undefined, T.fromOtherHint)}
${text("vanaf-anders-en", T.fromOtherEn, typed.fromOther.en, "en", ENTRY_LIMITS.retentionFromOther)}
${text("ontvangers-nl", T.recipientsNl, typed.recipients.nl, "nl", ENTRY_LIMITS.recipients, 2)}
${text("ontvangers-en", T.recipientsEn, typed.recipients.en, "en", ENTRY_LIMITS.recipients, 2)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="opslaan">${t(T.save, language)}</button>
${typed.id ? html` <a class="utrecht-link" href="${localPath(TRANSPARENCY_PATH, language)}">${t(T.cancel, language)}</a>` : ""}</p>
</form>`;
}

function statusPart(language: Language, view: TransparencyPageView): SafeHtml {
  const { published, unpublishedChanges, draft } = view.register;
  const publicPath = localPath(transparencyPath(view.organisationSlug), language);
  return html`${
    published
      ? html`<p class="utrecht-paragraph">${t(T.published, language)
          .replace("{version}", String(published.version))
          .replace(
            "{date}",
            day(published.publishedAt, language),
          )} <a class="utrecht-link" href="${publicPath}">${t(T.publicPage, language)}</a></p>`
      : para(t(T.notPublished, language))
  }
${published && unpublishedChanges ? alert("info", t(T.changes, language)) : ""}
${draft.length > 0 ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(TRANSPARENCY_PREVIEW_PATH, language)}">${t(T.preview, language)}</a></p>` : ""}`;
}

export function transparencyConsoleBody(language: Language, view: TransparencyPageView): SafeHtml {
  const { unpublishedChanges, draft } = view.register;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
${errorSummary(language, view.errors, view.problem)}
${view.notice ? alert("ok", view.notice) : ""}
${para(t(T.lead, language))}
${statusPart(language, view)}
${view.mayEdit ? "" : para(t(T.readOnly, language))}
</div>
<h2 class="utrecht-heading-2" id="regels">${t(T.entries, language)}</h2>
${entryTable(language, view)}
<div class="lw-prose">
${
  view.mayEdit && unpublishedChanges && draft.length > 0
    ? html`<h2 class="utrecht-heading-2">${t(T.publishTitle, language)}</h2>
${para(t(T.publishLead, language))}
<form method="post" action="${localPath(TRANSPARENCY_PATH, language)}">${formToken(view.formToken)}<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="publiceren">${t(T.publish, language)}</button></p></form>`
    : ""
}
${view.findings ?? ""}
${view.mayEdit ? entryForm(language, view) : ""}
</div>`;
}

const CHECK_TEXT = {
  title: { nl: "Bewaartermijnen en openheid", en: "Retention and openness" },
  lead: {
    nl: "Lekwijzer vergelijkt wat in dit datalek zat met uw lijst van persoonsgegevens. Hier staan alleen aantallen, nooit namen.",
    en: "Lekwijzer compares what was in this breach with your list of personal data. Only numbers are shown here, never names.",
  },
  none: {
    nl: "Uw organisatie heeft geen lijst van persoonsgegevens. Zo kunnen mensen niet zien welke gegevens u bewaart en hoe lang.",
    en: "Your organisation has no list of personal data. People cannot see which data you keep, or for how long.",
  },
  draft: {
    nl: "Uw lijst is nog niet gepubliceerd. De controle gebruikt het concept.",
    en: "Your list is not published yet. The check uses the draft.",
  },
  makeList: { nl: "Naar de lijst van persoonsgegevens", en: "Go to the list of personal data" },
  withDate: {
    nl: "Van {n} mensen in dit datalek geeft het bestand de datum waarop hun klantrelatie eindigde.",
    en: "For {n} people in this breach the file gives the date their customer relationship ended.",
  },
  noDates: {
    nl: "Het bestand geeft bij niemand de datum waarop de klantrelatie eindigde (kolom relation_ended). Daarom kan Lekwijzer de bewaartermijnen niet controleren.",
    en: "The file gives nobody's date of the end of the customer relationship (column relation_ended), so Lekwijzer cannot check the retention periods.",
  },
  tooLong: {
    nl: "Aantal mensen: {n}. Van hen lekten gegevens uit de regel over {data}, maar hun klantrelatie eindigde vóór {date}. Dat is meer dan {period} voor de ontdekking. Volgens uw lijst had u deze gegevens niet meer mogen hebben.",
    en: "Number of people: {n}. Data of theirs from the entry on {data} leaked, but their customer relationship ended before {date}. That is more than {period} before the discovery. According to your list you should no longer have had this data.",
  },
  inTime: {
    nl: "Niemand van wie deze gegevens lekten, was langer bewaard dan uw lijst zegt.",
    en: "Nobody whose data leaked was kept longer than your list says.",
  },
  missing: {
    nl: "Deze gelekte gegevens staan niet in uw lijst: {data}.",
    en: "Your list does not mention this leaked data: {data}.",
  },
} satisfies Record<string, BilingualText>;

/** The retention check's findings (K17) as a section: counts only. `heading` is 2 on a breach's page, 3 in lists. */
export function retentionSection(
  language: Language,
  check: RetentionCheck,
  options: { heading: 2 | 3; id: string; title?: string },
): SafeHtml {
  const say = (text: BilingualText, values: Record<string, string> = {}) =>
    t(text, language).replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const count = (n: number) => new Intl.NumberFormat(language === "nl" ? "nl-NL" : "en-GB").format(n);
  const title = options.title ?? t(CHECK_TEXT.title, language);
  const heading =
    options.heading === 2
      ? html`<h2 class="utrecht-heading-2" id="${options.id}">${title}</h2>`
      : html`<h3 class="utrecht-heading-3" id="${options.id}">${title}</h3>`;
  const past = check.keptTooLong.filter((rule) => rule.people > 0);
  const names = (ids: readonly string[]) => categoryList(ids, language, "lower");
  return html`${heading}
${options.heading === 2 ? para(t(CHECK_TEXT.lead, language)) : ""}
${check.register === "none" ? alert("warning", t(CHECK_TEXT.none, language)) : ""}
${check.register === "draft" ? alert("info", t(CHECK_TEXT.draft, language)) : ""}
${check.register !== "published" ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(TRANSPARENCY_PATH, language)}">${t(CHECK_TEXT.makeList, language)}</a></p>` : ""}
${
  check.register === "none"
    ? ""
    : check.peopleWithEndDate === 0
      ? para(t(CHECK_TEXT.noDates, language))
      : html`${para(say(CHECK_TEXT.withDate, { n: count(check.peopleWithEndDate) }))}
${
  past.length > 0
    ? html`<ul class="utrecht-unordered-list">${past.map(
        (rule) =>
          html`<li>${say(CHECK_TEXT.tooLong, {
            n: count(rule.people),
            data: names(rule.categories),
            date: day(new Date(`${rule.endedBefore}T12:00:00Z`), language),
            period: period(rule.months, language),
          })}</li>`,
      )}</ul>`
    : para(t(CHECK_TEXT.inTime, language))
}`
}
${check.notInRegister.length > 0 && check.register !== "none" ? alert("warning", say(CHECK_TEXT.missing, { data: names(check.notInRegister) })) : ""}`;
}
