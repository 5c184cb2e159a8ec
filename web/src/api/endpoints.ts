/** Every call the dashboard makes, by service, and the query keys their caches use. */
import { api, request } from "./http";
import { ApiProblem } from "../lib/problem";
import { collectAll } from "../lib/paging";
import type {
  Category, CreateCategory, PublicSite, CreateExperiment, CreateMedia, CreatePromotion, CreateProduct, CreateSite,
  CreateVariant, Credentials, Experiment, ExperimentResults, Media, Page, Product, Promotion, Site,
  TokenResponse, UpdateCategory, Order, OrderStatus, CreateManualOrder, UpdateOrder, Stats, Customer, Webhook,
  CreateWebhook, UpdateWebhook, Delivery, UpdateExperiment, UpdateMedia, UpdateProduct, UpdatePromotion, UpdateVariant,
  User, Variant, UpdateSite, ChangePassword,
} from "./types";

/** Every path the services' OpenAPI documents define: a route renamed on the server fails `tsc` here. */
type ApiPath =
  | keyof import("./schema/builder").paths
  | keyof import("./schema/site").paths
  | keyof import("./schema/media").paths
  | keyof import("./schema/promotion").paths
  | keyof import("./schema/experiment").paths
  | keyof import("./schema/checkout").paths
  | keyof import("./schema/customer").paths
  | keyof import("./schema/notifier").paths;

