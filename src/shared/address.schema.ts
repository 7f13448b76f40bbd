import { z } from "zod";

/** The wire and file shape of a postal address (the domain's Address), checked at every boundary. */
export const AddressSchema = z.object({
  name: z.string().optional(),
  company: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().optional(),
});
