import { useRef, useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, promotions } from "../api/endpoints";
import type { Promotion, PromotionType } from "../api/types";
import { Field, Select } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Pager, usePaging } from "../components/Pager";
import { Empty, ErrorBanner, Loading, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { formatWindow, isoToLocal, localToIso, windowState, zoneLabel } from "../lib/dates";
import { COMMON_CURRENCIES, formatMoney, positiveAmountError } from "../lib/money";
import { useFocusFirstError } from "../lib/focus";
import { usageText } from "../lib/promotions";
import { useSite } from "./SiteLayout";

/** A site's discount codes: create, edit, switch on and off, delete; how often each was used. */
export function PromotionsScreen() {
  const site = useSite();
  const paging = usePaging();
  const list = useQuery({
    queryKey: keys.promotionsPage(site.id, paging.cursor),
    queryFn: () => promotions.list(site.id, paging.cursor),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<string | null>(null);
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
        <>
          <div className="card table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Discount</th>
                  <th scope="col">Window</th>
                  <th scope="col">Used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((promotion) =>
                  editing === promotion.id ? (
                    <tr key={promotion.id}>
                      <td colSpan={6}>
                        <PromotionForm siteId={site.id} promotion={promotion} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  ) : (
                    <PromotionRow key={promotion.id} siteId={site.id} promotion={promotion} onEdit={() => setEditing(promotion.id)} />
                  ),
                )}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} nextCursor={list.data.next_cursor} label="Promotion pages" />
        </>
      )}
    </section>
  );
}

function discountText(promotion: Promotion): string {
  return promotion.type === "percentage" ? `${promotion.value}%` : `${formatMoney(promotion.value, promotion.currency ?? "EUR")} off`;
}

