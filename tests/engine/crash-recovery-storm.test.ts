import { STORM } from "../../bench/crash-recovery";
import { crashRecoveryRuns } from "./crash-recovery-cases";

crashRecoveryRuns("a storm (50 % 429, 20 % 503)", STORM, 40);
