package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;

import dev.mercato.inventory.InsufficientStockException;
import dev.mercato.inventory.Inventory;
import dev.mercato.inventory.ReservationEngine.Reserved;
import dev.mercato.platform.database.BatchDatabase;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The hot-SKU engine against real PostgreSQL: ordering, failure, sold-out memory, and two nodes at once. */
class CoalescingReservationEngineTests extends ApiTest {

    @Autowired
    CoalescingReservationEngine engine;
    @Autowired
    BatchGrants grants;
    @Autowired
    BatchCompanions companions;
    @Autowired
    BatchDatabase batchDatabase;
    @Autowired
    InventoryMetrics metrics;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    InventorySettings settings;
    @Autowired
    Clock clock;
    @Autowired
    CachedAvailability availability;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired
    Inventory inventory;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ApplicationContext context;
    @Autowired
    StockRows stockRows;
    @Autowired
    dev.mercato.catalog.Catalog catalog;
    @Autowired
    dev.mercato.platform.cache.Caches caches;

    private Shop shop;
    private final Instant later = Instant.now().plus(Duration.ofHours(1));

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @Test
    void grantsInArrivalOrderWhileStockAllowsAndRefusesWhatDoesNotFit() {
        String sku = shop.productWithStock("1.00", 5);
        List<BatchGrants.Request> requests = List.of(request("a", 3), request("b", 3), request("c", 1), request("d", 2), request("e", 1));

        BatchGrants.Outcome outcome = batchDatabase.transactions().execute(tx -> grants.grant(sku, requests, Instant.now()));

        assertThat(outcome.granted()).containsExactly(true, false, true, false, true);
        assertThat(outcome.remaining()).isZero();
        assertThat(held(sku)).isEqualTo(5);
        assertThat(reserved(sku)).isEqualTo(5);
        assertThat(jdbc.sql("SELECT string_agg(owner, ',' ORDER BY owner) FROM holds WHERE sku = :sku").param("sku", sku)
                .query(String.class).single()).isEqualTo("a,c,e");
        assertThat(jdbc.sql("SELECT expires_at FROM holds WHERE sku = :sku AND owner = 'a'").param("sku", sku)
                .query(java.sql.Timestamp.class).single().toInstant())
                .as("the expiry is stored as asked, to the microsecond")
                .isEqualTo(requests.getFirst().expiresAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void holdsWrittenAheadAreKeptWhenTheFirstWarehouseHasRoomForAllOfThem() {
        String sku = shop.productWithStock("1.00", 10, 5);
        BatchGrants.Hint hint = batchDatabase.transactions().execute(tx -> grants.grant(sku, List.of(request("first", 1)), Instant.now())).hint();
        List<BatchGrants.Request> requests = List.of(request("a", 3), request("b", 4), request("c", 2));

        var written = new java.util.concurrent.atomic.AtomicReference<BatchGrants.WrittenAhead>();
        BatchGrants.Outcome outcome = batchDatabase.transactions().execute(tx -> {
            written.set(grants.writeAhead(sku, requests, hint, Instant.now()));
            return grants.grant(sku, requests, Instant.now(), written.get());
        });

        assertThat(outcome.granted()).containsExactly(true, true, true);
        assertThat(jdbc.sql("SELECT id FROM holds WHERE sku = :sku AND owner <> 'first'").param("sku", sku).query(java.util.UUID.class).list())
                .as("the holds written ahead are the ones kept").containsExactlyInAnyOrder(written.get().ids());
        assertThat(outcome.remaining()).isEqualTo(5);
        assertThat(outcome.hint().free()).isZero();
        assertThat(held(sku)).isEqualTo(10);
        assertThat(reserved(sku)).isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(DISTINCT warehouse_id) FROM holds WHERE sku = :sku").param("sku", sku).query(Long.class).single())
                .isEqualTo(1);
    }

    /**
     * The hint is stale (another node sold most of the first warehouse since): the holds written
     * ahead must go, and the batch is granted one by one, in order, across both warehouses.
     */
    @Test
    void holdsWrittenAheadOnAStaleHintAreUndoneAndTheBatchIsGrantedInOrder() {
        String sku = shop.productWithStock("1.00", 10, 2);
        BatchGrants.Hint hint = batchDatabase.transactions().execute(tx -> grants.grant(sku, List.of(request("first", 1)), Instant.now())).hint();
        batchDatabase.transactions().execute(tx -> grants.grant(sku, List.of(request("other-node", 7)), Instant.now()));
        List<BatchGrants.Request> requests = List.of(request("a", 3), request("b", 2), request("c", 1));

        BatchGrants.Outcome outcome = batchDatabase.transactions().execute(tx -> {
            var ahead = grants.writeAhead(sku, requests, hint, Instant.now());
            return grants.grant(sku, requests, Instant.now(), ahead);
        });

        // 2 left in wh-0 and 2 in wh-1: a (3) takes 2 + 1, b (2) does not fit in the 1 left, c (1) does
        assertThat(outcome.granted()).containsExactly(true, false, true);
        assertThat(outcome.remaining()).isZero();
        assertThat(held(sku)).isEqualTo(12);
        assertThat(reserved(sku)).isEqualTo(12);
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku AND owner = 'b'").param("sku", sku).query(Long.class).single())
                .as("no hold written ahead for a refused request survives").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM stock WHERE sku = :sku AND reserved > quantity").param("sku", sku).query(Long.class).single())
                .isZero();
    }

    @Test
    void aBatchKilledMidTransactionGrantsNothingAndAnswersEveryCaller() throws Exception {
        String sku = shop.productWithStock("1.00", 100);
        CoalescingReservationEngine dying = new CoalescingReservationEngine(new BatchGrants(batchDatabase) {
            @Override
            Outcome grant(String s, List<Request> requests, Instant now, WrittenAhead ahead) {
                Outcome outcome = super.grant(s, requests, now, ahead);
                // the connection dies after the holds were written and before the commit
                batchDatabase.jdbc().sql("SELECT pg_terminate_backend(pg_backend_pid())").query(Boolean.class).optional();
                return outcome;
            }
        }, companions, batchDatabase, metrics, events, clock, settings, transactions, availability);
        List<CompletableFuture<Reserved<?>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(dying.submit("doomed-" + i, sku, 1, later));
        }

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        assertThat(answers).allSatisfy(answer -> assertThat(answer).isCompletedExceptionally());
        assertThat(held(sku)).isZero();
        assertThat(reserved(sku)).isZero();
        // the engine and the pool recover: the next batch goes through
        engine.reserve("after-the-crash", sku, 1, later);
        assertThat(held(sku)).isEqualTo(1);
        dying.close();
    }

    /**
     * Commit 8163984: a buyer told "yes" may read availability at once, so the batch drops the SKU's
     * cached level (or, when it sold the last units, publishes the sell-out) before it completes any
     * answer. The probes record, at the moment the cache is dropped and the event is published,
     * whether any buyer of the batch had been answered yet; the batch waits until every buyer's
     * answer is known to the test, so the check does not depend on timing.
     */
    @Test
    void aBatchDropsTheCachedLevelAndPublishesTheSellOutBeforeItAnswersItsBuyers() throws Exception {
        String sku = shop.productWithStock("1.00", 5);
        awaitEventsDeliveredFor(sku);
        List<CompletableFuture<Reserved<?>>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var submitted = new java.util.concurrent.atomic.AtomicReference<>(new java.util.concurrent.CountDownLatch(1));
        CachedAvailability probedAvailability = new CachedAvailability(stockRows, catalog, caches) {
            @Override
            void changed(java.util.Collection<String> skus) {
                seen.add("cache dropped, answered=" + answers.stream().filter(CompletableFuture::isDone).count());
                super.changed(skus);
            }
        };
        ApplicationEventPublisher probedEvents = event -> {
            if (event instanceof dev.mercato.inventory.StockChanged changed && changed.sku().equals(sku)) {
                seen.add("sell-out published, answered=" + answers.stream().filter(CompletableFuture::isDone).count());
            }
            events.publishEvent(event);
        };
        CoalescingReservationEngine probed = new CoalescingReservationEngine(new BatchGrants(batchDatabase) {
            @Override
            Outcome grant(String s, List<Request> requests, Instant now, WrittenAhead ahead) {
                try {
                    submitted.get().await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.grant(s, requests, now, ahead);
            }
        }, companions, batchDatabase, metrics, probedEvents, clock, settings, transactions, probedAvailability);
        try {
            answers.add(probed.submit("left-some", sku, 2, later));
            submitted.get().countDown();
            answers.getFirst().get(30, TimeUnit.SECONDS);
            assertThat(seen).as("a batch that leaves stock").containsExactly("cache dropped, answered=0");

            seen.clear();
            answers.clear();
            submitted.set(new java.util.concurrent.CountDownLatch(1));
            answers.add(probed.submit("took-the-last", sku, 3, later));
            submitted.get().countDown();
            answers.getFirst().get(30, TimeUnit.SECONDS);
            assertThat(seen).as("the batch that sells out").containsExactly("sell-out published, answered=0");
        } finally {
            probed.close();
        }
    }

    @Test
    void soldOutIsAnsweredFromMemoryUntilStockComesBack() {
        String sku = shop.productWithStock("1.00", 3);
        // the restock that created the stock announces "3 available"; heard after the sell-out below,
        // that stale event would rightly lift the mark and let one batch through
        awaitEventsDeliveredFor(sku);
        engine.reserve("first", sku, 3, later);
        assertThatThrownBy(() -> engine.reserve("second", sku, 1, later)).isInstanceOf(InsufficientStockException.class);
        long batches = meters.find("inventory_hold_batch").timer().count();

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> engine.reserve("memory", sku, 1, later)).isInstanceOf(InsufficientStockException.class);
        }
        assertThat(meters.find("inventory_hold_batch").timer().count()).as("no batch ran for the refusals").isEqualTo(batches);

        api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", java.util.Map.of("delta", 2, "reason", "restock"), adminToken());
        // the StockChanged event lifts the mark long before the 500 ms recheck would
        // untilAsserted retries only on AssertionError: without ignoring the refusal, a poll made
        // before the event is heard failed the test at once instead of polling again
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .ignoreException(InsufficientStockException.class).untilAsserted(() -> {
            engine.reserve("after-restock", sku, 1, later);
        });
        assertThat(held(sku)).isEqualTo(4);
    }

