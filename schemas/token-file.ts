/**
 * A file that holds a token must be readable by its owner only: a token file others may read is
 * a token others may use. One rule for the tenant (its development token) and the provider and
 * its command (a token file they read), refused as ssh refuses a private key with such a mode.
 *
 * Pure: the caller stats the file and passes its mode.
 */
export function tokenFileModeProblem(file: string, mode: number, holds = "a token"): string | undefined {
  const perms = mode & 0o777;
  if ((perms & 0o077) === 0) return undefined;
  return `${file} can be read by other users of this machine (mode ${perms.toString(8).padStart(4, "0")}), and it holds ${holds}: run 'chmod 600 ${file}'`;
}
