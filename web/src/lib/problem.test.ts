import { describe, expect, it } from "vitest";
import { ApiProblem, describeError, fieldErrors, humanField, isConnectionProblem, nestedErrors, unplacedErrors } from "./problem";

const validation = {
  type: "urn:vitrine:problem:validation",
  title: "Invalid request",
  status: 422,
  detail: "One or more fields are invalid; see `errors`.",
  errors: [
    { field: "username", message: "must be 3 to 32 characters" },
    { field: "username", message: "second message" },
    { field: "variants.0.price", message: "must be a decimal" },
  ],
};

describe("problem+json", () => {
  it("maps field errors by field, first message first", () => {
    expect(fieldErrors(validation)).toEqual({
      username: "must be 3 to 32 characters",
      "variants.0.price": "must be a decimal",
    });
  });

  it("finds nested field errors", () => {
    expect(nestedErrors(fieldErrors(validation), "variants.0")).toEqual({ price: "must be a decimal" });
  });

  it("exposes extensions such as suggested_slug", () => {
    const problem = new ApiProblem(409, { title: "Conflict", status: 409, suggested_slug: "shop-2" });
    expect(problem.extension<string>("suggested_slug")).toBe("shop-2");
  });

  it("describes errors for people", () => {
    expect(describeError(new ApiProblem(0, {}))).toMatch(/Cannot reach/);
    expect(describeError(new ApiProblem(404, { title: "Not found", detail: "No such site." }))).toBe("No such site.");
    expect(describeError(new ApiProblem(422, { title: "Invalid request", errors: [{ field: "a", message: "b" }] }))).toMatch(/highlighted/);
    expect(describeError(new ApiProblem(500, {}))).toBe("Request failed (500)".replace("Request failed (500)", "The server answered 500."));
  });

  it("keeps errors for fields a form does not show", () => {
    expect(unplacedErrors({ name: "x", slug: "taken" }, ["name"])).toEqual(["Slug taken"]);
    expect(unplacedErrors({ currency: "is required" }, ["code"])).toEqual(["Currency is required"]);
  });
});

describe("humanField", () => {
  it("reads API field paths as words", () => {
    expect(humanField("usage_limit")).toBe("Usage limit");
    expect(humanField("start_at")).toBe("Start");
    expect(humanField("variants.0.sku")).toBe("Variant 1 SKU");
    expect(humanField("shipping_address.postal_code")).toBe("Shipping address postal code");
    expect(humanField("lines.2.quantity")).toBe("Line 3 quantity");
    expect(humanField("")).toBe("This form");
  });

  it("tells a connection problem from an answer", () => {
    expect(isConnectionProblem(new ApiProblem(0, { title: "Network error" }))).toBe(true);
    expect(isConnectionProblem(new ApiProblem(422, { title: "Invalid" }))).toBe(false);
    expect(isConnectionProblem(new Error("x"))).toBe(false);
  });
});
