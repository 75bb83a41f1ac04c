// Entry point for `pulumi up` with a full Pulumi install (language host): see README.md.
import { basicProgram } from "./program";

export = basicProgram();
