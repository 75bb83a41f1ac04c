import type * as pulumi from "@pulumi/pulumi";

/** A resource's arguments, derived from its zod schema: each field may be a Pulumi Input (a list, of Inputs). */
export type Inputs<T> = {
  [K in keyof T]: InputOf<T[K]>;
};

type InputOf<V> = V extends readonly (infer U)[] ? pulumi.Input<pulumi.Input<U>[]> : pulumi.Input<V>;
