/**
 * My plan's requests as the person sees them: what they asked for with its state and times, what became of
 * their printed letter (on its way, sent, or no address known — said plainly, with a way to give one), and
 * their new address (waiting for the code from the letter to it, with the form to type it, or confirmed).
 * Addresses only masked (postcode digits). Pure markup; the routes are in my-plan.ts.
 */
import { formatDate } from "../../core/index.ts";
import type { AddressConfirmation, MyPlan } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";

type Status = MyPlan["requests"][number]["status"];
type Request = MyPlan["requests"][number];

export const REQUEST_TEXT = {
  requestsTitle: { nl: "Wat u gevraagd heeft", en: "What you asked for" },
  kinds: {
    "printed-letter": { nl: "een brief met uw plan", en: "a letter with your plan" },
    moved: { nl: "een nieuw adres", en: "a new address" },
    "prefers-letters": { nl: "liever brieven", en: "letters instead" },
    "address-changed": {
      nl: "een bericht dat uw adres veranderde",
      en: "a notice that your address changed",
    },
  } satisfies Record<Request["kind"], BilingualText>,
  status: {
    open: { nl: "wordt gemaakt", en: "being made" },
    "pending-confirmation": { nl: "brief met code wordt gemaakt", en: "letter with code being made" },
    "awaiting-code": { nl: "wacht op uw code", en: "waiting for your code" },
    confirmed: { nl: "bevestigd", en: "confirmed" },
    expired: { nl: "verlopen", en: "expired" },
    refused: { nl: "te vaak een foute code", en: "wrong code too often" },
    sent: { nl: "verstuurd", en: "sent" },
    "no-address": { nl: "geen adres bekend", en: "no address known" },
    failed: { nl: "niet gelukt", en: "did not work" },
    done: { nl: "geregeld", en: "done" },
    returned: { nl: "brief kwam terug", en: "letter came back" },
  } satisfies Record<Status, BilingualText>,
  sentOn: { nl: "verstuurd op", en: "sent on" },
  doneOn: { nl: "op", en: "on" },
  letterComing: {
    nl: "Uw vraag is ontvangen. Wij maken de brief en sturen hem binnen een paar werkdagen naar het adres met postcode",
    en: "We have your request. We make the letter and send it within a few working days to the address with postcode",
  },
  letterSent: {
    nl: "Wij hebben de brief met uw plan verstuurd op",
    en: "We sent the letter with your plan on",
  },
  letterSentTo: { nl: "Naar het adres met postcode", en: "To the address with postcode" },
  noAddress: {
    nl: "Wij hebben geen adres van u. Daarom kunnen wij de brief niet sturen. Vul hieronder bij 'Bent u verhuisd?' uw adres in. Als u het adres bevestigt, sturen wij de brief.",
    en: "We have no address for you. So we cannot send the letter. Fill in your address below under 'Have you moved?'. Once you confirm the address, we send the letter.",
  },
  letterReturned: {
    nl: "De brief met uw plan kwam terug bij ons. De post kon hem niet bezorgen. Klopt uw adres niet meer? Geef hieronder uw nieuwe adres door. Daarna kunt u de brief opnieuw vragen.",
    en: "The letter with your plan came back to us. The post could not deliver it. Is your address no longer right? Give your new address below. After that you can ask for the letter again.",
  },
  movedReturned: {
    nl: "De brief met de code kwam terug bij ons. De post kon hem niet bezorgen op uw nieuwe adres. Wij gebruiken dat adres niet. Kijk het adres goed na en geef het opnieuw door.",
    en: "The letter with the code came back to us. The post could not deliver it to your new address. We do not use that address. Check the address and give it again.",
  },
  toAddress: { nl: "Naar uw adres", en: "To your address" },
  lettersTo: {
    nl: "Brieven gaan naar het adres met postcode",
    en: "Letters go to the address with postcode",
  },
  fromFile: { nl: "(uit het bestand van de organisatie)", en: "(from the organisation's file)" },
  confirmedOn: { nl: "(door u bevestigd op", en: "(confirmed by you on" },
  noLetterAddress: {
    nl: "Wij hebben geen adres voor brieven van u.",
    en: "We have no address for letters to you.",
  },
  waiting: {
    nl: "Wij stuurden een brief met een code naar uw nieuwe adres (postcode {postcode}). Typ die code hier. Pas dan gebruiken wij het nieuwe adres.",
    en: "We sent a letter with a code to your new address (postcode {postcode}). Type that code here. Only then do we use the new address.",
  },
  waitingUntil: {
    nl: "De code werkt tot en met {date}. U kunt het nog {tries} keer proberen.",
    en: "The code works until {date}. You can try {tries} more times.",
  },
  codeLabel: { nl: "Code uit de brief", en: "Code from the letter" },
  codeHint: {
    nl: "8 tekens, bijvoorbeeld K7QX-M3PA. Hoofdletters, spaties en streepjes maken niet uit.",
    en: "8 characters, for example K7QX-M3PA. Capitals, spaces and dashes do not matter.",
  },
  codeButton: { nl: "Bevestig mijn nieuwe adres", en: "Confirm my new address" },
  confirmed: {
    nl: "Uw nieuwe adres is bevestigd. Brieven gaan voortaan naar dit adres.",
    en: "Your new address is confirmed. Letters go to this address from now on.",
  },
  codeErrors: {
    format: {
      nl: "Dit is geen code uit onze brief. De code heeft 8 tekens, zoals K7QX-M3PA.",
      en: "This is not a code from our letter. The code has 8 characters, like K7QX-M3PA.",
    },
    wrong: {
      nl: "Deze code klopt niet. Kijk goed naar de brief. U kunt het nog {tries} keer proberen.",
      en: "This code is not right. Look carefully at the letter. You can try {tries} more times.",
    },
    refused: {
      nl: "U typte te vaak een foute code. Wij gebruiken dit adres niet. Geef uw adres opnieuw door als het klopt.",
      en: "You typed a wrong code too often. We do not use this address. Give your address again if it is right.",
    },
    expired: {
      nl: "De code is verlopen. Geef uw nieuwe adres opnieuw door. U krijgt dan een nieuwe brief.",
      en: "The code has expired. Give your new address again. You then get a new letter.",
    },
    none: {
      nl: "Er wacht geen nieuw adres op een code.",
      en: "No new address is waiting for a code.",
    },
  } satisfies Record<Exclude<AddressConfirmation, { ok: true }>["reason"], BilingualText>,
  errorPrefix: { nl: "Fout", en: "Error" },
} as const;

