/**
 * The breach facts as a form (register and edit): the form's values as typed, read from a posted body, made
 * from stored facts, turned into facts (contracts §2) and rendered. Everything is kept as the person typed it,
 * so a refused submit shows it again; the problems of the facts' validation are mapped from their paths to the
 * form's fields. Data rows are N empty rows plus a button that posts the form back with more rows (no script).
 */
import { ALLOWED_VALUES } from "../../assess/index.ts";
import { CATEGORIES } from "../../framework/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, t } from "../i18n.ts";
import {
  CAUSE_NAMES,
  GROUP_NAMES,
  NATURE_NAMES,
  RECIPIENT_NAMES,
  RECOVERY_NAMES,
  SECTOR_NAMES,
  BREACH_TEXT as T,
} from "./console-breach-text.ts";

export interface FieldError {
  /** The input's id. */
  field: string;
  message: string;
}

export interface DataRow {
  category: string;
  subjects: string;
  unintelligible: boolean;
}

/** The form's values, as typed. */
export interface FactsForm {
  title: string;
  controllerName: string;
  sector: string;
  awareDate: string;
  awareTime: string;
  awareZone: string;
  occurredFrom: string;
  occurredTo: string;
  nature: string[];
  cause: string;
  malicious: string;
  recipients: string;
  recovery: string;
  subjectsCount: string;
  groups: string[];
  rows: DataRow[];
  encrypted: boolean;
  keyCompromised: boolean;
  pseudonymised: boolean;
  mitigated: boolean;
  disproportionate: boolean;
  safetyReason: string;
  safetySubjects: string;
  safetyDirect: string;
}

const EMPTY_ROWS = 5;
const MORE_ROWS = 5;
const MAX_ROWS = 80;
const ZONES = ["+01:00", "+02:00", "+00:00"];

const emptyRow = (): DataRow => ({ category: "", subjects: "", unintelligible: false });
const padded = (rows: DataRow[], count: number) => [
  ...rows,
  ...Array.from({ length: Math.max(0, count - rows.length) }, emptyRow),
];

export function emptyForm(): FactsForm {
  return {
    title: "",
    controllerName: "",
    sector: "",
    awareDate: "",
    awareTime: "",
    awareZone: "+01:00",
    occurredFrom: "",
    occurredTo: "",
    nature: [],
    cause: "",
    malicious: "",
    recipients: "",
    recovery: "",
    subjectsCount: "",
    groups: [],
    rows: padded([], EMPTY_ROWS),
    encrypted: false,
    keyCompromised: false,
    pseudonymised: false,
    mitigated: false,
    disproportionate: false,
    safetyReason: "",
    safetySubjects: "",
    safetyDirect: "",
  };
}

type Body = Record<string, unknown> | undefined;
const str = (body: Body, name: string, max = 200): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};
const strs = (body: Body, name: string, allowed: readonly string[]): string[] => {
  const value = body?.[name];
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return allowed.filter((a) => list.includes(a));
};
const ticked = (body: Body, name: string) => body?.[name] === "ja";

/** The form as posted; `more` when the person asked for more data rows (the form is shown again). */
export function readForm(body: Body): { form: FactsForm; more: boolean } {
  const count = Math.min(MAX_ROWS, Math.max(1, Number.parseInt(str(body, "rijen", 4), 10) || EMPTY_ROWS));
  const rows = Array.from({ length: count }, (_, i) => ({
    category: str(body, `gegevens-${i}-categorie`, 60),
    subjects: str(body, `gegevens-${i}-aantal`, 20),
    unintelligible: ticked(body, `gegevens-${i}-onleesbaar`),
  }));
  const more = body?.actie === "meer-rijen";
  return {
    more,
    form: {
      title: str(body, "titel"),
      controllerName: str(body, "organisatie"),
      sector: str(body, "sector", 40),
      awareDate: str(body, "bewust-datum", 20),
      awareTime: str(body, "bewust-tijd", 20),
      awareZone: str(body, "bewust-zone", 10),
      occurredFrom: str(body, "van", 40),
      occurredTo: str(body, "tot", 40),
      nature: strs(body, "aard", ALLOWED_VALUES.natures),
      cause: str(body, "oorzaak", 40),
      malicious: str(body, "kwaadwillig", 4),
      recipients: str(body, "ontvangers", 40),
      recovery: str(body, "herstel", 40),
      subjectsCount: str(body, "aantal-mensen", 20),
      groups: strs(body, "groepen", ALLOWED_VALUES.subjectGroups),
      rows: more ? padded(rows, Math.min(MAX_ROWS, count + MORE_ROWS)) : rows,
      encrypted: ticked(body, "versleuteld"),
      keyCompromised: ticked(body, "sleutel-gelekt"),
      pseudonymised: ticked(body, "gepseudonimiseerd"),
      mitigated: ticked(body, "maatregelen"),
      disproportionate: ticked(body, "onevenredig"),
      safetyReason: str(body, "veiligheid-reden", 1_000),
      safetySubjects: str(body, "veiligheid-aantal", 20),
      safetyDirect: str(body, "veiligheid-direct", 4),
    },
  };
}

