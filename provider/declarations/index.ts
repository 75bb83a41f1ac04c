/** YAML declarations: the plan (names, inputs, mistakes; no I/O), reading YAML, and declaring the resources. */
export * from "./plan";
export * from "./yaml";
export * from "./load";
