import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/app/components/local-time";
import { getStats, listUsers, listUsersQuery } from "@/lib/admin";
import { requireUser } from "@/lib/require-user";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireUser({ role: "admin" });
  const params = listUsersQuery.safeParse(await searchParams);
  const query = params.success ? params.data : { limit: 20 };
  const [{ users, nextCursor }, stats] = await Promise.all([listUsers(query), getStats()]);
  const search = "query" in query ? (query.query ?? "") : "";

  return (
    <main>
      <h1>Users</h1>
      <p className="muted" data-testid="stats">
        {stats.users} accounts · {stats.activeSessions} active sessions · {stats.signInsLast24h} sign-ins in the last 24 hours
      </p>
      <form method="get" action="/admin/users" className="search" role="search">
        <label htmlFor="user-search">Search by email or name</label>
        <input id="user-search" type="text" name="query" defaultValue={search} />
        <button type="submit">Search</button>
      </form>
      {users.length === 0 ? (
        <p>No accounts match.</p>
      ) : (
        <table className="users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
                </td>
                <td>{user.name}</td>
                <td>{user.role}</td>
                <td>{user.disabledAt ? "disabled" : "active"}</td>
                <td>
                  <LocalTime date={user.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <p>
          <Link href={`/admin/users?${new URLSearchParams({ ...(search ? { query: search } : {}), cursor: nextCursor })}`}>Next page</Link>
        </p>
      )}
    </main>
  );
}
