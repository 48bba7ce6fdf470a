package dev.mercato.inventory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds sold holds into the stock rows in batches: quantity and reserved both drop by the units
 * sold, so what is available does not move. Checkout only marks holds; doing the stock-row update
 * here, once per batch, is what keeps a hot SKU's row out of every order's transaction.
 */
@Component
class HoldSettler {

    private final HoldRows holds;
    private final StockRows stock;
    private final Ledger ledger;
    private final TransactionTemplate transactions;
    private final InventorySettings settings;
    private final Clock clock;

    HoldSettler(HoldRows holds, StockRows stock, Ledger ledger, TransactionTemplate transactions,
            InventorySettings settings, Clock clock) {
        this.holds = holds;
        this.stock = stock;
        this.ledger = ledger;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = InventorySettings.SETTLE_INTERVAL, fixedDelayString = InventorySettings.SETTLE_INTERVAL)
    void scheduledSettle() {
        settle();
    }

    /** Settles every sold hold; returns how many. */
    int settle() {
        int total = 0;
        int batch;
        do {
            batch = transactions.execute(tx -> settleBatch());
            total += batch;
        } while (batch == settings.settleBatchSize());
        return total;
    }

    private int settleBatch() {
        List<HoldRows.Hold> sold = holds.lockSold(settings.settleBatchSize());
        if (sold.isEmpty()) {
            return 0;
        }
        Map<StockKey, Long> units = new TreeMap<>();
        sold.forEach(hold -> units.merge(hold.stock(), (long) hold.quantity(), Long::sum));
        stock.lockInOrder(units.keySet());
        units.forEach(stock::settle);
        // one ledger line per hold keeps the order reference, so units sold can be traced to orders
        sold.forEach(hold -> ledger.record(hold.stock(), -hold.quantity(), -hold.quantity(), "sale", null, "order:" + hold.orderId()));
        holds.changeStates(Reservations.ids(sold), "settled", clock.instant());
        return sold.size();
    }
}
