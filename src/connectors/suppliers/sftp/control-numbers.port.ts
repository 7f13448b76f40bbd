/**
 * X12 interchange control numbers (ISA13, reused as GS06/ST02): unique per trading partner over
 * time (api-formats.md §3.1), and one per PO, so a resent 850 carries the number it had the first
 * time (field report C12: one interchange control number per PO revision).
 */
export interface X12ControlNumbers {
  forPo(partner: string, poNumber: string): Promise<number>;
}
