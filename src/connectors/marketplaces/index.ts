// Public surface of the marketplace mappers and connectors: others import from here only.
export { parseMoneyMinor, formatMinor, minorDigits } from "./money.js";
export type { MapResult, MapOne, Rejection, Deferral } from "./map-result.js";
export { mapShopifyRestOrder, mapShopifyRestOrders, mapShopifyGraphqlOrder, mapShopifyGraphqlOrders } from "./shopify/shopify.mapper.js";
export { parseShopifyOrdersCsv } from "./shopify/shopify-csv.mapper.js";
export { mapAmazonOrder2026, mapAmazonOrders2026, mapAmazonV0Order } from "./amazon/amazon.mapper.js";
export { parseAmazonAllOrdersTsv } from "./amazon/amazon-tsv.mapper.js";
