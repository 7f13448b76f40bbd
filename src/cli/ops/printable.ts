/**
 * Terminal-safe text. Values the CLI prints come from channels, files, the database and the
 * command line; a control character among them would reach the terminal as a command (ESC [2J
 * clears the screen, ESC ] 0; sets the window title, CR overwrites what the line said). Every
 * human-readable value goes through `printable` (or `term`, or `printableDeep` for a whole view)
 * before it is written, so C0 and C1 controls and DEL show as escapes: ESC as `\x1b`, BEL as
 * `\x07`, CR as `\r`. Newlines and tabs in a value are escaped too; only the layout's own newlines
 * (the literal parts of `term`, the joins between lines) stay. The escaping is idempotent (its
 * output holds no control character), so a value escaped twice reads the same.
 * `--json` output needs none of this: JSON.stringify escapes C0 controls itself.
 */
// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F, e.g. U+009B, an 8-bit CSI).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

const escapeControl = (c: string): string => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** One value as a single line of terminal-safe text. */
export const printable = (value: unknown): string => String(value).replace(CONTROL, escapeControl);

/** Text whose newlines are layout (an error message listing problems, pretty-printed JSON): each line made safe, the newlines kept. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n");

/** Template tag: the literal parts are our layout and kept as written; every interpolated value is escaped. */
export const term = (strings: TemplateStringsArray, ...values: unknown[]): string =>
  strings.reduce((out, s, i) => out + s + (i < values.length ? printable(values[i]) : ""), "");

/** A copy of a view with every string in it (at any depth) made printable, for a renderer that formats the view as text. */
export const printableDeep = <T>(value: T): T => {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => printableDeep(v)) as T;
  if (value !== null && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])) as T;
  }
  return value;
};