const yesNo = (value: unknown) => (value === true ? "ja" : value === false ? "nee" : "");
const text = (value: unknown) => (typeof value === "string" ? value : "");
const num = (value: unknown) => (typeof value === "number" ? String(value) : "");

/** The form prefilled with stored facts (to edit them). */
export function formFromFacts(stored: Record<string, unknown>): FactsForm {
  const f = stored as {
    title?: string;
    controller?: { name?: string; sector?: string };
    awareAt?: string;
    occurredFrom?: string;
    occurredTo?: string;
    nature?: string[];
    cause?: string;
    malicious?: boolean;
    recipients?: string;
    recovery?: string;
    subjects?: { count?: number; groups?: string[] };
    data?: { category?: string; subjects?: number; unintelligible?: boolean }[];
    protection?: { encrypted?: boolean; keyCompromised?: boolean; pseudonymised?: boolean };
    physicalSafety?: { reason?: string; subjects?: number; safeToContactDirectly?: boolean };
    mitigatedHighRisk?: boolean;
    disproportionateEffort?: boolean;
  };
  const aware = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    text(f.awareAt),
  );
  const rows = (f.data ?? []).map((d) => ({
    category: text(d.category),
    subjects: num(d.subjects),
    unintelligible: d.unintelligible === true,
  }));
  return {
    title: text(f.title),
    controllerName: text(f.controller?.name),
    sector: text(f.controller?.sector),
    awareDate: aware?.[1] ?? "",
    awareTime: aware?.[2] ?? "",
    awareZone: aware ? (aware[3] === "Z" ? "+00:00" : (aware[3] ?? "+01:00")) : "+01:00",
    occurredFrom: text(f.occurredFrom),
    occurredTo: text(f.occurredTo),
    nature: (f.nature ?? []).filter((n) => typeof n === "string"),
    cause: text(f.cause),
    malicious: yesNo(f.malicious),
    recipients: text(f.recipients),
    recovery: text(f.recovery),
    subjectsCount: num(f.subjects?.count),
    groups: (f.subjects?.groups ?? []).filter((g) => typeof g === "string"),
    rows: padded(rows, Math.max(EMPTY_ROWS, rows.length + 2)),
    encrypted: f.protection?.encrypted === true,
    keyCompromised: f.protection?.keyCompromised === true,
    pseudonymised: f.protection?.pseudonymised === true,
    mitigated: f.mitigatedHighRisk === true,
    disproportionate: f.disproportionateEffort === true,
    safetyReason: text(f.physicalSafety?.reason),
    safetySubjects: num(f.physicalSafety?.subjects),
    safetyDirect: yesNo(f.physicalSafety?.safeToContactDirectly),
  };
}

/** A whole number as typed ("6.200.000" and "6 200 000" too), or null when it is none. */
function wholeNumber(value: string): number | null {
  const cleaned = value.replace(/[\s.]/g, "");
  return /^\d{1,12}$/.test(cleaned) ? Number(cleaned) : null;
}

