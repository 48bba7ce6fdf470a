package dev.mercato.inventory.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.inventory.internal.CachedAvailability;
import dev.mercato.platform.web.ProblemException;

@RestController
class AvailabilityController {

    private final CachedAvailability availability;
    private final AvailabilityBodies bodies;

    AvailabilityController(CachedAvailability availability, AvailabilityBodies bodies) {
        this.availability = availability;
        this.bodies = bodies;
    }

    /**
     * From the availability cache: dropped after every committed change of the SKU's stock (see {@link CachedAvailability}).
     * The body is {@code {"sku":...,"available":...}}, written by {@link AvailabilityBodies} as the cached answer is.
     */
    @GetMapping("/api/availability/{sku}")
    ResponseEntity<byte[]> availability(@PathVariable String sku) {
        if (sku.length() > 64) {
            throw ProblemException.notFound("SKU", sku.substring(0, 64) + "...");
        }
        long units = availability.available(sku).orElseThrow(() -> ProblemException.notFound("SKU", sku));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(bodies.of(sku, units));
    }
}
