// The no-I/O route: the same answer in every app the benchmark measures.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