/**
 * The facts the form says, and the errors only the form can see (a number that is none). `kept` carries what
 * the form does not show (adjustments given through the API), so an edit does not drop it.
 */
export function factsFromForm(
  form: FactsForm,
  language: Language,
  kept: Record<string, unknown> = {},
): { facts: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const count = (value: string, field: string): number | undefined => {
    if (value.trim() === "") return undefined;
    const n = wholeNumber(value);
    if (n === null) errors.push({ field, message: t(T.errNumber, language) });
    return n ?? undefined;
  };
  const data = form.rows.flatMap((row, i) => {
    const subjects = count(row.subjects, `gegevens-${i}-aantal`);
    if (row.category === "") return [];
    return [
      {
        category: row.category,
        ...(subjects !== undefined ? { subjects } : {}),
        ...(row.unintelligible ? { unintelligible: true } : {}),
      },
    ];
  });
  const subjectsCount = count(form.subjectsCount, "aantal-mensen");
  const safetySubjects = count(form.safetySubjects, "veiligheid-aantal");
  const protection = {
    ...(form.encrypted ? { encrypted: true } : {}),
    ...(form.keyCompromised ? { keyCompromised: true } : {}),
    ...(form.pseudonymised ? { pseudonymised: true } : {}),
  };
  const safetyUsed =
    form.safetyReason.trim() !== "" || form.safetySubjects !== "" || form.safetyDirect !== "";
  const awareAt =
    form.awareDate !== "" || form.awareTime !== ""
      ? `${form.awareDate.trim()}T${form.awareTime.trim()}${/^\d{2}:\d{2}$/.test(form.awareTime.trim()) ? ":00" : ""}${form.awareZone}`
      : undefined;
  const facts: Record<string, unknown> = {
    ...kept,
    ...(form.title.trim() ? { title: form.title.trim() } : {}),
    ...(form.controllerName.trim() || form.sector
      ? {
          controller: {
            name: form.controllerName.trim(),
            ...(form.sector ? { sector: form.sector } : {}),
          },
        }
      : {}),
    ...(awareAt ? { awareAt } : {}),
    ...(form.occurredFrom.trim() ? { occurredFrom: form.occurredFrom.trim() } : {}),
    ...(form.occurredTo.trim() ? { occurredTo: form.occurredTo.trim() } : {}),
    nature: form.nature,
    ...(form.cause ? { cause: form.cause } : {}),
    ...(form.malicious ? { malicious: form.malicious === "ja" } : {}),
    ...(form.recipients ? { recipients: form.recipients } : {}),
    ...(form.recovery ? { recovery: form.recovery } : {}),
    ...(subjectsCount !== undefined || form.groups.length > 0
      ? {
          subjects: {
            ...(subjectsCount !== undefined ? { count: subjectsCount } : {}),
            ...(form.groups.length > 0 ? { groups: form.groups } : {}),
          },
        }
      : {}),
    data,
    ...(Object.keys(protection).length > 0 ? { protection } : {}),
    ...(safetyUsed
      ? {
          physicalSafety: {
            reason: form.safetyReason.trim(),
            ...(safetySubjects !== undefined ? { subjects: safetySubjects } : {}),
            ...(form.safetyDirect ? { safeToContactDirectly: form.safetyDirect === "ja" } : {}),
          },
        }
      : {}),
    ...(form.mitigated ? { mitigatedHighRisk: true } : {}),
    ...(form.disproportionate ? { disproportionateEffort: true } : {}),
  };
  return { facts, errors };
}

