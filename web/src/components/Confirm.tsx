/**
 * Confirmation before destructive actions, in a native modal <dialog>: focus
 * is trapped and Escape cancels, for free. `useConfirm()` returns an async
 * `confirm({title, body, action})` that resolves to the user's answer.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

interface Ask {
  title: string;
  body: ReactNode;
  action: string;
  /** The label of the button that keeps things as they are (default "Cancel"). */
  cancel?: string;
}

type Confirm = (ask: Ask) => Promise<boolean>;

const Context = createContext<Confirm>(async () => window.confirm("Are you sure?"));

export function useConfirm(): Confirm {
  return useContext(Context);
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [ask, setAsk] = useState<(Ask & { resolve: (answer: boolean) => void }) | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  const confirm = useCallback<Confirm>((next) => new Promise((resolve) => setAsk({ ...next, resolve })), []);

  useEffect(() => {
    if (ask && dialog.current && !dialog.current.open) {
      dialog.current.showModal();
      // The safe answer has the focus: Enter does not destroy by accident.
      cancelButton.current?.focus();
    }
  }, [ask]);

  const answer = (value: boolean) => {
    ask?.resolve(value);
    setAsk(null);
    dialog.current?.close();
  };

  return (
    <Context.Provider value={confirm}>
      {children}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="confirm-title"
        onCancel={(event) => {
          event.preventDefault();
          answer(false);
        }}
      >
        {ask && (
          <form method="dialog" onSubmit={(event) => event.preventDefault()}>
            <h2 id="confirm-title">{ask.title}</h2>
            <div className="dialog-body">{ask.body}</div>
            <div className="actions">
              <button type="button" className="button" ref={cancelButton} onClick={() => answer(false)}>
                {ask.cancel ?? "Cancel"}
              </button>
              <button type="button" className="button danger" onClick={() => answer(true)}>
                {ask.action}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </Context.Provider>
  );
}
