// Typed look-ups by id. Ids are checked against the id lists, so a typed id always resolves.
import { CATEGORIES } from "./categories.ts";
import { ELEMENTS } from "./elements.ts";
import { FLAGS } from "./flags.ts";
import { HELP_ORGANISATIONS } from "./help-organisations.ts";
import {
  CATEGORY_IDS,
  type CategoryId,
  ELEMENT_IDS,
  type ElementId,
  FLAG_IDS,
  type FlagId,
  HELP_ORGANISATION_IDS,
  type HelpOrganisationId,
  RISK_IDS,
  type RiskId,
  STEP_IDS,
  type StepId,
} from "./ids.ts";
import { RISKS } from "./risks.ts";
import type { Category, Element, Flag, HelpOrganisation, Risk, Step } from "./schema.ts";
import { STEPS } from "./steps.ts";

function indexById<Id extends string, Item extends { id: Id }>(
  items: readonly Item[],
): ReadonlyMap<Id, Item> {
  return new Map(items.map((item) => [item.id, item]));
}

const categories = indexById<CategoryId, Category>(CATEGORIES);
const risks = indexById<RiskId, Risk>(RISKS);
const steps = indexById<StepId, Step>(STEPS);
const helpOrganisations = indexById<HelpOrganisationId, HelpOrganisation>(HELP_ORGANISATIONS);
const flags = indexById<FlagId, Flag>(FLAGS);
const elements = indexById<ElementId, Element>(ELEMENTS);

function mustGet<Id extends string, Item>(map: ReadonlyMap<Id, Item>, id: Id, kind: string): Item {
  const item = map.get(id);
  if (!item) throw new Error(`unknown ${kind} "${id}"`);
  return item;
}

export const getCategory = (id: CategoryId): Category => mustGet(categories, id, "category");
export const getRisk = (id: RiskId): Risk => mustGet(risks, id, "risk");
export const getStep = (id: StepId): Step => mustGet(steps, id, "step");
export const getHelpOrganisation = (id: HelpOrganisationId): HelpOrganisation =>
  mustGet(helpOrganisations, id, "help organisation");
export const getFlag = (id: FlagId): Flag => mustGet(flags, id, "flag");
export const getElement = (id: ElementId): Element => mustGet(elements, id, "element");

const isOneOf =
  <Id extends string>(ids: readonly Id[]) =>
  (value: unknown): value is Id =>
    typeof value === "string" && (ids as readonly string[]).includes(value);

export const isCategoryId = isOneOf(CATEGORY_IDS);
export const isFlagId = isOneOf(FLAG_IDS);
export const isRiskId = isOneOf(RISK_IDS);
export const isStepId = isOneOf(STEP_IDS);
export const isHelpOrganisationId = isOneOf(HELP_ORGANISATION_IDS);
export const isElementId = isOneOf(ELEMENT_IDS);
