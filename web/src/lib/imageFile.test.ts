import { describe, expect, it } from "vitest";
import { brokenReason, formatBytes, imageFileProblem } from "./imageFile";

describe("imageFileProblem", () => {
  it("accepts the four image kinds within the limit", () => {
    for (const type of ["image/jpeg", "image/png", "image/gif", "image/webp"]) {
      expect(imageFileProblem({ name: "a", type, size: 1000 })).toBeNull();
    }
    expect(imageFileProblem({ name: "photo.JPG", type: "", size: 1000 })).toBeNull();
  });

  it("names the file and says what is wrong", () => {
    expect(imageFileProblem({ name: "logo.svg", type: "image/svg+xml", size: 10 })).toBe("“logo.svg” is not a JPEG, PNG, GIF or WebP image.");
    expect(imageFileProblem({ name: "a.pdf", type: "application/pdf", size: 10 })).toContain("not a JPEG");
    expect(imageFileProblem({ name: "e.png", type: "image/png", size: 0 })).toBe("“e.png” is empty.");
    expect(imageFileProblem({ name: "big.jpg", type: "image/jpeg", size: 12 * 1024 * 1024 })).toBe(
      "“big.jpg” is 12 MB; images can be at most 10 MB.",
    );
  });
});

describe("formatBytes", () => {
  it("rounds to what people read", () => {
    expect(formatBytes(500)).toBe("1 KB");
    expect(formatBytes(512 * 1024)).toBe("512 KB");
    expect(formatBytes(3.44 * 1024 * 1024)).toBe("3.4 MB");
  });
});

describe("brokenReason", () => {
  it("speaks only of broken links", () => {
    expect(brokenReason({ status: "ok", http_status: 200 })).toBeNull();
    expect(brokenReason({ status: "unchecked" })).toBeNull();
    expect(brokenReason(undefined)).toBeNull();
    expect(brokenReason({ status: "broken", http_status: 404, error: "answered HTTP 404" })).toBe("Broken link: answered HTTP 404.");
    expect(brokenReason({ status: "broken", http_status: null, error: null })).toBe("Broken link: the image could not be fetched.");
  });
});
