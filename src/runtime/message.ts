/**
 * A message for the user as a template with `{slot}`s and their values, so the UI can show it in the user's
 * language (`t(template, vars)`); `text` is the English.
 */
export interface UserMessage {
  template: string;
  vars: Record<string, string | number>;
}

export function fill({ template, vars }: UserMessage): string {
  let out = template;
  for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, String(v));
  return out;
}

/** `102.4 MB`-style sizes for messages. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
