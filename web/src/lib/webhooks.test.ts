import { describe, expect, it } from "vitest";
import { deliveryText, eventsChosen, eventsToSend, webhookUrlError } from "./webhooks";

describe("webhook events", () => {
  it("sends * when every type is chosen, the list otherwise", () => {
    expect(eventsToSend(["order.created", "order.paid", "order.fulfilled", "order.canceled", "order.deleted"])).toEqual(["*"]);
    expect(eventsToSend(["order.paid"])).toEqual(["order.paid"]);
    expect(eventsToSend([])).toEqual([]);
  });
  it("reads * as every type", () => {
    expect(eventsChosen(["*"])).toHaveLength(5);
    expect(eventsChosen(["order.paid", "ping"])).toEqual(["order.paid"]);
  });
});

describe("webhookUrlError", () => {
  it("accepts a full https address", () => {
    expect(webhookUrlError("https://example.com/hooks")).toBeNull();
  });
  it("refuses what cannot be a target", () => {
    expect(webhookUrlError("")).toBe("is required");
    expect(webhookUrlError("example.com/hooks")).toMatch(/full address/);
    expect(webhookUrlError("ftp://example.com")).toBe("must start with https://");
  });
});

describe("deliveryText", () => {
  it("says where a delivery stands", () => {
    expect(deliveryText({ status: "delivered", attempts: 1, last_status_code: 200 })).toBe("Delivered (HTTP 200, 1 attempt)");
    expect(deliveryText({ status: "failed", attempts: 8, last_status_code: 500 })).toBe("Failed after 8 attempts: HTTP 500");
    expect(deliveryText({ status: "pending", attempts: 2, last_error: "timed out" })).toBe("Retrying (2 attempts, last: timed out)");
    expect(deliveryText({ status: "pending", attempts: 0 })).toBe("Waiting to be sent");
  });
});
