// Runs once when the Next server starts: open the database and apply pending migrations before the first
// request, so a schema problem stops the start instead of failing a user's request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getProcessDatabase } = await import("./server/db/process-database");
  await getProcessDatabase();
}
