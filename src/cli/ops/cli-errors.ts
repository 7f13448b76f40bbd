/** Arguments we cannot use: the command exits 2 and names the problem. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
