// Plain HTTP against the server, with cookies handled by hand so every test
// controls exactly which cookie it sends.

export type ApiResponse = {
  status: number;
  headers: Headers;
  body: any;
  /** The session cookie's `name=value`, if the response set a non-empty one. */
  cookie: string | null;
  setCookies: string[];
};

export async function call(
  baseURL: string,
  method: string,
  path: string,
  options: { json?: unknown; body?: string; cookie?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(baseURL + path, { method, headers, body, redirect: "manual" });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.map((c) => c.split(";")[0]!).find((pair) => /session=./.test(pair)) ?? null;
  return { status: response.status, headers: response.headers, body: parsed, cookie: session, setCookies };
}

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${process.pid}-${Date.now()}-${counter++}@example.test`;
}

export const goodPassword = "correct horse battery staple";

/** Registers a new account and returns its session cookie. */
export async function registerUser(baseURL: string, options: { email?: string; password?: string; name?: string } = {}) {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? goodPassword;
  const response = await call(baseURL, "POST", "/api/auth/register", {
    json: { email, password, name: options.name ?? "Test User" },
  });
  if (response.status !== 201 || !response.cookie) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { email, password, cookie: response.cookie, user: response.body.user };
}

export async function logIn(baseURL: string, email: string, password = goodPassword, extra: { remember?: boolean; cookie?: string } = {}) {
  return call(baseURL, "POST", "/api/auth/login", {
    json: { email, password, ...(extra.remember !== undefined ? { remember: extra.remember } : {}) },
    cookie: extra.cookie,
  });
}