/** `template` (a documented path) with its `{parameters}` filled in, escaped. */
export function path(template: ApiPath, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path ${template}: missing {${name}}`);
    return encodeURIComponent(value);
  });
}

export const builder = {
  register: (body: Credentials) => api.post<User>(path("/api/builder/auth/register"), body),
  login: (body: Credentials) => api.post<TokenResponse>(path("/api/builder/auth/login"), body),
  me: () => api.get<User>(path("/api/builder/auth/me")),
  sites: (cursor?: string) => api.get<Page<Site>>(path("/api/builder/sites"), { cursor, limit: 24 }),
  site: (id: string) => api.get<Site>(path("/api/builder/sites/{id}", { id })),
  createSite: (body: CreateSite) => api.post<Site>(path("/api/builder/sites"), body),
  deleteSite: (id: string) => api.delete(path("/api/builder/sites/{id}", { id })),
  /** Rename, or change the currency, language or time zone (only what is sent changes). */
  updateSite: (id: string, body: UpdateSite) => api.patch<Site>(path("/api/builder/sites/{id}", { id }), body),
  /** Change my password: earlier sessions end; the answer is this session's new token. */
  changePassword: (body: ChangePassword) => api.post<TokenResponse>(path("/api/builder/auth/password"), body),
  /** Whether a slug is taken (anyone may ask): the site, or `null` when it is free. */
  slugOwner: async (slug: string): Promise<PublicSite | null> => {
    try {
      return await request<PublicSite>("GET", path("/api/builder/public/sites/{slug}", { slug }), { auth: false });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return null;
      throw error;
    }
  },
};


export interface ProductQuery {
  q?: string;
  category_id?: string;
  cursor?: string;
  limit?: number;
}

export const catalog = {
  /** Every category of a site (all pages: a tree needs them all). */
  categories: (siteId: string): Promise<Category[]> =>
    collectAll((cursor) => api.get<Page<Category>>(path("/api/site/sites/{site_id}/categories", { site_id: siteId }), { limit: 250, cursor })),
  createCategory: (siteId: string, body: CreateCategory) => api.post<Category>(path("/api/site/sites/{site_id}/categories", { site_id: siteId }), body),
  updateCategory: (siteId: string, id: string, body: UpdateCategory) =>
    api.patch<Category>(path("/api/site/sites/{site_id}/categories/{id}", { site_id: siteId, id }), body),
  deleteCategory: (siteId: string, id: string) => api.delete(path("/api/site/sites/{site_id}/categories/{id}", { site_id: siteId, id })),

  products: (siteId: string, query: ProductQuery) =>
    api.get<Page<Product>>(path("/api/site/sites/{site_id}/products", { site_id: siteId }), { limit: 20, ...query }),
  product: (siteId: string, id: string) => api.get<Product>(path("/api/site/sites/{site_id}/products/{id}", { site_id: siteId, id })),
  createProduct: (siteId: string, body: CreateProduct) => api.post<Product>(path("/api/site/sites/{site_id}/products", { site_id: siteId }), body),
  updateProduct: (siteId: string, id: string, body: UpdateProduct) =>
    api.patch<Product>(path("/api/site/sites/{site_id}/products/{id}", { site_id: siteId, id }), body),
  deleteProduct: (siteId: string, id: string) => api.delete(path("/api/site/sites/{site_id}/products/{id}", { site_id: siteId, id })),

  createVariant: (siteId: string, productId: string, body: CreateVariant) =>
    api.post<Variant>(path("/api/site/sites/{site_id}/products/{product_id}/variants", { site_id: siteId, product_id: productId }), body),
  updateVariant: (siteId: string, productId: string, id: string, body: UpdateVariant) =>
    api.patch<Variant>(path("/api/site/sites/{site_id}/products/{product_id}/variants/{id}", { site_id: siteId, product_id: productId, id }), body),
  deleteVariant: (siteId: string, productId: string, id: string) =>
    api.delete(path("/api/site/sites/{site_id}/products/{product_id}/variants/{id}", { site_id: siteId, product_id: productId, id })),
};

const mediaBase = (siteId: string, productId: string) =>
  path("/api/media/sites/{site_id}/products/{product_id}/media", { site_id: siteId, product_id: productId });
const mediaItem = (siteId: string, productId: string, id: string) =>
  path("/api/media/sites/{site_id}/products/{product_id}/media/{id}", { site_id: siteId, product_id: productId, id });

export const media = {
  /** Every image of a product (all pages), in display order. */
  list: async (siteId: string, productId: string): Promise<Media[]> => {
    const all = await collectAll((cursor) => api.get<Page<Media>>(mediaBase(siteId, productId), { limit: 250, cursor }));
    return all.sort((a, b) => a.sort_order - b.sort_order);
  },
  create: (siteId: string, productId: string, body: CreateMedia) => api.post<Media>(mediaBase(siteId, productId), body),
  update: (siteId: string, productId: string, id: string, body: UpdateMedia) =>
    api.patch<Media>(mediaItem(siteId, productId, id), body),
  delete: (siteId: string, productId: string, id: string) => api.delete(mediaItem(siteId, productId, id)),
};

const promotionBase = (siteId: string) => path("/api/promotion/sites/{site_id}/promotions", { site_id: siteId });
const promotionItem = (siteId: string, id: string) => path("/api/promotion/sites/{site_id}/promotions/{id}", { site_id: siteId, id });

export const promotions = {
  list: (siteId: string, cursor?: string) => api.get<Page<Promotion>>(promotionBase(siteId), { cursor, limit: 50 }),
  create: (siteId: string, body: CreatePromotion) => api.post<Promotion>(promotionBase(siteId), body),
  update: (siteId: string, id: string, body: UpdatePromotion) =>
    api.patch<Promotion>(promotionItem(siteId, id), body),
  delete: (siteId: string, id: string) => api.delete(promotionItem(siteId, id)),
};

const experimentBase = (siteId: string) => path("/api/experiment/sites/{site_id}/experiments", { site_id: siteId });
const experimentItem = (siteId: string, id: string) =>
  path("/api/experiment/sites/{site_id}/experiments/{id}", { site_id: siteId, id });

export const experiments = {
  list: (siteId: string, cursor?: string) => api.get<Page<Experiment>>(experimentBase(siteId), { cursor, limit: 50 }),
  create: (siteId: string, body: CreateExperiment) => api.post<Experiment>(experimentBase(siteId), body),
  update: (siteId: string, id: string, body: UpdateExperiment) =>
    api.patch<Experiment>(experimentItem(siteId, id), body),
  delete: (siteId: string, id: string) => api.delete(experimentItem(siteId, id)),
  results: (siteId: string, id: string) => api.get<ExperimentResults>(path("/api/experiment/sites/{site_id}/experiments/{id}/results", { site_id: siteId, id })),
};

export interface OrderQuery {
  status?: OrderStatus;
  q?: string;
  cursor?: string;
  limit?: number;
}

const ordersBase = (siteId: string) => path("/api/checkout/sites/{site_id}/orders", { site_id: siteId });
const orderItem = (siteId: string, id: string) => path("/api/checkout/sites/{site_id}/orders/{id}", { site_id: siteId, id });

export const orders = {
  list: (siteId: string, query: OrderQuery) => api.get<Page<Order>>(ordersBase(siteId), { limit: 25, ...query }),
  get: (siteId: string, id: string) => api.get<Order>(orderItem(siteId, id)),
  create: (siteId: string, body: CreateManualOrder) => api.post<Order>(ordersBase(siteId), body),
  update: (siteId: string, id: string, body: UpdateOrder) => api.patch<Order>(orderItem(siteId, id), body),
  markPaid: (siteId: string, id: string) =>
    api.post<Order>(path("/api/checkout/sites/{site_id}/orders/{id}/mark-paid", { site_id: siteId, id }), {}),
  fulfill: (siteId: string, id: string, tracking_number: string | null) =>
    api.post<Order>(path("/api/checkout/sites/{site_id}/orders/{id}/fulfill", { site_id: siteId, id }), { tracking_number }),
  cancel: (siteId: string, id: string, reason: string | null) =>
    api.post<Order>(path("/api/checkout/sites/{site_id}/orders/{id}/cancel", { site_id: siteId, id }), { reason }),
  delete: (siteId: string, id: string) => api.delete(orderItem(siteId, id)),
  stats: (siteId: string, from?: string, to?: string) =>
    api.get<Stats>(path("/api/checkout/sites/{site_id}/stats", { site_id: siteId }), { from, to }),
};

export const customers = {
  list: (siteId: string, query: { q?: string; cursor?: string }) =>
    api.get<Page<Customer>>(path("/api/customer/sites/{site_id}/customers", { site_id: siteId }), { limit: 25, ...query }),
  get: (siteId: string, id: string) => api.get<Customer>(path("/api/customer/sites/{site_id}/customers/{id}", { site_id: siteId, id })),
};

const webhooksBase = (siteId: string) => path("/api/notifier/sites/{site_id}/webhooks", { site_id: siteId });
const webhookItem = (siteId: string, id: string) => path("/api/notifier/sites/{site_id}/webhooks/{id}", { site_id: siteId, id });

export const webhooks = {
  list: (siteId: string, cursor?: string) => api.get<Page<Webhook>>(webhooksBase(siteId), { limit: 50, cursor }),
  create: (siteId: string, body: CreateWebhook) => api.post<Webhook>(webhooksBase(siteId), body),
  update: (siteId: string, id: string, body: UpdateWebhook) => api.patch<Webhook>(webhookItem(siteId, id), body),
  delete: (siteId: string, id: string) => api.delete(webhookItem(siteId, id)),
  rotateSecret: (siteId: string, id: string) =>
    api.post<Webhook>(path("/api/notifier/sites/{site_id}/webhooks/{id}/rotate-secret", { site_id: siteId, id }), {}),
  test: (siteId: string, id: string) => api.post<void>(path("/api/notifier/sites/{site_id}/webhooks/{id}/test", { site_id: siteId, id }), {}),
  deliveries: (siteId: string, id: string, cursor?: string) =>
    api.get<Page<Delivery>>(path("/api/notifier/sites/{site_id}/webhooks/{id}/deliveries", { site_id: siteId, id }), { limit: 20, cursor }),
  retry: (siteId: string, id: string, deliveryId: string) =>
    api.post<void>(
      path("/api/notifier/sites/{site_id}/webhooks/{id}/deliveries/{delivery_id}/retry", { site_id: siteId, id, delivery_id: deliveryId }),
      {},
    ),
};

/** Query keys: one prefix per site, so deleting a site drops everything cached under it. */
export const keys = {
  sites: ["sites"] as const,
  site: (id: string) => ["site", id] as const,
  categories: (siteId: string) => ["site", siteId, "categories"] as const,
  products: (siteId: string, query?: ProductQuery) => ["site", siteId, "products", query ?? {}] as const,
  product: (siteId: string, id: string) => ["site", siteId, "product", id] as const,
  media: (siteId: string, productId: string) => ["site", siteId, "media", productId] as const,
  /** Every page of a site's promotions (what a change invalidates). */
  promotions: (siteId: string) => ["site", siteId, "promotions"] as const,
  /** One page of them, by its cursor. */
  promotionsPage: (siteId: string, cursor?: string) => ["site", siteId, "promotions", cursor ?? "first"] as const,
  experiments: (siteId: string) => ["site", siteId, "experiments"] as const,
  experimentsPage: (siteId: string, cursor?: string) => ["site", siteId, "experiments", cursor ?? "first"] as const,
  results: (siteId: string, id: string) => ["site", siteId, "results", id] as const,
  orders: (siteId: string) => ["site", siteId, "orders"] as const,
  ordersPage: (siteId: string, query: OrderQuery) => ["site", siteId, "orders", "list", query] as const,
  order: (siteId: string, id: string) => ["site", siteId, "orders", "one", id] as const,
  stats: (siteId: string) => ["site", siteId, "orders", "stats"] as const,
  customers: (siteId: string, query: { q?: string; cursor?: string }) => ["site", siteId, "customers", query] as const,
  customer: (siteId: string, id: string) => ["site", siteId, "customer", id] as const,
  webhooks: (siteId: string) => ["site", siteId, "webhooks"] as const,
  deliveries: (siteId: string, id: string, cursor?: string) => ["site", siteId, "webhooks", id, "deliveries", cursor ?? "first"] as const,
};
