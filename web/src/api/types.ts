/**
 * The wire types the dashboard uses, taken from the types generated from each
 * service's OpenAPI document (src/api/schema/, `npm run gen:api`): when an
 * API changes, `tsc` points at every screen the change breaks.
 */
import type { components as Builder } from "./schema/builder";
import type { components as Site_ } from "./schema/site";

export type User = Builder["schemas"]["User"];
export type Credentials = Builder["schemas"]["Credentials"];
export type TokenResponse = Builder["schemas"]["TokenResponse"];
export type Site = Builder["schemas"]["Site"];
export type CreateSite = Builder["schemas"]["CreateSite"];

/** A page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

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

export interface Media {
  id: string;
  product_id: string;
  url: string;
  alt?: string | null;
  sort_order: number;
}
export interface CreateMedia {
  url: string;
  alt?: string | null;
  sort_order?: number;
}
export type UpdateMedia = Partial<CreateMedia>;

export type PromotionType = "percentage" | "fixed_amount";
export interface Promotion {
  id: string;
  code: string;
  type: PromotionType;
  value: string;
  start_at?: string | null;
  end_at?: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}
export interface CreatePromotion {
  code: string;
  type: PromotionType;
  value: string;
  start_at?: string | null;
  end_at?: string | null;
  active?: boolean;
}
export type UpdatePromotion = Partial<CreatePromotion>;

export type ExperimentStatus = "draft" | "running" | "paused" | "completed";
export interface Experiment {
  id: string;
  name: string;
  status: ExperimentStatus;
  traffic_split: Record<string, number>;
  start_at?: string | null;
  end_at?: string | null;
}
export interface CreateExperiment {
  name: string;
  status?: ExperimentStatus;
  traffic_split: Record<string, number>;
  start_at?: string | null;
  end_at?: string | null;
}
export type UpdateExperiment = Partial<CreateExperiment>;

/** One metric of one arm, aggregated. */
export interface MetricSummary {
  metric_name: string;
  count: number;
  sum: string | number;
  mean?: string | number | null;
}
export interface ArmResult {
  arm: string;
  weight?: number;
  assignments: number;
  metrics: MetricSummary[];
}
export interface ExperimentResults {
  experiment_id: string;
  arms: ArmResult[];
}