/** The field a problem of the facts belongs to, and what to tell the person there. */
function fieldOf(path: string): { field: string; text: BilingualText } | undefined {
  const row = /^data\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (row) {
    return row[2] === "subjects"
      ? { field: `gegevens-${row[1]}-aantal`, text: T.errNumber }
      : { field: `gegevens-${row[1]}-categorie`, text: T.errChoice };
  }
  const fields: [RegExp, string, BilingualText][] = [
    [/^title/, "titel", T.errTitle],
    [/^controller\.sector/, "sector", T.errSector],
    [/^controller/, "organisatie", T.errController],
    [/^awareAt/, "bewust-datum", T.errAware],
    [/^occurredFrom/, "van", T.errDate],
    [/^occurredTo/, "tot", T.errDate],
    [/^nature/, "aard-confidentiality", T.errNature],
    [/^cause/, "oorzaak", T.errChoice],
    [/^malicious/, "kwaadwillig-ja", T.errMalicious],
    [/^recipients/, "ontvangers", T.errChoice],
    [/^recovery/, "herstel", T.errChoice],
    [/^subjects\.groups/, "groep-customers", T.errChoice],
    [/^subjects/, "aantal-mensen", T.errNumber],
    [/^data/, "gegevens-0-categorie", T.errData],
    [/^protection/, "versleuteld", T.errChoice],
    [/^physicalSafety\.reason/, "veiligheid-reden", T.errSafetyReason],
    [/^physicalSafety\.subjects/, "veiligheid-aantal", T.errNumber],
    [/^physicalSafety/, "veiligheid-reden", T.errSafetyReason],
  ];
  const found = fields.find(([pattern]) => pattern.test(path));
  return found ? { field: found[1], text: found[2] } : undefined;
}

/** The form's fields top to bottom: errors are listed in this order, as the person meets them. */
const FIELD_ORDER = [
  "feiten",
  "titel",
  "organisatie",
  "sector",
  "bewust-datum",
  "van",
  "tot",
  "aard-confidentiality",
  "kwaadwillig-ja",
  "oorzaak",
  "ontvangers",
  "herstel",
  "aantal-mensen",
  "groep-customers",
  "gegevens-",
  "versleuteld",
  "veiligheid-reden",
  "veiligheid-aantal",
];
const rank = (field: string) => {
  const row = /^gegevens-(\d+)-/.exec(field);
  const at = FIELD_ORDER.findIndex((f) => (row ? f === "gegevens-" : f === field));
  return (
    (at < 0 ? FIELD_ORDER.length : at) * 1000 +
    (row ? Number(row[1]) * 2 + (field.endsWith("aantal") ? 1 : 0) : 0)
  );
};

/**
 * Field errors from the problems of the facts (one per field, in the form's order). A problem no field
 * shows (an adjustment given through the API) is named with its path and message at the top of the form.
 */
export function problemErrors(
  problems: readonly { path: string; message: string }[],
  language: Language,
  local: readonly FieldError[] = [],
): FieldError[] {
  const errors = [...local];
  for (const problem of problems) {
    const known = fieldOf(problem.path);
    const field = known?.field ?? "feiten";
    if (errors.some((e) => e.field === field)) continue;
    errors.push({
      field,
      message: known
        ? t(known.text, language)
        : `${t(T.errOther, language)}: ${problem.path}: ${problem.message}`,
    });
  }
  return errors.sort((a, b) => rank(a.field) - rank(b.field));
}

// Rendering.

const para = (s: string) => html`<p class="utrecht-paragraph">${s}</p>`;

function errorText(language: Language, id: string, errors: readonly FieldError[]): SafeHtml | "" {
  const error = errors.find((e) => e.field === id)?.message;
  return error
    ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(T.errorPrefix, language)}: </span>${error}</p></div>`
    : "";
}

const describedBy = (id: string, hint: boolean, errors: readonly FieldError[]) => {
  const ids = [hint ? `${id}-hint` : "", errors.some((e) => e.field === id) ? `${id}-fout` : ""].filter(
    Boolean,
  );
  return ids.length > 0 ? html` aria-describedby="${ids.join(" ")}"` : "";
};
const invalid = (id: string, errors: readonly FieldError[]) => errors.some((e) => e.field === id);

interface Ctx {
  language: Language;
  errors: readonly FieldError[];
}

function wrap(c: Ctx, id: string, label: string, control: SafeHtml, hint?: BilingualText): SafeHtml {
  const bad = invalid(id, c.errors);
  return html`<div class="utrecht-form-field utrecht-form-field--text${bad ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