function PromotionRow({ siteId, promotion, onEdit }: { siteId: string; promotion: Promotion; onEdit: () => void }) {
  const queries = useQueryClient();
  const confirm = useConfirm();
  const refresh = () => queries.invalidateQueries({ queryKey: keys.promotions(siteId) });
  const toggle = useMutation({ mutationFn: () => promotions.update(siteId, promotion.id, { active: !promotion.active }), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => promotions.delete(siteId, promotion.id), onSettled: refresh });
  const site = useSite();
  const state = windowState(promotion.start_at, promotion.end_at);
  const usedUp = promotion.usage_limit != null && promotion.times_used >= promotion.usage_limit;
  const status = !promotion.active ? "Off" : usedUp ? "Used up" : state === "live" ? "Live" : state === "scheduled" ? "Scheduled" : "Ended";
  return (
    <tr>
      <td data-label="Code">
        <code>{promotion.code}</code>
      </td>
      <td data-label="Discount">{discountText(promotion)}</td>
      <td data-label="Window" className="small">
        {formatWindow(promotion.start_at, promotion.end_at, site.timezone)}
      </td>
      <td data-label="Used" className="small">
        {usageText(promotion.times_used, promotion.usage_limit)}
      </td>
      <td data-label="Status">
        <span className={`pill pill-${status.toLowerCase().replace(" ", "-")}`}>{status}</span>
        {(toggle.error || remove.error) && <ErrorBanner error={toggle.error ?? remove.error} />}
      </td>
      <td className="row-actions">
        <button type="button" className="button small ghost" onClick={onEdit} aria-label={`Edit ${promotion.code}`}>
          Edit
        </button>
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

/** Creates a promotion, or edits one (`promotion` given): value, currency, dates and usage limit. */
function PromotionForm({ siteId, promotion, onDone }: { siteId: string; promotion?: Promotion; onDone?: () => void }) {
  const queries = useQueryClient();
  // The shop's settings: its currency is the default, its time zone is the one dates are typed in.
  const site = useSite();
  const timeZone = site.timezone;
  const editing = promotion !== undefined;
  const [code, setCode] = useState(promotion?.code ?? "");
  const [type, setType] = useState<PromotionType>(promotion?.type ?? "percentage");
  const [value, setValue] = useState(promotion?.value ?? "");
  // null: not chosen yet, so the shop's currency is the default.
  const [currencyChoice, setCurrency] = useState<string | null>(promotion?.currency ?? null);
  const currency = currencyChoice ?? site.currency;
  const [start, setStart] = useState(promotion ? isoToLocal(promotion.start_at, timeZone) : "");
  const [end, setEnd] = useState(promotion?.end_at ? isoToLocal(promotion.end_at, timeZone) : "");
  const [limit, setLimit] = useState(promotion?.usage_limit != null ? String(promotion.usage_limit) : "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);
  const currencies = COMMON_CURRENCIES.includes(currency) ? COMMON_CURRENCIES : [currency, ...COMMON_CURRENCIES];

  const save = useMutation({
    mutationFn: () => {
      const usage_limit = limit.trim() === "" ? null : Number(limit.trim());
      const money = type === "fixed_amount" ? { currency } : { currency: null };
      if (promotion) {
        return promotions.update(siteId, promotion.id, {
          value: value.trim(),
          ...money,
          start_at: start ? localToIso(start, timeZone) : undefined,
          end_at: end ? localToIso(end, timeZone) : null,
          usage_limit,
        });
      }
      return promotions.create(siteId, {
        code: code.trim(),
        type,
        value: value.trim(),
        ...money,
        start_at: localToIso(start, timeZone),
        end_at: localToIso(end, timeZone),
        active: true,
        usage_limit,
      });
    },
    onSuccess: () => {
      setErrors({});
      if (!promotion) {
        setCode("");
        setValue("");
        setStart("");
        setEnd("");
        setLimit("");
      }
      void queries.invalidateQueries({ queryKey: keys.promotions(siteId) });
      onDone?.();
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!editing && !/^[A-Za-z0-9_-]{3,32}$/.test(code.trim())) found.code = "must be 3 to 32 of letters, digits, '_' and '-'";
    if (type === "percentage") {
      if (!/^\d+(\.\d{1,4})?$/.test(value.trim()) || Number(value) <= 0) found.value = "must be a number above 0";
      else if (Number(value) > 100) found.value = "a percentage is at most 100";
    } else {
      const problem = positiveAmountError(value, currency);
      if (problem) found.value = problem;
    }
    if (start && end && localToIso(end, timeZone)! <= localToIso(start, timeZone)!) found.end_at = "must be after the start";
    if (limit.trim() !== "" && !/^[1-9]\d{0,8}$/.test(limit.trim())) found.usage_limit = "must be a whole number above 0, or empty for no limit";
    else if (promotion && limit.trim() !== "" && Number(limit) < promotion.times_used)
      found.usage_limit = `cannot be below the ${promotion.times_used} uses already made`;
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
    else focusErrors();
  }

  const titleId = promotion ? `edit-promotion-${promotion.id}` : "new-promotion";
  return (
    <form className={promotion ? "stack" : "card"} onSubmit={submit} noValidate aria-labelledby={titleId} ref={formRef}>
      <h3 id={titleId} className="form-title">
        {promotion ? `Edit ${promotion.code}` : "New promotion"}
      </h3>
      <div className="grid-auto">
        {!editing && (
          <Field label="Code" name="code" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} error={errors.code} placeholder="SUMMER10" />
        )}
        {!editing && (
          <Select label="Kind" name="type" value={type} onChange={(e) => setType(e.target.value as PromotionType)} error={errors.type}>
            <option value="percentage">Percentage off</option>
            <option value="fixed_amount">Fixed amount off</option>
          </Select>
        )}
        <Field
          label={type === "percentage" ? "Percent" : "Amount"}
          name="value"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value.replace(",", "."))}
          error={errors.value}
          placeholder={type === "percentage" ? "10" : "5.00"}
        />
        {type === "fixed_amount" && (
          <Select
            label="Currency"
            name="currency"
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            error={errors.currency}
            hint={currencyChoice === null ? "The shop's currency (see Settings)." : "The code applies only to carts in this currency."}
          >
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        )}
        <Field label="Starts" name="start_at" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={errors.start_at} hint={`${timeZone} time (${zoneLabel(timeZone, localToIso(start, timeZone))}). Empty: now`} />
        <Field label="Ends" name="end_at" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} error={errors.end_at} hint={`${timeZone} time (${zoneLabel(timeZone, localToIso(end, timeZone))}). Empty: never`} />
        <Field
          label="Usage limit"
          name="usage_limit"
          inputMode="numeric"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          error={errors.usage_limit}
          hint={promotion ? `Used ${promotion.times_used} time(s). Empty: no limit.` : "Empty: no limit"}
        />
      </div>
      <OtherErrors messages={unplacedErrors(errors, ["code", "type", "value", "currency", "start_at", "end_at", "usage_limit"])} />
      {save.isError && Object.keys(errorsOf(save.error)).length === 0 && <ErrorBanner error={save.error} />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : promotion ? "Save promotion" : "Create promotion"}
        </button>
        {onDone && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
