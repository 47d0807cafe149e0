import { describe, expect, it } from "vitest";
import { publicUserSelect, toPublicUser, type UserWithPassword } from "./user";

describe("toPublicUser", () => {
  it("keeps exactly the fields of publicUserSelect: the hash and credential state stay behind", () => {
    const read: UserWithPassword = {
      id: "u1",
      email: "ann@example.test",
      name: "Ann",
      role: "user",
      disabledAt: null,
      emailVerifiedAt: new Date(0),
      createdAt: new Date(1),
      updatedAt: new Date(2),
      passwordHash: "$2b$04$secret",
      totpEnabledAt: new Date(3),
      credentialVersion: 7,
    };
    const user = toPublicUser(read);
    expect(Object.keys(user).sort()).toEqual(Object.keys(publicUserSelect).sort());
    expect(user).toEqual({ ...read, passwordHash: undefined, totpEnabledAt: undefined, credentialVersion: undefined });
    expect(user).not.toHaveProperty("passwordHash");
  });
});