${hint ? html`<div class="utrecht-form-field__description" id="${id}-hint"><p class="utrecht-paragraph">${t(hint, c.language)}</p></div>` : ""}
${errorText(c.language, id, c.errors)}
<div class="utrecht-form-field__input">${control}</div>
</div>`;
}

function input(
  c: Ctx,
  spec: {
    id: string;
    label: string;
    value: string;
    type?: string;
    hint?: BilingualText;
    inputmode?: string;
    width?: string;
  },
): SafeHtml {
  const bad = invalid(spec.id, c.errors);
  const control = html`<input class="utrecht-textbox utrecht-textbox--html-input${bad ? " utrecht-textbox--invalid" : ""}${spec.width ? ` lw-input-${spec.width}` : ""}" id="${spec.id}" name="${spec.id}" type="${spec.type ?? "text"}" autocomplete="off" value="${spec.value}"${spec.inputmode ? html` inputmode="${spec.inputmode}"` : ""}${describedBy(spec.id, Boolean(spec.hint), c.errors)}${bad ? html` aria-invalid="true"` : ""}>`;
  return wrap(c, spec.id, spec.label, control, spec.hint);
}

function select(
  c: Ctx,
  spec: {
    id: string;
    name?: string;
    label: string;
    value: string;
    options: readonly [string, string][];
    empty?: string;
  },
): SafeHtml {
  const bad = invalid(spec.id, c.errors);
  const known = spec.value === "" || spec.options.some(([v]) => v === spec.value);
  const options: readonly [string, string][] = known
    ? spec.options
    : [...spec.options, [spec.value, spec.value]];
  const control = html`<select class="utrecht-select utrecht-select--html-select${bad ? " utrecht-select--invalid" : ""}" id="${spec.id}" name="${spec.name ?? spec.id}"${describedBy(spec.id, false, c.errors)}${bad ? html` aria-invalid="true"` : ""}>
${spec.empty === undefined ? "" : html`<option value="">${spec.empty}</option>`}${options.map(([v, label]) => html`<option value="${v}"${v === spec.value ? html` selected` : ""}>${label}</option>`)}
</select>`;
  return wrap(c, spec.id, spec.label, control);
}

function checkbox(spec: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked: boolean;
}): SafeHtml {
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${spec.id}" name="${spec.name}" value="${spec.value}"${spec.checked ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${spec.id}">${spec.label}</label></div>
</div>`;
}

