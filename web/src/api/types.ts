/**
 * The wire types the dashboard uses, taken from the types generated from each
 * service's OpenAPI document (src/api/schema/, `npm run gen:api`): when an
 * API changes, `tsc` points at every screen the change breaks.
 */
import type { components as Builder } from "./schema/builder";
import type { components as Site_ } from "./schema/site";
import type { components as Media_ } from "./schema/media";
import type { components as Promotion_ } from "./schema/promotion";
import type { components as Experiment_ } from "./schema/experiment";

export type User = Builder["schemas"]["User"];
export type Credentials = Builder["schemas"]["Credentials"];
export type TokenResponse = Builder["schemas"]["TokenResponse"];
export type Site = Builder["schemas"]["Site"];
export type CreateSite = Builder["schemas"]["CreateSite"];
export type UpdateSite = Builder["schemas"]["UpdateSite"];
export type ChangePassword = Builder["schemas"]["ChangePassword"];
export type PublicSite = Builder["schemas"]["PublicSite"];

export type { Page } from "../lib/paging";

export type Category = Site_["schemas"]["Category"];
export type CreateCategory = Site_["schemas"]["CreateCategory"];
export type UpdateCategory = Site_["schemas"]["UpdateCategory"];
export type Product = Site_["schemas"]["Product"];
export type CreateProduct = Site_["schemas"]["CreateProduct"];
export type UpdateProduct = Site_["schemas"]["UpdateProduct"];
export type Variant = Site_["schemas"]["Variant"];
export type CreateVariant = Site_["schemas"]["CreateVariant"];
export type UpdateVariant = Site_["schemas"]["UpdateVariant"];

// ---- Written from the contract (ARCHITECTURE.md) until these services' documents exist. ----

export type Media = Media_["schemas"]["Media"];
export type CreateMedia = Media_["schemas"]["CreateMedia"];
export type UpdateMedia = Media_["schemas"]["UpdateMedia"];

export type PromotionType = Promotion_["schemas"]["PromotionType"];
export type Promotion = Promotion_["schemas"]["Promotion"];
export type CreatePromotion = Promotion_["schemas"]["CreatePromotion"];
export type UpdatePromotion = Promotion_["schemas"]["UpdatePromotion"];

export type ExperimentStatus = Experiment_["schemas"]["ExperimentStatus"];
export type Experiment = Experiment_["schemas"]["Experiment"];
export type CreateExperiment = Experiment_["schemas"]["CreateExperiment"];
export type UpdateExperiment = Experiment_["schemas"]["UpdateExperiment"];
export type ExperimentResults = Experiment_["schemas"]["ExperimentResults"];
export type ArmResult = Experiment_["schemas"]["ArmResults"];
export type MetricSummary = Experiment_["schemas"]["MetricSummary"];

import type { components as Checkout_ } from "./schema/checkout";
import type { components as Customer_ } from "./schema/customer";
import type { components as Notifier_ } from "./schema/notifier";

export type Order = Checkout_["schemas"]["Order"];
export type OrderStatus = Checkout_["schemas"]["OrderStatus"];
export type OrderLine = Checkout_["schemas"]["OrderLine"];
export type OrderHistory = Checkout_["schemas"]["History"];
export type ShippingAddress = Checkout_["schemas"]["ShippingAddress"];
export type CreateManualOrder = Checkout_["schemas"]["CreateManualOrder"];
export type UpdateOrder = Checkout_["schemas"]["UpdateOrder"];
export type Stats = Checkout_["schemas"]["Stats"];
export type DayStats = Checkout_["schemas"]["DayStats"];

export type Customer = Customer_["schemas"]["Customer"];

export type Webhook = Notifier_["schemas"]["Webhook"];
export type CreateWebhook = Notifier_["schemas"]["CreateWebhook"];
export type UpdateWebhook = Notifier_["schemas"]["UpdateWebhook"];
export type Delivery = Notifier_["schemas"]["Delivery"];
