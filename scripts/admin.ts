// `npm run admin -- <command>`: manage accounts from the server's shell.
// There are no default accounts: the first administrator is created here.
import readline from "node:readline";
import { parseArgs } from "node:util";
import { unlockAccount } from "../lib/account-lock";
import { type AdminActor, listUsers, revokeUserSessionsAsAdmin, updateUser } from "../lib/admin";
import { registerAccount } from "../lib/auth";
import { AppError } from "../lib/errors";
import { runShutdownHooks } from "../lib/shutdown";
import { resetTwoFactorAsOperator } from "../lib/two-factor";
import { loadProjectEnv } from "./load-env.mjs";
import { findUserWithPasswordByEmail, type PublicUser, toPublicUser } from "../lib/user";

// .env as the server reads it, so the CLI acts on the database the app serves (lib reads settings lazily).
loadProjectEnv();

const usage = `Usage: npm run admin -- <command> [options]

  create --email EMAIL [--name NAME] [--role admin|user]
                        create an account (an administrator unless --role user);
                        the password is read from standard input, or asked for twice
  promote --email EMAIL make an account an administrator
  disable --email EMAIL disable an account and end its sessions (enable: the reverse)
  enable --email EMAIL
  revoke-sessions --email EMAIL
                        end every session of an account
  reset-two-factor --email EMAIL
                        turn two-factor authentication off and end every session,
                        for an owner who lost both the app and the recovery codes
                        (make sure who is asking first)
  unlock --email EMAIL  lift the lock that failed passwords or wrong two-factor
                        codes in a row put on sign-ins from unknown devices
  list                  list accounts`;

// Changes made here are recorded as done from the command line, by nobody signed in.
// Whoever runs this holds the server's shell, so no fresh sign-in is asked (A8 covers HTTP).
const cli = { ipAddress: null, userAgent: "admin CLI" };
const cliActor = { id: "cli" } as AdminActor;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
        if (s.startsWith(question)) process.stdout.write(question);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password: ");
  if ((await ask("Repeat it: ")) !== first) throw new Error("The two passwords differ.");
  return first;
}

async function userByEmail(email: string | undefined): Promise<PublicUser> {
  if (!email) throw new Error("--email is required.");
  const user = await findUserWithPasswordByEmail(email);
  if (!user) throw new Error(`No account for ${email}.`);
  return toPublicUser(user);
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, help: { type: "boolean" } },
  });
  const [command] = positionals;
  if (!command || values.help) {
    console.log(usage);
    return;
  }
  switch (command) {
    case "create": {
      if (!values.email) throw new Error("--email is required.");
      const role = values.role ?? "admin";
      if (role !== "admin" && role !== "user") throw new Error("--role must be admin or user.");
      const password = await readPassword();
      const user = await registerAccount({ email: values.email, name: values.name, password }, cli);
      if (role === "admin") await updateUser(cliActor, user.id, { role: "admin" }, cli);
      console.log(`Created ${role} ${user.email} (${user.id}).`);
      return;
    }
    case "promote": {
      const user = await userByEmail(values.email);
      await updateUser(cliActor, user.id, { role: "admin" }, cli);
      console.log(`${user.email} is now an administrator.`);
      return;
    }
    case "disable":
    case "enable": {
      const user = await userByEmail(values.email);
      await updateUser(cliActor, user.id, { disabled: command === "disable" }, cli);
      console.log(`${user.email} is now ${command}d.`);
      return;
    }
    case "revoke-sessions": {
      const user = await userByEmail(values.email);
      const revoked = await revokeUserSessionsAsAdmin(cliActor, user.id, cli);
      console.log(`Ended ${revoked} session${revoked === 1 ? "" : "s"} of ${user.email}.`);
      return;
    }
    case "reset-two-factor": {
      const user = await userByEmail(values.email);
      await resetTwoFactorAsOperator(user, cliActor.id, cli);
      console.log(`Two-factor authentication is off for ${user.email}, and every session ended.`);
      return;
    }
    case "unlock": {
      const user = await userByEmail(values.email);
      await unlockAccount(user.id, cliActor, cli);
      console.log(`${user.email} is unlocked: failed passwords and codes count from zero again.`);
      return;
    }
    case "list": {
      // Every page of the admin API's listing, oldest first.
      let cursor: string | undefined;
      let listed = 0;
      do {
        const page = await listUsers({ cursor, limit: 100 });
        for (const user of page.users) {
          const status = user.disabledAt ? "disabled" : "active";
          console.log(`${user.email}\t${user.role}\t${status}\t${user.name}\t${user.id}`);
        }
        listed += page.users.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (listed === 0) console.log("No accounts yet. Create the first administrator with: npm run admin -- create --email ...");
      return;
    }
    default:
      throw new Error(`Unknown command "${command}".\n\n${usage}`);
  }
}

// Close the database, Redis and the hashing threads, or the process would wait on them.
main()
  .then(runShutdownHooks)
  .catch((error) => {
    if (error instanceof AppError && error.fieldErrors) {
      for (const [field, messages] of Object.entries(error.fieldErrors)) console.error(`${field}: ${messages.join(" ")}`);
    } else {
      console.error(error instanceof Error ? error.message : String(error));
    }
    process.exit(1);
  });