function fieldset(
  c: Ctx,
  spec: { id?: string; legend: string; hint?: string; body: SafeHtml | SafeHtml[] },
): SafeHtml {
  const bad = spec.id ? invalid(spec.id, c.errors) : false;
  const hintId = spec.id ? `${spec.id}-groep-hint` : "";
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${bad ? " utrecht-form-fieldset--invalid" : ""}"${spec.hint && spec.id ? html` aria-describedby="${hintId}${bad ? ` ${spec.id}-fout` : ""}"` : ""}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${spec.legend}</legend>
${spec.hint ? html`<p class="utrecht-paragraph"${spec.id ? html` id="${hintId}"` : ""}>${spec.hint}</p>` : ""}
${spec.id ? errorText(c.language, spec.id, c.errors) : ""}
${spec.body}
</fieldset>`;
}

const named = (
  names: Readonly<Record<string, BilingualText>>,
  values: readonly string[],
  language: Language,
) => values.map((v): [string, string] => [v, names[v] ? t(names[v] as BilingualText, language) : v]);

function whenSection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  const zones: [string, string][] = [
    ["+01:00", t(T.zoneWinter, L)],
    ["+02:00", t(T.zoneSummer, L)],
    ["+00:00", t(T.zoneUtc, L)],
  ];
  return fieldset(c, {
    legend: t(T.when, L),
    body: [
      // The error is shown at the date field, so the group names only its hint.
      fieldset(c, {
        id: "bewust",
        legend: `${t(T.awareAt, L)} ${t(T.required, L)}`,
        hint: t(T.awareHint, L),
        body: [
          input(c, {
            id: "bewust-datum",
            label: t(T.awareDate, L),
            value: form.awareDate,
            type: "date",
            width: "date",
          }),
          input(c, {
            id: "bewust-tijd",
            label: t(T.awareTime, L),
            value: form.awareTime,
            type: "time",
            width: "time",
          }),
          select(c, {
            id: "bewust-zone",
            label: t(T.awareZone, L),
            value:
              ZONES.includes(form.awareZone) || form.awareZone === ""
                ? form.awareZone || "+01:00"
                : form.awareZone,
            options: zones,
          }),
        ],
      }),
      input(c, {
        id: "van",
        label: t(T.occurredFrom, L),
        value: form.occurredFrom,
        hint: T.dateHint,
        width: "date",
      }),
      input(c, {
        id: "tot",
        label: t(T.occurredTo, L),
        value: form.occurredTo,
        hint: T.dateHint,
        width: "date",
      }),
    ],
  });
}

function whatSection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  const radio = (value: string, label: BilingualText) =>
    html`<div class="utrecht-form-field utrecht-form-field--radio">
<div class="utrecht-form-field__input"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="kwaadwillig-${value}" name="kwaadwillig" value="${value}"${form.malicious === value ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--radio" for="kwaadwillig-${value}">${t(label, L)}</label></div>
</div>`;
  return fieldset(c, {
    legend: t(T.what, L),
    body: [
      fieldset(c, {
        id: "aard-confidentiality",
        legend: t(T.nature, L),
        hint: t(T.natureHint, L),
        body: ALLOWED_VALUES.natures.map((n) =>
          checkbox({
            id: `aard-${n}`,
            name: "aard",
            value: n,
            label: named(NATURE_NAMES, [n], L)[0]?.[1] ?? n,
            checked: form.nature.includes(n),
          }),
        ),
      }),
      fieldset(c, {
        id: "kwaadwillig-ja",
        legend: t(T.malicious, L),
        body: [radio("ja", T.yes), radio("nee", T.no)],
      }),
      select(c, {
        id: "oorzaak",
        label: t(T.cause, L),
        value: form.cause,
        options: named(CAUSE_NAMES, ALLOWED_VALUES.causes, L),
        empty: t(T.notStated, L),
      }),
      select(c, {
        id: "ontvangers",
        label: t(T.recipients, L),
        value: form.recipients,
        options: named(RECIPIENT_NAMES, ALLOWED_VALUES.recipients, L),
        empty: t(T.notStated, L),
      }),
      select(c, {
        id: "herstel",
        label: t(T.recovery, L),
        value: form.recovery,
        options: named(RECOVERY_NAMES, ALLOWED_VALUES.recoveries, L),
        empty: t(T.notStated, L),
      }),
    ],
  });
}

function peopleSection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  return fieldset(c, {
    legend: t(T.people, L),
    body: [
      input(c, {
        id: "aantal-mensen",
        label: t(T.subjectsCount, L),
        value: form.subjectsCount,
        hint: T.subjectsHint,
        inputmode: "numeric",
        width: "number",
      }),
      fieldset(c, {
        id: "groep-customers",
        legend: t(T.groups, L),
        body: ALLOWED_VALUES.subjectGroups.map((g) =>
          checkbox({
            id: `groep-${g}`,
            name: "groepen",
            value: g,
            label: named(GROUP_NAMES, [g], L)[0]?.[1] ?? g,
            checked: form.groups.includes(g),
          }),
        ),
      }),
    ],
  });
}

function dataSection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  const categories = CATEGORIES.map((cat): [string, string] => [cat.id, cat.label[L]]);
  return fieldset(c, {
    legend: t(T.data, L),
    hint: t(T.dataHint, L),
    body: [
      html`<input type="hidden" name="rijen" value="${String(form.rows.length)}">`,
      ...form.rows.map((row, i) =>
        fieldset(c, {
          legend: `${t(T.dataRow, L)} ${i + 1}`,
          body: [
            select(c, {
              id: `gegevens-${i}-categorie`,
              label: t(T.category, L),
              value: row.category,
              options: categories,
              empty: t(T.chooseCategory, L),
            }),
            input(c, {
              id: `gegevens-${i}-aantal`,
              label: t(T.itemSubjects, L),
              value: row.subjects,
              inputmode: "numeric",
              width: "number",
            }),
            checkbox({
              id: `gegevens-${i}-onleesbaar`,
              name: `gegevens-${i}-onleesbaar`,
              value: "ja",
              label: t(T.unintelligible, L),
              checked: row.unintelligible,
            }),
          ],
        }),
      ),
      html`<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="meer-rijen">${t(T.moreRows, L)}</button></p>`,
    ],
  });
}

function protectionSection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  const box = (id: string, label: BilingualText, checked: boolean) =>
    checkbox({ id, name: id, value: "ja", label: t(label, L), checked });
  return fieldset(c, {
    id: "versleuteld",
    legend: t(T.protection, L),
    body: [
      box("versleuteld", T.encrypted, form.encrypted),
      box("sleutel-gelekt", T.keyCompromised, form.keyCompromised),
      box("gepseudonimiseerd", T.pseudonymised, form.pseudonymised),
      box("maatregelen", T.mitigated, form.mitigated),
      box("onevenredig", T.disproportionate, form.disproportionate),
    ],
  });
}

function safetySection(c: Ctx, form: FactsForm): SafeHtml {
  const L = c.language;
  const bad = invalid("veiligheid-reden", c.errors);
  const reason = html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea${bad ? " utrecht-textarea--invalid" : ""}" id="veiligheid-reden" name="veiligheid-reden" rows="3"${describedBy("veiligheid-reden", false, c.errors)}${bad ? html` aria-invalid="true"` : ""}>${form.safetyReason}</textarea>`;
  return fieldset(c, {
    legend: t(T.safety, L),
    hint: t(T.safetyLead, L),
    body: [
      wrap(c, "veiligheid-reden", t(T.safetyReason, L), reason),
      input(c, {
        id: "veiligheid-aantal",
        label: t(T.safetySubjects, L),
        value: form.safetySubjects,
        inputmode: "numeric",
        width: "number",
      }),
      select(c, {
        id: "veiligheid-direct",
        label: t(T.safetyDirect, L),
        value: form.safetyDirect,
        options: [
          ["ja", t(T.yes, L)],
          ["nee", t(T.no, L)],
        ],
        empty: t(T.notStated, L),
      }),
    ],
  });
}

function errorSummary(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  // autofocus moves focus to the summary without script, so keyboard and screen-reader users land on it.
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

export interface FactsFormView {
  action: string;
  heading: BilingualText;
  lead: BilingualText;
  submit: BilingualText;
  form: FactsForm;
  errors: FieldError[];
  formToken: string;
  /** The breach has adjustments the form does not show; they are kept. */
  keptAdjustments?: boolean;
  back: { href: string; label: BilingualText };
}

export function factsFormBody(language: Language, view: FactsFormView): SafeHtml {
  const c: Ctx = { language, errors: view.errors };
  const L = language;
  const { form } = view;
  return html`<div class="lw-prose lw-breach-form">
<h1 class="utrecht-heading-1">${t(view.heading, L)}</h1>
${errorSummary(view.errors, L)}
${para(t(view.lead, L))}
${view.keptAdjustments ? para(t(T.keptAdjustments, L)) : ""}
<form class="utrecht-form" id="feiten" method="post" action="${view.action}" novalidate>
<input type="hidden" name="formulier" value="${view.formToken}">
${errorText(L, "feiten", view.errors)}
${fieldset(c, {
  legend: t(T.general, L),
  body: [
    input(c, { id: "titel", label: t(T.title, L), value: form.title, hint: T.titleHint }),
    input(c, { id: "organisatie", label: t(T.controllerName, L), value: form.controllerName }),
    select(c, {
      id: "sector",
      label: t(T.sector, L),
      value: form.sector,
      options: named(SECTOR_NAMES, ALLOWED_VALUES.sectors, L),
      empty: t(T.notStated, L),
    }),
  ],
})}
${whenSection(c, form)}
${whatSection(c, form)}
${peopleSection(c, form)}
${dataSection(c, form)}
${protectionSection(c, form)}
${safetySection(c, form)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(view.submit, L)}</button></p>
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${view.back.href}">${t(view.back.label, L)}</a></p>
</div>`;
}
