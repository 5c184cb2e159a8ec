import { useEffect } from "react";

/** Names the browser tab after the screen: "Products · Ma Boutique · Vitrine". */
export function useTitle(...parts: (string | undefined | null)[]): void {
  const title = [...parts.filter(Boolean), "Vitrine"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
