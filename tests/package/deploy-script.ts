/**
 * The program the fresh project runs: plain CommonJS that requires only what the project
 * installed (pulumi-mailbox and @pulumi/pulumi), as a user's own Automation API script would.
 * It runs the operations named on its command line and prints one JSON line per operation:
 * { op, changes, error? }.
 */
export const DEPLOY_SCRIPT = String.raw`
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const { SharedMailbox, MailboxPermission } = require("pulumi-mailbox");

const good = async () => {
  const desk = new SharedMailbox("desk", { displayName: "Packaged Desk", primarySmtpAddress: "packaged-desk@contoso.com" });
  new MailboxPermission("adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  return { address: desk.primarySmtpAddress };
};
// Refused at plan time: FullAccess cannot be granted to a distribution group.
const refused = async () => {
  new MailboxPermission("group", { mailbox: "reception@contoso.com", trustee: "sales@contoso.com", accessRights: "FullAccess" });
};

async function main() {
  const pulumiCommand = await PulumiCommand.get({ root: process.env.PULUMI_CLI_ROOT });
  const workspace = (program, stackName) => LocalWorkspace.createOrSelectStack(
    { projectName: "mailboxes", stackName, program },
    { workDir: __dirname, pulumiCommand, projectSettings: { name: "mailboxes", runtime: "nodejs" } },
  );
  const configure = async (stack) => stack.setAllConfig({
    "mailbox:endpoint": { value: process.env.TEST_ENDPOINT },
    "mailbox:token": { value: process.env.TEST_TOKEN, secret: true },
  });
  const report = async (op, run) => {
    try {
      const r = await run();
      const changes = r.changeSummary ?? r.summary.resourceChanges;
      console.log(JSON.stringify({ op, changes }));
    } catch (e) {
      console.log(JSON.stringify({ op, error: String(e && e.message || e) }));
    }
  };
  const stack = await workspace(good, "dev");
  await configure(stack);
  const ops = {
    preview: () => stack.preview(),
    up: () => stack.up(),
    "no-change-preview": () => stack.preview({ expectNoChanges: true }),
    destroy: () => stack.destroy(),
    "refused-preview": async () => {
      const bad = await workspace(refused, "refused");
      await configure(bad);
      return bad.preview();
    },
  };
  for (const op of process.argv.slice(2)) await report(op, ops[op]);
}
main().catch((e) => { console.error(e); process.exit(1); });
`;
