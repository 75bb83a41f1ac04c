import { negativeProgram } from "./program";

export = negativeProgram();
