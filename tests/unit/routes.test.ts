import { describe, expect, it } from "vitest";
import { areaOf, destinationAfterSignIn, homeFor, loginPathFor } from "@/lib/routes";

describe("areas and homes", () => {
  it("puts every page of PRODUCT.md §2 in its area", () => {
    for (const path of ["/admin", "/admin/users", "/admin/companies/abc", "/admin/profile"]) {
      expect(areaOf(path)).toBe("admin");
    }
    for (const path of ["/dashboard", "/workflows/1", "/reports", "/credentials", "/notifications", "/billing", "/settings"]) {
      expect(areaOf(path)).toBe("client");
    }
    for (const path of ["/login", "/api/health", "/", "/administrator", "/dashboards"]) {
      expect(areaOf(path)).toBeNull();
    }
  });

  it("sends staff to /admin and clients to /dashboard", () => {
    expect(homeFor("admin")).toBe("/admin");
    expect(homeFor("se")).toBe("/admin");
    expect(homeFor("client")).toBe("/dashboard");
  });
});

describe("destination after sign-in", () => {
  it("returns to `next` inside the user's own area", () => {
    expect(destinationAfterSignIn("admin", "/admin/users?role=se")).toBe("/admin/users?role=se");
    expect(destinationAfterSignIn("client", "/reports")).toBe("/reports");
  });

  it("ignores `next` in the other area", () => {
    expect(destinationAfterSignIn("client", "/admin/users")).toBe("/dashboard");
    expect(destinationAfterSignIn("se", "/dashboard")).toBe("/admin");
  });

  it("never follows an off-site or malformed `next`", () => {
    for (const next of ["https://evil.test/admin", "//evil.test/admin", "/\\evil.test", "admin", "", null, undefined]) {
      expect(destinationAfterSignIn("admin", next)).toBe("/admin");
    }
  });

  it("builds the sign-in URL with the path encoded", () => {
    expect(loginPathFor("/admin/users?x=1&y=2")).toBe("/login?next=%2Fadmin%2Fusers%3Fx%3D1%26y%3D2");
  });
});
