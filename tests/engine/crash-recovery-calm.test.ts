import { crashRecoveryRuns } from "./crash-recovery-cases";

crashRecoveryRuns("a calm tenant", {}, 8);
