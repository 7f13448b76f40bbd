/**
 * What one waiting order line still needs from purchase orders, when the facts come from several
 * documents that no transaction keeps in step (MongoDB 6+ and FerretDB 1.x alike, see DESIGN):
 *
 * - `recorded`: the backorder line's quantity;
 * - `evaluated`: the line's shortfall on the order's evaluation (absent if the evaluation does not
 *   know the line yet), and `intended`: its shortfall in an evaluation recorded but not finished;
 * - `inFlight`: units a supplier event has already taken off a PO's covers for this line but has
 *   not yet handed to the order (the receipt is half applied, or its worker died in between).
 *
 * A step that writes these in sequence leaves, for a moment, one of them ahead of the others. The
 * smallest reading is taken: buying too little is put right by the next window, while buying too
 * much is a second purchase of the same demand, which nothing can undo.
 */
export interface LineNeedFacts {
  recorded: number;
  evaluated?: number | undefined;
  intended?: number | undefined;
  inFlight: number;
}

export const liveNeed = (f: LineNeedFacts): number => {
  const short = Math.min(f.recorded, f.evaluated ?? Infinity, f.intended ?? Infinity);
  return Math.max(0, short - f.inFlight);
};

/** A decided grant of a supplier event: units for one order line, not yet given when `given` is false. */
export interface DecidedGrant {
  order: string;
  line: string;
  quantity: number;
  given: boolean;
}

/** Units per `order#line` that supplier events took off POs and have not handed over yet. */
export const inFlightGrants = (grants: readonly DecidedGrant[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const g of grants) if (!g.given && g.quantity > 0) out.set(`${g.order}#${g.line}`, (out.get(`${g.order}#${g.line}`) ?? 0) + g.quantity);
  return out;
};
