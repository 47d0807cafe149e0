import { expect, test } from "@playwright/test";
import { logIn, registerUser } from "../support/api";
import { startServer, type TestServer, testBcryptCost } from "../support/server";
import { storedPasswordHash } from "../support/stored-password";

// A9: raising BCRYPT_COST upgrades each stored hash at its owner's next sign-in,
// the only moment the plain password is at hand.

test.describe("A9 stored hashes follow the configured cost", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("an account hashed at cost 4, a restart with BCRYPT_COST=5, a sign-in: the stored hash is $2b$05$ and the password still works", async () => {
    expect(testBcryptCost).toBe("4");
    const { email, password, user } = await registerUser(server.url);
    const before = await storedPasswordHash(server, user.id);
    expect(before).toMatch(/^\$2b\$04\$/);

    await server.restart({ BCRYPT_COST: "5" });
    expect((await logIn(server.url, email, password)).status).toBe(200);
    const after = await storedPasswordHash(server, user.id);
    expect(after).toMatch(/^\$2b\$05\$[./A-Za-z0-9]{53}$/);

    // The new hash is of the same password: it signs in, a wrong one still does not, and
    // a sign-in at the configured cost writes nothing more.
    expect((await logIn(server.url, email, password)).status).toBe(200);
    expect((await logIn(server.url, email, "not the password at all")).status).toBe(401);
    expect(await storedPasswordHash(server, user.id)).toBe(after);
  });

  test("a wrong password at the higher cost leaves the old hash alone", async () => {
    await server.restart({ BCRYPT_COST: testBcryptCost });
    const { email, user } = await registerUser(server.url);
    const before = await storedPasswordHash(server, user.id);
    await server.restart({ BCRYPT_COST: "5" });
    expect((await logIn(server.url, email, "not the password at all")).status).toBe(401);
    expect(await storedPasswordHash(server, user.id)).toBe(before);
  });
});
