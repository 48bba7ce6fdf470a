package dev.mercato.inventory.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.catalog.Catalog;
import dev.mercato.inventory.Inventory;
import dev.mercato.platform.web.ProblemException;

@RestController
class AvailabilityController {

    private final Inventory inventory;
    private final Catalog catalog;

    AvailabilityController(Inventory inventory, Catalog catalog) {
        this.inventory = inventory;
        this.catalog = catalog;
    }

    record Availability(String sku, long available) {
    }

    @GetMapping("/api/availability/{sku}")
    Availability availability(@PathVariable String sku) {
        if (sku.length() > 64 || catalog.sku(sku).isEmpty()) {
            throw ProblemException.notFound("SKU", sku.length() > 64 ? sku.substring(0, 64) + "..." : sku);
        }
        return new Availability(sku, inventory.available(sku));
    }
}
