import { afterEach, describe, expect, it, vi } from "vitest";
import { request, withQuery } from "./http";
import { ApiProblem } from "../lib/problem";
import { sessions } from "../lib/session";

function answer(status: number, body?: unknown, type = "application/json") {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": type } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessions.end("logout");
});

describe("the API client", () => {
  it("drops empty query parameters", () => {
    expect(withQuery("/x", { q: "", cursor: undefined, limit: 20, category_id: null })).toBe("/x?limit=20");
  });

  it("sends the session's bearer token and JSON", async () => {
    sessions.start({ token: "tok", username: "alice", expiresAt: Date.now() + 3_600_000 });
    const fetch = vi.fn().mockResolvedValue(answer(201, { id: "s1" }));
    vi.stubGlobal("fetch", fetch);
    await expect(request("POST", "/api/builder/sites", { body: { name: "Shop" } })).resolves.toEqual({ id: "s1" });
    const [, init] = fetch.mock.calls[0]!;
    expect(init.headers.Authorization).toBe("Bearer tok");
    expect(init.headers["Content-Type"]).toBe("application/json");
    expect(init.body).toBe('{"name":"Shop"}');
  });

  it("turns problem+json answers into ApiProblems with their field errors", async () => {
    const problem = { type: "urn:vitrine:problem:validation", title: "Invalid request", status: 422, errors: [{ field: "name", message: "is required" }] };
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(answer(422, problem, "application/problem+json")));
    const error = await request("POST", "/x", { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).fields).toEqual({ name: "is required" });
  });

  it("ends the session, as expired, on a 401", async () => {
    sessions.start({ token: "old", username: "alice", expiresAt: Date.now() + 3_600_000 });
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(answer(401, { title: "Unauthorized", status: 401 }, "application/problem+json")));
    await expect(request("GET", "/api/builder/sites")).rejects.toBeInstanceOf(ApiProblem);
    expect(sessions.current).toBeNull();
    expect(sessions.getSnapshot().reason).toBe("expired");
  });

  it("reports an unreachable server as status 0", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const error = (await request("GET", "/x").catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(0);
  });

  it("answers 204 with nothing", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(request("DELETE", "/x")).resolves.toBeUndefined();
  });
});
