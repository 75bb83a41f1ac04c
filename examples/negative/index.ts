// `MISTAKE=<name> pulumi preview` previews one mistake; without it, all (the engine reports the first it refuses).
import { negativeProgram } from "./program";

export = negativeProgram(process.env.MISTAKE);