    private void awaitEventsDeliveredFor(String sku) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :sku""")
                .param("sku", "%" + sku + "%").query(Long.class).single() == 0);
    }

    /**
     * Two engine instances on one database stand for two nodes. Reserve, release, expire, commit,
     * settle and restock run at once; no schedule may oversell or leak a unit.
     */
    @Test
    void twoNodesUnderARandomScheduleNeverOversellOrLeak() throws Exception {
        List<String> skus = List.of(shop.productWithStock("1.00", 40), shop.productWithStock("1.00", 25, 10),
                shop.productWithStock("1.00", 5));
        CoalescingReservationEngine otherNode = new CoalescingReservationEngine(new BatchGrants(batchDatabase), companions, batchDatabase,
                metrics, events, clock, settings, transactions, availability);
        InventoryJobs jobs = new InventoryJobs(context);
        String admin = adminToken();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger deadlockVictims = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Concurrently.onVirtualThreads(40, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String owner = "owner-" + random.nextInt(12);
            while (System.nanoTime() < deadline) {
                String sku = skus.get(random.nextInt(skus.size()));
                int dice = random.nextInt(100);
                try {
                    if (dice < 55) {
                        (random.nextBoolean() ? engine : otherNode).reserve(owner, sku, 1 + random.nextInt(3), later);
                        granted.incrementAndGet();
                    } else if (dice < 70) {
                        inventory.release(owner, sku, 1 + random.nextInt(3));
                    } else if (dice < 78) {
                        jdbc.sql("""
                                UPDATE holds SET expires_at = now() - interval '1 second' WHERE id IN (
                                    SELECT id FROM holds WHERE state = 'active' AND owner = :owner FOR UPDATE SKIP LOCKED)""")
                                .param("owner", owner).update();
                        jobs.sweepExpiredHolds();
                    } else if (dice < 88) {
                        java.util.UUID order = java.util.UUID.randomUUID();
                        var held = inventory.held(owner);
                        if (!held.isEmpty()) {
                            var line = held.entrySet().iterator().next();
                            context.getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(tx -> {
                                inventory.commitToOrder(owner, java.util.Map.of(line.getKey(), line.getValue().quantity()), order, later);
                                inventory.markSold(order);
                            });
                        }
                    } else if (dice < 94) {
                        jobs.settleSoldHolds();
                    } else {
                        api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", java.util.Map.of("delta", 1 + random.nextInt(4), "reason", "restock"), admin);
                    }
                } catch (InsufficientStockException expected) {
                    // sold out for now
                } catch (org.springframework.dao.PessimisticLockingFailureException victim) {
                    // PostgreSQL aborted this transaction to break a lock cycle; it changed nothing, which the
                    // invariants below check. Routes retry such victims; here they are only counted.
                    deadlockVictims.incrementAndGet();
                }
            }
            return null;
        });
        jobs.settleSoldHolds();
        otherNode.close();

        assertThat(granted.get()).as("the run reserved something").isPositive();
        org.slf4j.LoggerFactory.getLogger(getClass()).info("two-node schedule granted={} deadlockVictims={}", granted.get(),
                deadlockVictims.get());
        String[] array = skus.toArray(String[]::new);
        assertThat(jdbc.sql("SELECT count(*) FROM stock WHERE sku = ANY (:skus) AND NOT (0 <= reserved AND reserved <= quantity)")
                .param("skus", array).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM stock s WHERE s.sku = ANY (:skus) AND s.reserved <> (
                    SELECT coalesce(sum(quantity), 0) FROM holds h WHERE h.sku = s.sku AND h.warehouse_id = s.warehouse_id
                      AND h.state IN ('active', 'committed', 'sold'))""").param("skus", array).query(Long.class).single())
                .as("reserved equals live holds").isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM stock s WHERE s.sku = ANY (:skus) AND s.quantity <> (
                    SELECT coalesce(sum(quantity_delta), 0) FROM stock_movements m WHERE m.sku = s.sku AND m.warehouse_id = s.warehouse_id)""")
                .param("skus", array).query(Long.class).single()).as("ledger replays to quantity").isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM stock s WHERE s.sku = ANY (:skus) AND (SELECT coalesce(sum(quantity), 0) FROM holds h
                    WHERE h.sku = s.sku AND h.warehouse_id = s.warehouse_id AND h.state = 'settled')
                  > (SELECT coalesce(sum(quantity_delta), 0) FROM stock_movements m
                     WHERE m.sku = s.sku AND m.warehouse_id = s.warehouse_id AND m.kind IN ('set', 'adjust', 'restock'))""")
                .param("skus", array).query(Long.class).single()).as("never sold more than was stocked").isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM holds h WHERE h.sku = ANY (:skus)
                  AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.sku = h.sku AND s.warehouse_id = h.warehouse_id)""")
                .param("skus", array).query(Long.class).single()).as("every hold belongs to a stock row").isZero();
    }

    /**
     * Scarce stock, many more buyers, several batches in flight: exactly the first buyers to ask
     * get the units, whichever batch they land in.
     */
    @Test
    void scarceStockGoesToTheEarliestRequestsAcrossBatchesInFlight() throws Exception {
        String sku = shop.productWithStock("1.00", 300);
        awaitEventsDeliveredFor(sku);
        List<CompletableFuture<Reserved<?>>> answers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            answers.add(engine.submit(String.format("buyer-%04d", i), sku, 1, later));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);

        List<Integer> granted = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (!answers.get(i).isCompletedExceptionally()) {
                granted.add(i);
            }
        }
        assertThat(granted).hasSize(300).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 300).boxed().toList());
        assertThat(held(sku)).isEqualTo(300);
        assertThat(reserved(sku)).isEqualTo(300);
        assertThat(answers.subList(300, answers.size())).allSatisfy(answer -> assertThatThrownBy(answer::join)
                .hasCauseInstanceOf(InsufficientStockException.class));
    }

    private static BatchGrants.Request request(String owner, int quantity) {
        return new BatchGrants.Request(owner, quantity, Instant.now().plus(Duration.ofHours(1)));
    }

    private long held(String sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE sku = :sku AND state = 'active'").param("sku", sku)
                .query(Long.class).single();
    }

    private long reserved(String sku) {
        return jdbc.sql("SELECT coalesce(sum(reserved), 0) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single();
    }
}
