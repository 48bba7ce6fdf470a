package dev.mercato.inventory.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.inventory.internal.CachedAvailability;
import dev.mercato.platform.web.ProblemException;

@RestController
class AvailabilityController {

    private final CachedAvailability availability;

    AvailabilityController(CachedAvailability availability) {
        this.availability = availability;
    }

    record Availability(String sku, long available) {
    }

    /** From the availability cache: dropped after every committed change of the SKU's stock (see {@link CachedAvailability}). */
    @GetMapping("/api/availability/{sku}")
    Availability availability(@PathVariable String sku) {
        if (sku.length() > 64) {
            throw ProblemException.notFound("SKU", sku.substring(0, 64) + "...");
        }
        return availability.available(sku).map(units -> new Availability(sku, units))
                .orElseThrow(() -> ProblemException.notFound("SKU", sku));
    }
}
