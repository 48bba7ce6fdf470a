package dev.mercato.inventory;

import org.springframework.http.HttpStatus;

import dev.mercato.platform.web.ProblemException;

/** Fewer units are available than asked for; nothing was held. Answered as 409 {@code insufficient-stock}. */
public class InsufficientStockException extends ProblemException {

    private final String sku;
    private final long available;

    public InsufficientStockException(String sku, long requested, long available) {
        super(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
                "Only " + available + " of " + sku + " available, " + requested + " requested");
        this.sku = sku;
        this.available = available;
        with("sku", sku).with("requested", requested).with("available", available);
    }

    public String sku() {
        return sku;
    }

    public long available() {
        return available;
    }
}
