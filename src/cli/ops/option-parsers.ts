import { InvalidArgumentError } from "commander";

/**
 * commander option parser for a count or a port: `Number("abc")` passed NaN on silently (a NaN
 * interval made `sync` spin); a refusal here reads like commander's own usage errors.
 */
export const wholeNumber = (text: string): number => {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError("Expected a whole number (0, 1, 2, ...).");
  return Number(text);
};

/** A TCP port to listen on; 0 lets the system pick a free one. Past 65535 listen() throws a RangeError with a stack. */
export const portNumber = (text: string): number => {
  const n = wholeNumber(text);
  if (n > 65_535) throw new InvalidArgumentError("Expected a port from 0 to 65535 (0 = any free port).");
  return n;
};
