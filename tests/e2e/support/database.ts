import { hash } from "@node-rs/argon2";
import postgres from "postgres";

// The e2e server's throwaway database (scripts/e2e-server.ts), for arranging and checking state.
export function e2eDatabase() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url || !/@127\.0\.0\.1:/.test(url)) throw new Error("E2E_DATABASE_URL must be the local e2e database");
  return postgres(url, { max: 1, onnotice: () => {} });
}

/** A client user of the first seeded company, made for one test. */
export async function createClientUser(sql: postgres.Sql, email: string, password: string): Promise<void> {
  const passwordHash = await hash(password);
  await sql`
    INSERT INTO users (email, name, role, company_id, password_hash)
    SELECT ${email}, 'E2E User', 'client', id, ${passwordHash} FROM companies ORDER BY name LIMIT 1
  `;
}
