import { describe, expect, it } from "vitest";
import { decodeToken, isLive, parseStored, sessionFromToken } from "./session";

function token(claims: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "EdDSA", typ: "JWT" })}.${encode(claims)}.c2lnbmF0dXJl`;
}

describe("tokens", () => {
  it("reads exp and name from the payload", () => {
    expect(decodeToken(token({ exp: 1700000000, name: "zoë", sub: "u1" }))).toEqual({ exp: 1700000000, name: "zoë", sub: "u1" });
  });

  it("gives nothing for malformed tokens", () => {
    for (const bad of ["", "abc", "a.b.c", token({ name: "no exp" })]) {
      expect(decodeToken(bad), bad).toBeNull();
    }
  });

  it("makes a session that expires with the token", () => {
    const session = sessionFromToken(token({ exp: 2000, name: "alice" }), "ALICE")!;
    expect(session).toMatchObject({ username: "alice", expiresAt: 2_000_000 });
    expect(isLive(session, 1_000_000)).toBe(true);
    expect(isLive(session, 1_999_000)).toBe(false); // within the safety margin
    expect(isLive(session, 2_000_001)).toBe(false);
  });
});

describe("stored sessions", () => {
  const stored = JSON.stringify({ token: "t", username: "alice", expiresAt: 10_000_000 });

  it("survive a reload until they expire", () => {
    expect(parseStored(stored, 1_000)).toMatchObject({ username: "alice" });
    expect(parseStored(stored, 10_000_000)).toBeNull();
  });

  it("are dropped when malformed", () => {
    for (const raw of [null, "", "{", "[]", JSON.stringify({ token: 1 })]) {
      expect(parseStored(raw, 0)).toBeNull();
    }
  });
});
