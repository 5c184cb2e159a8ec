/** Every call the dashboard makes, by service, and the query keys their caches use. */
import { api } from "./http";
import type {
  Category, CreateCategory, CreateExperiment, CreateMedia, CreatePromotion, CreateProduct, CreateSite,
  CreateVariant, Credentials, Experiment, ExperimentResults, Media, Page, Product, Promotion, Site,
  TokenResponse, UpdateCategory, UpdateExperiment, UpdateMedia, UpdateProduct, UpdatePromotion, UpdateVariant,
  User, Variant,
} from "./types";

const enc = encodeURIComponent;

export const builder = {
  register: (body: Credentials) => api.post<User>("/api/builder/auth/register", body),
  login: (body: Credentials) => api.post<TokenResponse>("/api/builder/auth/login", body),
  me: () => api.get<User>("/api/builder/auth/me"),
  sites: (cursor?: string) => api.get<Page<Site>>("/api/builder/sites", { cursor, limit: 24 }),
  site: (id: string) => api.get<Site>(`/api/builder/sites/${enc(id)}`),
  createSite: (body: CreateSite) => api.post<Site>("/api/builder/sites", body),
  deleteSite: (id: string) => api.delete(`/api/builder/sites/${enc(id)}`),
};

const siteBase = (siteId: string) => `/api/site/sites/${enc(siteId)}`;

export interface ProductQuery {
  q?: string;
  category_id?: string;
  cursor?: string;
  limit?: number;
}

export const catalog = {
  /** Every category of a site (all pages: a tree needs them all). */
  categories: async (siteId: string): Promise<Category[]> => {
    const all: Category[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<Category> = await api.get(`${siteBase(siteId)}/categories`, { limit: 250, cursor });
      all.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return all;
  },
  createCategory: (siteId: string, body: CreateCategory) => api.post<Category>(`${siteBase(siteId)}/categories`, body),
  updateCategory: (siteId: string, id: string, body: UpdateCategory) =>
    api.patch<Category>(`${siteBase(siteId)}/categories/${enc(id)}`, body),
  deleteCategory: (siteId: string, id: string) => api.delete(`${siteBase(siteId)}/categories/${enc(id)}`),

  products: (siteId: string, query: ProductQuery) =>
    api.get<Page<Product>>(`${siteBase(siteId)}/products`, { limit: 20, ...query }),
  product: (siteId: string, id: string) => api.get<Product>(`${siteBase(siteId)}/products/${enc(id)}`),
  createProduct: (siteId: string, body: CreateProduct) => api.post<Product>(`${siteBase(siteId)}/products`, body),
  updateProduct: (siteId: string, id: string, body: UpdateProduct) =>
    api.patch<Product>(`${siteBase(siteId)}/products/${enc(id)}`, body),
  deleteProduct: (siteId: string, id: string) => api.delete(`${siteBase(siteId)}/products/${enc(id)}`),

  createVariant: (siteId: string, productId: string, body: CreateVariant) =>
    api.post<Variant>(`${siteBase(siteId)}/products/${enc(productId)}/variants`, body),
  updateVariant: (siteId: string, productId: string, id: string, body: UpdateVariant) =>
    api.patch<Variant>(`${siteBase(siteId)}/products/${enc(productId)}/variants/${enc(id)}`, body),
  deleteVariant: (siteId: string, productId: string, id: string) =>
    api.delete(`${siteBase(siteId)}/products/${enc(productId)}/variants/${enc(id)}`),
};

const mediaBase = (siteId: string, productId: string) =>
  `/api/media/sites/${enc(siteId)}/products/${enc(productId)}/media`;

export const media = {
  list: async (siteId: string, productId: string): Promise<Media[]> => {
    const page = await api.get<Page<Media>>(mediaBase(siteId, productId), { limit: 250 });
    return [...page.items].sort((a, b) => a.sort_order - b.sort_order);
  },
  create: (siteId: string, productId: string, body: CreateMedia) => api.post<Media>(mediaBase(siteId, productId), body),
  update: (siteId: string, productId: string, id: string, body: UpdateMedia) =>
    api.patch<Media>(`${mediaBase(siteId, productId)}/${enc(id)}`, body),
  delete: (siteId: string, productId: string, id: string) => api.delete(`${mediaBase(siteId, productId)}/${enc(id)}`),
};

const promotionBase = (siteId: string) => `/api/promotion/sites/${enc(siteId)}/promotions`;

export const promotions = {
  list: (siteId: string, cursor?: string) => api.get<Page<Promotion>>(promotionBase(siteId), { cursor, limit: 50 }),
  create: (siteId: string, body: CreatePromotion) => api.post<Promotion>(promotionBase(siteId), body),
  update: (siteId: string, id: string, body: UpdatePromotion) =>
    api.patch<Promotion>(`${promotionBase(siteId)}/${enc(id)}`, body),
  delete: (siteId: string, id: string) => api.delete(`${promotionBase(siteId)}/${enc(id)}`),
};

const experimentBase = (siteId: string) => `/api/experiment/sites/${enc(siteId)}/experiments`;

export const experiments = {
  list: (siteId: string, cursor?: string) => api.get<Page<Experiment>>(experimentBase(siteId), { cursor, limit: 50 }),
  create: (siteId: string, body: CreateExperiment) => api.post<Experiment>(experimentBase(siteId), body),
  update: (siteId: string, id: string, body: UpdateExperiment) =>
    api.patch<Experiment>(`${experimentBase(siteId)}/${enc(id)}`, body),
  delete: (siteId: string, id: string) => api.delete(`${experimentBase(siteId)}/${enc(id)}`),
  results: (siteId: string, id: string) => api.get<ExperimentResults>(`${experimentBase(siteId)}/${enc(id)}/results`),
};

/** Query keys: one prefix per site, so deleting a site drops everything cached under it. */
export const keys = {
  sites: ["sites"] as const,
  site: (id: string) => ["site", id] as const,
  categories: (siteId: string) => ["site", siteId, "categories"] as const,
  products: (siteId: string, query?: ProductQuery) => ["site", siteId, "products", query ?? {}] as const,
  product: (siteId: string, id: string) => ["site", siteId, "product", id] as const,
  media: (siteId: string, productId: string) => ["site", siteId, "media", productId] as const,
  promotions: (siteId: string) => ["site", siteId, "promotions"] as const,
  experiments: (siteId: string) => ["site", siteId, "experiments"] as const,
  results: (siteId: string, id: string) => ["site", siteId, "results", id] as const,
};
