import { useRef, useState, type FormEvent } from "react";
import { useFocusFirstError } from "../lib/focus";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pager, usePaging } from "../components/Pager";
import { experiments, keys } from "../api/endpoints";
import type { Experiment, ExperimentStatus } from "../api/types";
import { Field } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Empty, ErrorBanner, Loading, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { evenWeights, parseSplit, type ArmRow } from "../lib/split";
import { formatWindow, localToIso } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { percent } from "../lib/orders";
import { useSite } from "./SiteLayout";

const number = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 2 });

const NEXT_STATUS: Record<ExperimentStatus, { to: ExperimentStatus; label: string }[]> = {
  draft: [{ to: "running", label: "Start" }],
  running: [
    { to: "paused", label: "Pause" },
    { to: "completed", label: "Complete" },
  ],
  paused: [
    { to: "running", label: "Resume" },
    { to: "completed", label: "Complete" },
  ],
  completed: [],
};

/** A site's A/B experiments: create with a traffic split, move through their lifecycle, read per-arm results. */
export function ExperimentsScreen() {
  const site = useSite();
  const paging = usePaging();
  const list = useQuery({
    queryKey: keys.experimentsPage(site.id, paging.cursor),
    queryFn: () => experiments.list(site.id, paging.cursor),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="experiments-title" className="stack">
      <h2 id="experiments-title" className="visually-hidden">
        Experiments
      </h2>
      <ExperimentForm siteId={site.id} />
      {list.isPending ? (
        <Loading label="Loading experiments…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No experiment yet">
          <p>Split your shoppers between two or more arms (e.g. two product pages) and compare their results.</p>
        </Empty>
      ) : (
        <>
          {items.map((experiment) => (
            <ExperimentCard key={experiment.id} siteId={site.id} experiment={experiment} />
          ))}
          <Pager paging={paging} nextCursor={list.data.next_cursor} label="Experiment pages" />
        </>
      )}
    </section>
  );
}

function ExperimentCard({ siteId, experiment }: { siteId: string; experiment: Experiment }) {
  const timeZone = useSite().timezone;
  const queries = useQueryClient();
  const confirm = useConfirm();
  const [showResults, setShowResults] = useState(experiment.status !== "draft");
  const refresh = () => queries.invalidateQueries({ queryKey: keys.experiments(siteId) });
  const move = useMutation({ mutationFn: (status: ExperimentStatus) => experiments.update(siteId, experiment.id, { status }), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => experiments.delete(siteId, experiment.id), onSettled: refresh });
  const results = useQuery({
    queryKey: keys.results(siteId, experiment.id),
    queryFn: () => experiments.results(siteId, experiment.id),
    enabled: showResults,
  });
  const arms = Object.entries(experiment.traffic_split);
  const [editingSplit, setEditingSplit] = useState(false);

  return (
    <article className="card experiment" aria-labelledby={`exp-${experiment.id}`}>
      <div className="section-head">
        <h3 id={`exp-${experiment.id}`}>{experiment.name}</h3>
        <span className={`pill pill-${experiment.status}`}>{experiment.status}</span>
        <span className="muted small">
          {formatWindow(experiment.start_at, experiment.end_at, timeZone)}
        </span>
        <div className="actions push-right">
          {NEXT_STATUS[experiment.status].map(({ to, label }) => (
            <button key={to} type="button" className="button small" disabled={move.isPending} onClick={() => move.mutate(to)}>
              {label}
            </button>
          ))}
          <button
            type="button"
            className="button small ghost danger"
            disabled={remove.isPending}
            onClick={async () => {
              const yes = await confirm({
                title: `Delete “${experiment.name}”?`,
                body: <p>Its assignments and recorded metrics are deleted too.</p>,
                action: "Delete experiment",
              });
              if (yes) remove.mutate();
            }}
          >
            Delete
          </button>
        </div>
      </div>
      <ErrorBanner error={move.error ?? remove.error} />
      {editingSplit ? (
        <SplitEditor siteId={siteId} experiment={experiment} onDone={() => setEditingSplit(false)} />
      ) : experiment.status === "draft" ? (
        <button type="button" className="link-button small" onClick={() => setEditingSplit(true)}>
          Edit the traffic split
        </button>
      ) : null}
      <div className="split-bar" role="img" aria-label={`Traffic split: ${arms.map(([arm, w]) => `${arm} ${w}%`).join(", ")}`}>
        {arms.map(([arm, weight], index) => (
          <span key={arm} className={`split-seg seg-${index % 4}`} style={{ flexGrow: weight }}>
            {arm} {weight}%
          </span>
        ))}
      </div>
      <button type="button" className="link-button small" aria-expanded={showResults} onClick={() => setShowResults(!showResults)}>
        {showResults ? "Hide results" : "Show results"}
      </button>
      {showResults &&
        (results.isPending ? (
          <Loading label="Loading results…" />
        ) : results.isError ? (
          <ErrorBanner error={results.error} onRetry={() => results.refetch()} />
        ) : results.data.arms.length === 0 ? (
          <p className="muted">No shopper has been assigned yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Arm</th>
                  <th scope="col" className="num">Weight</th>
                  <th scope="col" className="num">Visitors</th>
                  <th scope="col" className="num">Conversions</th>
                  <th scope="col" className="num">Conversion rate</th>
                  <th scope="col" className="num">Revenue</th>
                  <th scope="col" className="num">Revenue per visitor</th>
                  <th scope="col">Other metrics</th>
                </tr>
              </thead>
              <tbody>
                {results.data.arms.map((arm) => {
                  const money = (amount: string) => (arm.currency ? formatMoney(amount, arm.currency) : amount);
                  const others = arm.metrics.filter((m) => m.metric_name !== "conversion" && m.metric_name !== "revenue");
                  return (
                    <tr key={arm.arm}>
                      <th scope="row">{arm.arm}</th>
                      <td className="num" data-label="Weight">{arm.weight}%</td>
                      <td className="num" data-label="Visitors">{arm.visitors}</td>
                      <td className="num" data-label="Conversions">{arm.conversions}</td>
                      <td className="num" data-label="Conversion rate">{percent(arm.conversion_rate)}</td>
                      <td className="num" data-label="Revenue">{money(arm.revenue)}</td>
                      <td className="num" data-label="Revenue per visitor">{money(arm.revenue_per_visitor)}</td>
                      <td data-label="Other metrics">
                        {others.length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          <ul className="metrics">
                            {others.map((m) => (
                              <li key={m.metric_name}>
                                <strong>{m.metric_name}</strong>: {m.count} events, total {number(m.sum)}, mean {number(m.mean)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </article>
  );
}

/** The arms and weights of a traffic split, as rows (shared by the new-experiment form and the split editor). */
function ArmsEditor({ arms, setArms, error, idPrefix }: { arms: ArmRow[]; setArms: (rows: ArmRow[]) => void; error?: string; idPrefix: string }) {
  const rebalance = (rows: ArmRow[]) => {
    const weights = evenWeights(rows.length);
    return rows.map((row, i) => ({ ...row, weight: String(weights[i]) }));
  };
  return (
    <fieldset className="arms" aria-describedby={error ? `${idPrefix}-split-error` : undefined}>
      <legend>Traffic split (weights add up to 100)</legend>
      {arms.map((row, i) => (
        <div className="arm-row" key={i}>
          <Field
            label={`Arm ${i + 1} name`}
            value={row.arm}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setArms(arms.map((r, j) => (j === i ? { ...r, arm: e.target.value } : r)))}
          />
          <Field
            label={`Arm ${i + 1} weight`}
            inputMode="numeric"
            className="narrow"
            value={row.weight}
            onChange={(e) => setArms(arms.map((r, j) => (j === i ? { ...r, weight: e.target.value } : r)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove arm ${i + 1}`}
            disabled={arms.length <= 2}
            onClick={() => setArms(rebalance(arms.filter((_, j) => j !== i)))}
          >
            ×
          </button>
        </div>
      ))}
      {error && (
        <span className="field-error" id={`${idPrefix}-split-error`} role="alert">
          {error}
        </span>
      )}
      <button type="button" className="link-button small" onClick={() => setArms(rebalance([...arms, { arm: `arm-${arms.length + 1}`, weight: "0" }]))}>
        + Add an arm
      </button>
    </fieldset>
  );
}

/** A draft experiment's split, changed in place (the server refuses once shoppers have been drawn). */
function SplitEditor({ siteId, experiment, onDone }: { siteId: string; experiment: Experiment; onDone: () => void }) {
  const queries = useQueryClient();
  const [arms, setArms] = useState<ArmRow[]>(() => Object.entries(experiment.traffic_split).map(([arm, weight]) => ({ arm, weight: String(weight) })));
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (split: Record<string, number>) => experiments.update(siteId, experiment.id, { traffic_split: split }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: keys.experiments(siteId) });
      onDone();
    },
    onError: (failure) => setError(errorsOf(failure).traffic_split),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const split = parseSplit(arms);
    if ("error" in split) setError(split.error);
    else {
      setError(undefined);
      save.mutate(split.value);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={`Traffic split of ${experiment.name}`}>
      <ArmsEditor arms={arms} setArms={setArms} error={error} idPrefix={`edit-${experiment.id}`} />
      {save.isError && !errorsOf(save.error).traffic_split && <ErrorBanner error={save.error} />}
      <div className="actions">
        <button type="submit" className="button small primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save split"}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ExperimentForm({ siteId }: { siteId: string }) {
  const timeZone = useSite().timezone;
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [arms, setArms] = useState<ArmRow[]>([
    { arm: "control", weight: "50" },
    { arm: "variant", weight: "50" },
  ]);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);
  const create = useMutation({
    mutationFn: (split: Record<string, number>) =>
      experiments.create(siteId, { name: name.trim(), traffic_split: split, start_at: localToIso(start, timeZone), end_at: localToIso(end, timeZone) }),
    onSuccess: () => {
      setName("");
      setErrors({});
      void queries.invalidateQueries({ queryKey: keys.experiments(siteId) });
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === "") found.name = "is required";
    const split = parseSplit(arms);
    if ("error" in split) found.traffic_split = split.error;
    if (start && end && localToIso(end, timeZone)! <= localToIso(start, timeZone)!) found.end_at = "must be after the start";
    setErrors(found);
    if (Object.keys(found).length === 0 && "value" in split) create.mutate(split.value);
    else focusErrors();
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-experiment" ref={formRef}>
      <h3 id="new-experiment" className="form-title">
        New experiment
      </h3>
      <div className="grid-auto">
        <Field label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} placeholder="Hero image test" />
        <Field label="Starts" name="start_at" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={errors.start_at} />
        <Field label="Ends" name="end_at" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} error={errors.end_at} />
      </div>
      <ArmsEditor arms={arms} setArms={setArms} error={errors.traffic_split} idPrefix="new" />
      <OtherErrors messages={unplacedErrors(errors, ["name", "traffic_split", "start_at", "end_at"])} />
      {create.isError && Object.keys(errorsOf(create.error)).length === 0 && <ErrorBanner error={create.error} />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create experiment"}
        </button>
      </div>
    </form>
  );
}
