import { existsSync, readFileSync, writeFileSync, chmodSync, statSync } from "node:fs";
import { tokenFileModeProblem } from "pulumi-mailbox/schemas/token-file";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { Role } from "pulumi-mailbox/schemas/common";
import { StartError } from "./errors";

export type TokenTable = Record<string, { principal: string; role: Role }>;

const TokenTableSchema = z.record(z.string().min(1), z.object({ principal: z.string().min(1), role: Role }));

/** Principal of the development token generated when no tokens are configured. */
export const DEV_PRINCIPAL = "dev-admin";

/**
 * The tokens in force: the options' tokens, else env TENANT_TOKENS (JSON of the same shape), else
 * a development GlobalAdmin token generated once and kept in `<dataFile>.token` (mode 0600).
 */
export function resolveTokens(dataFile: string, given: TokenTable | undefined, env: NodeJS.ProcessEnv = process.env): TokenTable {
  if (given && Object.keys(given).length > 0) return TokenTableSchema.parse(given);
  if (env.TENANT_TOKENS && env.TENANT_TOKENS.trim() !== "") {
    let raw: unknown;
    try {
      raw = JSON.parse(env.TENANT_TOKENS);
    } catch (err) {
      throw new StartError(`TENANT_TOKENS is not JSON: ${(err as Error).message}`);
    }
    const parsed = TokenTableSchema.safeParse(raw);
    if (!parsed.success) throw new StartError(`TENANT_TOKENS: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
    if (Object.keys(parsed.data).length > 0) return parsed.data;
  }
  if (dataFile === ":memory:") return { [randomBytes(24).toString("base64url")]: { principal: DEV_PRINCIPAL, role: "GlobalAdmin" } };
  const tokenFile = `${dataFile}.token`;
  if (existsSync(tokenFile)) refuseSharedTokenFile(tokenFile);
  let token = existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "";
  if (token === "") {
    token = randomBytes(24).toString("base64url");
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    chmodSync(tokenFile, 0o600);
  }
  return { [token]: { principal: DEV_PRINCIPAL, role: "GlobalAdmin" } };
}

/**
 * A token file others may read is a token others may use: refused, as ssh refuses a private key
 * with such a mode, with what to do.
 */
function refuseSharedTokenFile(file: string): void {
  const problem = tokenFileModeProblem(file, statSync(file).mode, "an administrator's token");
  if (problem) throw new StartError(`${problem}, or delete it to have a new token made`);
}
