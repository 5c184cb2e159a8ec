import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { builder, keys, webhooks } from "../api/endpoints";
import type { Site, Webhook } from "../api/types";
import { Field, Select } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Pager } from "../components/Pager";
import { Empty, ErrorBanner, Loading, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { formatWhen, timeZones } from "../lib/dates";
import { COMMON_CURRENCIES } from "../lib/money";
import { LANGUAGES, changedSettings, shopSettingsErrors, type ShopSettings } from "../lib/shop";
import { useFocusFirstError } from "../lib/focus";
import { collectAll } from "../lib/paging";
import { EVENT_TYPES, deliveryText, eventsChosen, eventsToSend, webhookUrlError } from "../lib/webhooks";
import { useSite } from "./SiteLayout";

/** Site settings: the shop's name, currency, language and time zone; the webhooks that receive its order events. */
export function SettingsScreen() {
  const site = useSite();
  return (
    <div className="stack">
      <ShopSettingsForm key={site.id} site={site} />
      <Webhooks />
    </div>
  );
}

/** Rename the shop, set its currency, language and time zone. */
function ShopSettingsForm({ site }: { site: Site }) {
  const queries = useQueryClient();
  const saved: ShopSettings = { name: site.name, currency: site.currency, language: site.language, timezone: site.timezone };
  const [form, setForm] = useState<ShopSettings>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);
  const zones = timeZones();
  const currencies = COMMON_CURRENCIES.includes(form.currency) ? COMMON_CURRENCIES : [form.currency, ...COMMON_CURRENCIES];
  const save = useMutation({
    mutationFn: (patch: Partial<ShopSettings>) => builder.updateSite(site.id, patch),
    onSuccess: (updated) => {
      queries.setQueryData(keys.site(site.id), updated);
      void queries.invalidateQueries({ queryKey: keys.sites });
      setForm({ name: updated.name, currency: updated.currency, language: updated.language, timezone: updated.timezone });
      setErrors({});
      setDone(true);
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });
  const set = (key: keyof ShopSettings) => (value: string) => {
    setDone(false);
    setForm((current) => ({ ...current, [key]: value }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = shopSettingsErrors(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusErrors();
    const patch = changedSettings(saved, form);
    if (patch) save.mutate(patch);
    else setDone(true);
  }

  return (
    <section aria-labelledby="shop-settings-title" className="stack">
      <h2 id="shop-settings-title">Shop</h2>
      <form className="card stack" onSubmit={submit} noValidate ref={formRef} aria-labelledby="shop-settings-title">
        <div className="grid-auto">
          <Field
            label="Shop name"
            name="name"
            value={form.name}
            onChange={(e) => set("name")(e.target.value)}
            error={errors.name}
            hint={`Its address stays ${site.url.replace(/^https?:\/\//, "")}`}
            maxLength={100}
          />
          <Select label="Currency" name="currency" value={form.currency} onChange={(e) => set("currency")(e.target.value)} error={errors.currency} hint="The default for new variants and promotions">
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </Select>
          <Select label="Language" name="language" value={form.language} onChange={(e) => set("language")(e.target.value)} error={errors.language} hint="The storefront's language, and how it writes prices and dates">
            {LANGUAGES.map(([tag, label]) => (
              <option key={tag} value={tag}>
                {label} ({tag})
              </option>
            ))}
          </Select>
          <Field
            label="Time zone"
            name="timezone"
            value={form.timezone}
            onChange={(e) => set("timezone")(e.target.value)}
            error={errors.timezone}
            hint="Dates in this dashboard are shown and entered in this zone"
            list="time-zones"
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id="time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
        <OtherErrors messages={unplacedErrors(errors, ["name", "currency", "language", "timezone"])} />
        {save.isError && Object.keys(errors).length === 0 && <ErrorBanner error={save.error} />}
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save settings"}
          </button>
          {done && (
            <span role="status" className="muted small">
              Saved.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

/** The webhooks that receive the shop's order events. */
function Webhooks() {
  const site = useSite();
  const list = useQuery({ queryKey: keys.webhooks(site.id), queryFn: () => collectAll((cursor) => webhooks.list(site.id, cursor)) });
  // A secret is shown once, right after it is made (creation or rotation).
  const [revealed, setRevealed] = useState<Webhook | null>(null);
  return (
    <section aria-labelledby="settings-title" className="stack">
      <h2 id="settings-title">Webhooks</h2>
      <p className="muted">
        Vitrine POSTs each order event (created, paid, fulfilled, canceled, deleted) to these addresses, signed as Standard Webhooks with the
        endpoint's secret, and retries with growing delays until your server answers 2xx.
      </p>
      {revealed && <SecretOnce webhook={revealed} onClose={() => setRevealed(null)} />}
      <WebhookForm siteId={site.id} onCreated={setRevealed} />
      {list.isPending ? (
        <Loading label="Loading webhooks…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No webhook yet">
          <p>Add the address of your server (or a service like Zapier) to hear about every order as it happens.</p>
        </Empty>
      ) : (
        list.data.map((webhook) => <WebhookCard key={webhook.id} siteId={site.id} webhook={webhook} onRotated={setRevealed} />)
      )}
    </section>
  );
}

function SecretOnce({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="banner banner-info secret-once" role="status">
      <p>
        The signing secret of <span className="break">{webhook.url}</span>. Copy it now: it is not shown again here.
      </p>
      <code className="secret break" data-testid="webhook-secret">
        {webhook.secret}
      </code>
      <div className="actions">
        <button
          type="button"
          className="button small"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(webhook.secret);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? "Copied" : "Copy secret"}
        </button>
        <button type="button" className="button small ghost" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

function EventChoice({ chosen, setChosen, error }: { chosen: string[]; setChosen: (events: string[]) => void; error?: string }) {
  return (
    <fieldset className="events" aria-invalid={error ? true : undefined}>
      <legend>Events</legend>
      {EVENT_TYPES.map((type) => (
        <label key={type} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(type)}
            onChange={(e) => setChosen(e.target.checked ? [...chosen, type] : chosen.filter((t) => t !== type))}
          />{" "}
          {type}
        </label>
      ))}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}

function WebhookForm({ siteId, onCreated }: { siteId: string; onCreated: (webhook: Webhook) => void }) {
  const queries = useQueryClient();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<string[]>([...EVENT_TYPES]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);
  const create = useMutation({
    mutationFn: () => webhooks.create(siteId, { url: url.trim(), events: eventsToSend(chosen), description: description.trim() || null }),
    onSuccess: (webhook) => {
      setUrl("");
      setDescription("");
      setErrors({});
      onCreated(webhook);
      void queries.invalidateQueries({ queryKey: keys.webhooks(siteId) });
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const problem = webhookUrlError(url);
    if (problem) found.url = problem;
    if (chosen.length === 0) found.events = "choose at least one";
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
    else focusErrors();
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-webhook" ref={formRef}>
      <h3 id="new-webhook" className="form-title">
        Add a webhook
      </h3>
      <div className="grid-2">
        <Field label="Address" name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} placeholder="https://example.com/hooks/vitrine" />
        <Field label="Description (optional)" name="description" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
      </div>
      <EventChoice chosen={chosen} setChosen={setChosen} error={errors.events} />
      <OtherErrors messages={unplacedErrors(errors, ["url", "description", "events"])} />
      {create.isError && Object.keys(errorsOf(create.error)).length === 0 && <ErrorBanner error={create.error} />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add webhook"}
        </button>
      </div>
    </form>
  );
}

function WebhookCard({ siteId, webhook, onRotated }: { siteId: string; webhook: Webhook; onRotated: (webhook: Webhook) => void }) {
  const queries = useQueryClient();
  const confirm = useConfirm();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [tested, setTested] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: keys.webhooks(siteId) });
  const toggle = useMutation({ mutationFn: () => webhooks.update(siteId, webhook.id, { enabled: !webhook.enabled }), onSettled: refresh });
  const rotate = useMutation({
    mutationFn: () => webhooks.rotateSecret(siteId, webhook.id),
    onSuccess: (next) => {
      onRotated(next);
      void refresh();
    },
  });
  const test = useMutation({
    mutationFn: () => webhooks.test(siteId, webhook.id),
    onSuccess: () => {
      setTested(true);
      setShowDeliveries(true);
      void queries.invalidateQueries({ queryKey: ["site", siteId, "webhooks", webhook.id] });
    },
  });
  const remove = useMutation({ mutationFn: () => webhooks.delete(siteId, webhook.id), onSettled: refresh });
  const chosen = eventsChosen(webhook.events);
  return (
    <article className="card webhook" aria-labelledby={`hook-${webhook.id}`}>
      <div className="section-head">
        <h3 id={`hook-${webhook.id}`} className="break">
          {webhook.url}
        </h3>
        <span className={`pill ${webhook.enabled ? "pill-live" : "pill-off"}`}>{webhook.enabled ? "Enabled" : "Disabled"}</span>
      </div>
      {webhook.description && <p>{webhook.description}</p>}
      <p className="muted small">
        {webhook.events.includes("*") ? "Every event" : chosen.join(", ")} · added {formatWhen(webhook.created_at)}
      </p>
      <ErrorBanner error={toggle.error ?? rotate.error ?? test.error ?? remove.error} />
      {tested && (
        <p className="small" role="status">
          A test event (ping) is on its way; see the deliveries below.
        </p>
      )}
      <div className="actions">
        <button type="button" className="button small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {webhook.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button small" onClick={() => test.mutate()} disabled={test.isPending || !webhook.enabled}>
          Send a test
        </button>
        <button
          type="button"
          className="button small"
          disabled={rotate.isPending}
          onClick={async () => {
            const yes = await confirm({
              title: "Rotate the signing secret?",
              body: <p>The old secret stops working at once: update your server with the new one.</p>,
              action: "Rotate secret",
            });
            if (yes) rotate.mutate();
          }}
        >
          Rotate secret
        </button>
        <button type="button" className="button small ghost" aria-expanded={showDeliveries} onClick={() => setShowDeliveries(!showDeliveries)}>
          {showDeliveries ? "Hide deliveries" : "Deliveries"}
        </button>
        <button
          type="button"
          className="button small ghost danger"
          disabled={remove.isPending}
          onClick={async () => {
            const yes = await confirm({ title: "Delete this webhook?", body: <p className="break">{webhook.url} gets no more events.</p>, action: "Delete webhook" });
            if (yes) remove.mutate();
          }}
        >
          Delete
        </button>
      </div>
      {showDeliveries && <Deliveries siteId={siteId} webhookId={webhook.id} />}
    </article>
  );
}

function Deliveries({ siteId, webhookId }: { siteId: string; webhookId: string }) {
  const queries = useQueryClient();
  // Paging kept in component state: several webhooks' deliveries can be open on one page.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery({
    queryKey: keys.deliveries(siteId, webhookId, cursor),
    queryFn: () => webhooks.deliveries(siteId, webhookId, cursor),
    refetchInterval: 5_000,
  });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => webhooks.retry(siteId, webhookId, deliveryId),
    onSettled: () => queries.invalidateQueries({ queryKey: ["site", siteId, "webhooks", webhookId] }),
  });
  if (list.isPending) return <Loading label="Loading deliveries…" />;
  if (list.isError) return <ErrorBanner error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div className="stack">
      <ErrorBanner error={retry.error} />
      {list.data.items.length === 0 ? (
        <p className="muted">No delivery yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td data-label="Event">
                    <code>{d.event_type}</code>
                  </td>
                  <td data-label="When" className="small">
                    {formatWhen(d.created_at)}
                  </td>
                  <td data-label="Result">
                    <span className={`pill pill-${d.status}`}>{d.status}</span> <span className="small">{deliveryText(d)}</span>
                    {d.status === "pending" && d.next_attempt_at && <div className="muted small">Next attempt {formatWhen(d.next_attempt_at)}</div>}
                  </td>
                  <td className="row-actions">
                    {d.status !== "delivered" && (
                      <button type="button" className="button small" disabled={retry.isPending} onClick={() => retry.mutate(d.id)}>
                        Retry now
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        paging={{
          cursor,
          number: cursors.length + 1,
          hasPrevious: cursors.length > 0,
          next: (c) => setCursors([...cursors, c]),
          previous: () => setCursors(cursors.slice(0, -1)),
          restart: () => setCursors([]),
        }}
        nextCursor={list.data.next_cursor}
        label="Delivery pages"
      />
    </div>
  );
}
