/** GraphQL documents the connector sends (https://shopify.dev/docs/api/admin-graphql/latest/queries/orders). */
export const LINE_ITEMS_FIRST = 20;

const ORDER_FIELDS = `
  id legacyResourceId name createdAt updatedAt cancelledAt closedAt currencyCode presentmentCurrencyCode
  totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
  shippingAddress { name company address1 address2 city provinceCode zip countryCodeV2 phone }
  lineItems(first: ${LINE_ITEMS_FIRST}) {
    pageInfo { hasNextPage }
    nodes { id sku name quantity currentQuantity unfulfilledQuantity requiresShipping isGiftCard variant { id }
      originalUnitPriceSet { shopMoney { amount currencyCode } } }
  }`;

export const ORDERS_QUERY = `query OrdersSince($first: Int!, $after: String, $q: String!) {
  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS} }
  }
}`;

export const FULFILLMENT_ORDERS_QUERY = `query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) { id fulfillmentOrders(first: 10) { nodes { id status } } }
}`;

export const HOLD_MUTATION = `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) { fulfillmentOrder { id status } userErrors { field message } }
}`;

export const RELEASE_MUTATION = `mutation Release($id: ID!) {
  fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { id status } userErrors { field message } }
}`;

/** Shopify prices a connection at about 2 + first × (cost of one node) (api-formats.md §1.6). */
export const ordersQueryCost = (first: number): number => 2 + first * (3 + 2 + LINE_ITEMS_FIRST);
