import { InvalidArgumentError } from "commander";

/**
 * commander option parser for a count or a port: `Number("abc")` passed NaN on silently (a NaN
 * interval made `sync` spin); a refusal here reads like commander's own usage errors.
 */
export const wholeNumber = (text: string): number => {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError("Expected a whole number (0, 1, 2, ...).");
  return Number(text);
};
