/** A mailbox's grants as the tenant lists them, one sortable line each: "FullAccess <address> <autoMapping>", "SendAs <address>". */
type GrantView = { accessRights: string; trusteeAddress: string; autoMapping: boolean };
export const grantSummary = (grants: GrantView[]) => grants.map((g) => `${g.accessRights} ${g.trusteeAddress}${g.accessRights === "FullAccess" ? ` ${g.autoMapping}` : ""}`).sort();
