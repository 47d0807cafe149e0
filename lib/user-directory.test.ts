import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { readDate } from "./plain-sql";
import { makeUser, readRow } from "./test-helpers";
import { createUser, findUserById } from "./user";
import { countActiveAdmins, deleteUserRecord, findUsersPage, updateAccountFields } from "./user-directory";

const tag = () => `dir${crypto.randomBytes(4).toString("hex")}`;

describe("the accounts as administrators list them", () => {
  it("finds an email or a name containing the query, in any case, oldest first, a page from its cursor on", async () => {
    const t = tag();
    const made = [];
    for (const name of ["Ann", "Ben", "Cleo"]) made.push(await createUser({ email: `${t}-${name}@example.test`, name, passwordHash: "x" }));
    const named = await createUser({ email: `${tag()}@example.test`, name: `Grace ${t}`, passwordHash: "x" });
    expect((await findUsersPage({ query: t.toUpperCase(), take: 10 })).map((user) => user.id)).toEqual(
      [...made, named].map((user) => user.id),
    );
    expect((await findUsersPage({ query: `grace ${t.toUpperCase()}`, take: 10 })).map((user) => user.id)).toEqual([named.id]);
    const page = await findUsersPage({ query: t, cursor: made[1]!.id, take: 2 });
    expect(page.map((user) => user.email)).toEqual([made[1]!.email, made[2]!.email]);
    expect(page[0]).not.toHaveProperty("passwordHash");
    expect(await findUsersPage({ query: t, cursor: "nobody", take: 2 })).toEqual([]);
  });

  it("takes % and _ in a query as themselves", async () => {
    const t = tag();
    const percent = await createUser({ email: `${t}-p@example.test`, name: `100% ${t}`, passwordHash: "x" });
    const plain = await createUser({ email: `${t}-q@example.test`, name: `100x ${t}`, passwordHash: "x" });
    expect((await findUsersPage({ query: `100% ${t}`, take: 10 })).map((user) => user.id)).toEqual([percent.id]);
    expect((await findUsersPage({ query: `10_x ${t}`, take: 10 })).map((user) => user.id)).toEqual([]);
    expect((await findUsersPage({ query: `100x ${t}`, take: 10 })).map((user) => user.id)).toEqual([plain.id]);
  });

  it("changes only the fields given, moves updatedAt, and says when the account is gone", async () => {
    const user = await makeUser();
    const before = readDate((await readRow("User", user.id))!.updatedAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const admins = await countActiveAdmins();
    expect(await updateAccountFields(user.id, { role: "admin" })).toBe(true);
    expect(await countActiveAdmins()).toBe(admins + 1);
    expect(await updateAccountFields(user.id, { disabledAt: new Date() })).toBe(true);
    expect(await countActiveAdmins()).toBe(admins);
    const after = (await findUserById(user.id))!;
    expect(after).toMatchObject({ name: user.name, role: "admin" });
    expect(after.disabledAt).toBeInstanceOf(Date);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(await deleteUserRecord(user.id)).toBe(true);
    expect(await deleteUserRecord(user.id)).toBe(false);
    expect(await updateAccountFields(user.id, { name: "Gone" })).toBe(false);
  });
});
