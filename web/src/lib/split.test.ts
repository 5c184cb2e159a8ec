import { describe, expect, it } from "vitest";
import { evenWeights, parseSplit } from "./split";

describe("traffic split", () => {
  it("accepts two or more named arms summing to 100", () => {
    expect(parseSplit([{ arm: "control", weight: "50" }, { arm: "b", weight: "50" }])).toEqual({ value: { control: 50, b: 50 } });
  });

  it("explains what is wrong", () => {
    expect(parseSplit([{ arm: "a", weight: "100" }])).toEqual({ error: "an experiment needs at least 2 arms" });
    expect(parseSplit([{ arm: "a", weight: "60" }, { arm: "b", weight: "30" }])).toEqual({ error: "weights add up to 90, not 100" });
    expect(parseSplit([{ arm: "a", weight: "50" }, { arm: "a", weight: "50" }])).toHaveProperty("error");
    expect(parseSplit([{ arm: "a", weight: "5.5" }, { arm: "b", weight: "94.5" }])).toHaveProperty("error");
    expect(parseSplit([{ arm: "", weight: "50" }, { arm: "b", weight: "50" }])).toHaveProperty("error");
  });

  it("spreads weights evenly", () => {
    expect(evenWeights(2)).toEqual([50, 50]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    expect(evenWeights(3).reduce((a, b) => a + b)).toBe(100);
  });
});
