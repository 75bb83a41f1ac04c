/** Parsing a command's arguments; a mistake is a UsageError, caught before any call. */
import { InvalidArgumentError } from "commander";
import { z } from "zod";
import { AccessRight, RecipientType } from "pulumi-mailbox/schemas/common";
import { UpdateMailboxBody } from "pulumi-mailbox/schemas/shared-mailbox";
import { TenantError } from "pulumi-mailbox/client";

/** A user's mistake caught before any call: printed as one line, exit 1. */
export class UsageError extends TenantError {
  constructor(message: string, field?: string) {
    super(400, "ValidationFailed", message, field);
  }
}

export function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    }
    return n;
  };
}

export function parseRight(value: string): AccessRight {
  const key = value.replace(/[^A-Za-z]/g, "").toLowerCase();
  const right = AccessRight.options.find((r) => r.toLowerCase() === key);
  if (!right) throw new UsageError(`"${value}" is not a right: use ${AccessRight.options.join(", ")}`, "right");
  return right;
}

export function parseType(value: string): RecipientType {
  const type = RecipientType.options.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!type) throw new InvalidArgumentError(`use one of ${RecipientType.options.join(", ")}`);
  return type;
}

// set <identity> <field> <value>: the value is parsed by UpdateMailboxBody's field schema

type UpdateField = keyof z.infer<typeof UpdateMailboxBody>;

function fieldKind(field: UpdateField): string {
  let schema = UpdateMailboxBody.shape[field] as z.ZodType;
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    schema = (schema as z.ZodOptional<z.ZodType>).unwrap();
  }
  return schema.def.type;
}

export function parseUpdate(fieldName: string, raw: string): z.infer<typeof UpdateMailboxBody> {
  const fields = Object.keys(UpdateMailboxBody.shape) as UpdateField[];
  const field = fields.find((f) => f.toLowerCase() === fieldName.toLowerCase());
  if (!field) throw new UsageError(`"${fieldName}" is not a mailbox field: use one of ${fields.join(", ")}`, "field");
  let value: unknown = raw;
  switch (fieldKind(field)) {
    case "boolean": {
      const v = raw.trim().toLowerCase();
      if (["true", "yes", "on", "1"].includes(v)) value = true;
      else if (["false", "no", "off", "0"].includes(v)) value = false;
      else throw new UsageError(`must be true or false, not "${raw}"`, field);
      break;
    }
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`must be a number, not "${raw}"`, field);
      value = n;
      break;
    }
    case "array":
      value = raw.split(/[,;\s]+/).filter((s) => s !== "");
      break;
  }
  const checked = UpdateMailboxBody.safeParse({ [field]: value });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(issue.message, issue.path.join(".") || field);
  }
  return checked.data;
}