/** A code the person typed that was not accepted, shown at the field. */
export type AddressCodeError = Exclude<AddressConfirmation, { ok: true }>;

const LETTER_WINDOW_MS = 30 * 86_400_000;
const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const date = (value: Date, language: Language) => formatDate(value.toISOString(), language);

function alert(kind: "ok" | "info" | "warning", text: string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${text}</p></div></div></div>`;
}

/**
 * The newest printed-letter request, when it still counts: open, without address, sent this month, or
 * returned this month.
 */
function currentLetter(view: MyPlan, now = Date.now()): Request | undefined {
  const newest = view.requests.find((r) => r.kind === "printed-letter");
  if (!newest) return undefined;
  if (newest.status === "open" || newest.status === "no-address") return newest;
  if (
    (newest.status === "sent" || newest.status === "returned") &&
    newest.sentAt &&
    now - newest.sentAt.getTime() < LETTER_WINDOW_MS
  )
    return newest;
  return undefined;
}

/**
 * Whether the letter button is hidden: a letter is on its way, waits for an address, or went out this month.
 * A letter that came back does not hide it: the person may ask again once the address is right.
 */
export function letterAsked(view: MyPlan): boolean {
  const letter = currentLetter(view);
  return letter !== undefined && letter.status !== "returned";
}

/** What became of the printed letter: on its way, sent (when, to which postcode), returned, or no address. */
export function letterState(view: MyPlan, language: Language): SafeHtml | "" {
  const letter = currentLetter(view);
  if (!letter) return "";
  const postcode = view.letterAddress.current?.postcode;
  if (letter.status === "returned") {
    const current = view.letterAddress.current;
    // Once a newer address is confirmed, the letter that came back says nothing about it.
    const newerAddress =
      current?.source === "confirmed" &&
      current.confirmedAt &&
      letter.sentAt &&
      current.confirmedAt > letter.sentAt;
    if (newerAddress) return "";
    return html`${alert("warning", t(REQUEST_TEXT.letterReturned, language))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="#verhuisd">${t(REQUEST_TEXT.toAddress, language)}</a></p>`;
  }
  if (letter.status === "no-address" || !postcode)
    return html`${alert("warning", t(REQUEST_TEXT.noAddress, language))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="#verhuisd">${t(REQUEST_TEXT.toAddress, language)}</a></p>`;
  if (letter.status === "sent" && letter.sentAt)
    return alert(
      "ok",
      `${t(REQUEST_TEXT.letterSent, language)} ${date(letter.sentAt, language)}. ${t(REQUEST_TEXT.letterSentTo, language)} ${postcode}.`,
    );
  return alert("ok", `${t(REQUEST_TEXT.letterComing, language)} ${postcode}.`);
}

/** What the person asked for, newest first, with its state and when it was sent or settled. */
export function requestList(view: MyPlan, language: Language): SafeHtml | "" {
  if (view.requests.length === 0) return "";
  const when = (r: Request) =>
    r.sentAt && r.status !== "confirmed"
      ? `, ${t(REQUEST_TEXT.sentOn, language)} ${date(r.sentAt, language)}`
      : r.doneAt && r.kind !== "prefers-letters"
        ? `, ${t(REQUEST_TEXT.doneOn, language)} ${date(r.doneAt, language)}`
        : "";
  return html`<h3 class="utrecht-heading-3">${t(REQUEST_TEXT.requestsTitle, language)}</h3>
<ul class="utrecht-unordered-list">${view.requests.map(
    (r) =>
      html`<li>${date(r.createdAt, language)}: ${t(REQUEST_TEXT.kinds[r.kind], language)} (${t(REQUEST_TEXT.status[r.status], language)}${when(r)})</li>`,
  )}</ul>`;
}

function codeMessage(error: AddressCodeError, language: Language): string {
  return t(REQUEST_TEXT.codeErrors[error.reason], language).replace("{tries}", String(error.triesLeft ?? 0));
}

/** The code form for a new address waiting for its code; an error is shown at the field. */
function codeForm(view: MyPlan, language: Language, error: AddressCodeError | undefined): SafeHtml | "" {
  const waiting = view.letterAddress.waiting;
  if (!waiting) return "";
  const fieldError = error && (error.reason === "format" || error.reason === "wrong");
  const message = fieldError ? codeMessage(error, language) : "";
  const described = fieldError ? "adrescode-fout adrescode-hint" : "adrescode-hint";
  const until = t(REQUEST_TEXT.waitingUntil, language)
    .replace("{date}", date(waiting.expiresAt, language))
    .replace("{tries}", String(waiting.triesLeft));
  return html`${alert("info", t(REQUEST_TEXT.waiting, language).replace("{postcode}", waiting.postcode))}
${para(until)}
<form class="utrecht-form" method="post" action="${localPath("/mijn-plan/adrescode", language)}" novalidate>
<div class="utrecht-form-field utrecht-form-field--text${fieldError ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="adrescode">${t(REQUEST_TEXT.codeLabel, language)}</label></div>
<div class="utrecht-form-field__description" id="adrescode-hint"><p class="utrecht-paragraph">${t(REQUEST_TEXT.codeHint, language)}</p></div>
${fieldError ? html`<div class="utrecht-form-field-error-message" id="adrescode-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(REQUEST_TEXT.errorPrefix, language)}: </span>${message}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${fieldError ? " utrecht-textbox--invalid" : ""}" id="adrescode" name="adrescode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" aria-describedby="${described}"${fieldError ? html` aria-invalid="true"` : ""}></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(REQUEST_TEXT.codeButton, language)}</button></p>
</form>`;
}

/** Where letters go now, a new address waiting for its code (with the form), or the outcome of a code. */
export function addressState(
  view: MyPlan,
  language: Language,
  state: { confirmed?: boolean; codeError?: AddressCodeError },
): SafeHtml {
  const current = view.letterAddress.current;
  const where = current
    ? `${t(REQUEST_TEXT.lettersTo, language)} ${current.postcode} ${
        current.source === "confirmed" && current.confirmedAt
          ? `${t(REQUEST_TEXT.confirmedOn, language)} ${date(current.confirmedAt, language)})`
          : t(REQUEST_TEXT.fromFile, language)
      }.`
    : t(REQUEST_TEXT.noLetterAddress, language);
  const error = state.codeError;
  const outcome =
    error && error.reason !== "format" && error.reason !== "wrong"
      ? alert("warning", codeMessage(error, language))
      : "";
  const newestMove = view.requests.find((r) => r.kind === "moved");
  const moveReturned =
    newestMove?.status === "returned" && !view.letterAddress.waiting
      ? alert("warning", t(REQUEST_TEXT.movedReturned, language))
      : "";
  return html`${state.confirmed ? alert("ok", t(REQUEST_TEXT.confirmed, language)) : ""}${outcome}${moveReturned}
${para(where)}
${codeForm(view, language, error)}`;
}

/** The error summary's entry for a code typed wrong, pointing at the field. */
export function codeErrorItem(
  error: AddressCodeError | undefined,
  language: Language,
): { href: string; text: string } | undefined {
  if (!error || (error.reason !== "format" && error.reason !== "wrong")) return undefined;
  return {
    href: "#adrescode",
    text: `${t(REQUEST_TEXT.codeLabel, language)}: ${codeMessage(error, language)}`,
  };
}
