import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, promotions } from "../api/endpoints";
import type { Promotion, PromotionType } from "../api/types";
import { Field, Select } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Empty, ErrorBanner, Loading, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { formatWindow, localToIso, windowState } from "../lib/dates";
import { useSite } from "./SiteLayout";

/** A site's discount codes: create, switch on and off, delete. */
export function PromotionsScreen() {
  const site = useSite();
  const list = useQuery({ queryKey: keys.promotions(site.id), queryFn: () => promotions.list(site.id) });
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="promotions-title" className="stack">
      <h2 id="promotions-title" className="visually-hidden">
        Promotions
      </h2>
      <PromotionForm siteId={site.id} />
      {list.isPending ? (
        <Loading label="Loading promotions…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No promotion yet">
          <p>Create a code such as SUMMER10 for 10% off; shoppers enter it at checkout.</p>
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Discount</th>
                <th scope="col">Window</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((promotion) => (
                <PromotionRow key={promotion.id} siteId={site.id} promotion={promotion} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PromotionRow({ siteId, promotion }: { siteId: string; promotion: Promotion }) {
  const queries = useQueryClient();
  const confirm = useConfirm();
  const refresh = () => queries.invalidateQueries({ queryKey: keys.promotions(siteId) });
  const toggle = useMutation({ mutationFn: () => promotions.update(siteId, promotion.id, { active: !promotion.active }), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => promotions.delete(siteId, promotion.id), onSettled: refresh });
  const state = windowState(promotion.start_at, promotion.end_at);
  const status = !promotion.active ? "Off" : state === "live" ? "Live" : state === "scheduled" ? "Scheduled" : "Ended";
  return (
    <tr>
      <td data-label="Code">
        <code>{promotion.code}</code>
      </td>
      <td data-label="Discount">{promotion.type === "percentage" ? `${promotion.value}%` : `${promotion.value} off`}</td>
      <td data-label="Window" className="small">
        {formatWindow(promotion.start_at, promotion.end_at)}
      </td>
      <td data-label="Status">
        <span className={`pill pill-${status.toLowerCase()}`}>{status}</span>
        {(toggle.error || remove.error) && <ErrorBanner error={toggle.error ?? remove.error} />}
      </td>
      <td className="row-actions">
        <button type="button" className="button small ghost" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {promotion.active ? "Switch off" : "Switch on"}
        </button>
        <button
          type="button"
          className="button small ghost danger"
          disabled={remove.isPending}
          onClick={async () => {
            const yes = await confirm({
              title: `Delete ${promotion.code}?`,
              body: <p>Shoppers can no longer use this code.</p>,
              action: "Delete promotion",
            });
            if (yes) remove.mutate();
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

function PromotionForm({ siteId }: { siteId: string }) {
  const queries = useQueryClient();
  const [code, setCode] = useState("");
  const [type, setType] = useState<PromotionType>("percentage");
  const [value, setValue] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      promotions.create(siteId, { code: code.trim(), type, value: value.trim(), start_at: localToIso(start), end_at: localToIso(end), active: true }),
    onSuccess: () => {
      setCode("");
      setValue("");
      setStart("");
      setEnd("");
      setErrors({});
      void queries.invalidateQueries({ queryKey: keys.promotions(siteId) });
    },
    onError: (error) => setErrors(errorsOf(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[A-Za-z0-9_-]{3,32}$/.test(code.trim())) found.code = "must be 3 to 32 of letters, digits, '_' and '-'";
    if (!/^\d+(\.\d{1,4})?$/.test(value.trim()) || Number(value) <= 0) found.value = "must be a number above 0";
    else if (type === "percentage" && Number(value) > 100) found.value = "a percentage is at most 100";
    if (start && end && localToIso(end)! <= localToIso(start)!) found.end_at = "must be after the start";
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-promotion">
      <h3 id="new-promotion" className="form-title">
        New promotion
      </h3>
      <div className="grid-auto">
        <Field label="Code" name="code" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} error={errors.code} placeholder="SUMMER10" />
        <Select label="Kind" name="type" value={type} onChange={(e) => setType(e.target.value as PromotionType)} error={errors.type}>
          <option value="percentage">Percentage off</option>
          <option value="fixed_amount">Fixed amount off</option>
        </Select>
        <Field
          label={type === "percentage" ? "Percent" : "Amount"}
          name="value"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value.replace(",", "."))}
          error={errors.value}
          placeholder={type === "percentage" ? "10" : "5.00"}
        />
        <Field label="Starts" name="start_at" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={errors.start_at} hint="Empty: now" />
        <Field label="Ends" name="end_at" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} error={errors.end_at} hint="Empty: never" />
      </div>
      <OtherErrors messages={unplacedErrors(errors, ["code", "type", "value", "start_at", "end_at"])} />
      {create.isError && Object.keys(errorsOf(create.error)).length === 0 && <ErrorBanner error={create.error} />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create promotion"}
        </button>
      </div>
    </form>
  );
}
