import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { LoadedConfig } from "../../config/load-config.js";
import type { MarketplaceConnector, SupplierTransport } from "../../domain/ports.js";
import type { OrderRepository } from "../../persistence/orders/order.repository.js";
import type { BackorderRepository } from "../../persistence/pipeline/backorder.repository.js";
import type { EvaluationRepository } from "../../persistence/pipeline/evaluation.repository.js";
import type { EventRepository } from "../../persistence/pipeline/event.repository.js";
import type { OfferRepository } from "../../persistence/pipeline/offer.repository.js";
import type { PurchaseOrderRepository } from "../../persistence/pipeline/purchase-order.repository.js";
import type { StockRepository } from "../../persistence/pipeline/stock.repository.js";
import type { LeaseRepository } from "../../persistence/pipeline/lease.repository.js";
import type { SupplierEventRepository } from "../../persistence/pipeline/supplier-event.repository.js";
import type { ChannelSyncPayload, EvaluatePayload, PushPayload } from "../payloads.js";

/** What the pipeline steps need; built once in src/main.ts. */
export interface PipelineDeps {
  config: LoadedConfig;
  redis: Redis;
  log: Logger;
  now: () => Date;
  orders: OrderRepository;
  evaluations: EvaluationRepository;
  stock: StockRepository;
  backorders: BackorderRepository;
  purchaseOrders: PurchaseOrderRepository;
  offers: OfferRepository;
  events: EventRepository;
  supplierEvents: SupplierEventRepository;
  leases: LeaseRepository;
  connector: (channel: string) => MarketplaceConnector | undefined;
  transport: (vendor: string) => SupplierTransport;
  next: {
    evaluate: (p: EvaluatePayload & { force?: string }) => Promise<void>;
    push: (p: PushPayload) => Promise<void>;
    channelSync: (p: ChannelSyncPayload) => Promise<void>;
  };
}
