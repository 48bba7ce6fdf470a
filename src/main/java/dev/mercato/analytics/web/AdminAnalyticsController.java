package dev.mercato.analytics.web;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.analytics.internal.SalesReports;

@RestController
class AdminAnalyticsController {

    private final SalesReports reports;

    AdminAnalyticsController(SalesReports reports) {
        this.reports = reports;
    }

    /** Orders, units and revenue per bucket (UTC), in total or for one SKU, net of cancellations and refunds. */
    @GetMapping("/api/admin/analytics/sales")
    Map<String, List<SalesReports.SalesPoint>> sales(
            @RequestParam(required = false) @Size(max = 40) String from,
            @RequestParam(required = false) @Size(max = 40) String to,
            @RequestParam(defaultValue = "hour") @Pattern(regexp = "hour|day", message = "must be hour or day") String granularity,
            @RequestParam(required = false) @Size(min = 1, max = 100) String sku) {
        return Map.of("points", reports.sales(from, to, granularity, sku));
    }

    @GetMapping("/api/admin/analytics/top-products")
    Map<String, List<SalesReports.TopProduct>> topProducts(
            @RequestParam(required = false) @Size(max = 40) String from,
            @RequestParam(required = false) @Size(max = 40) String to,
            @RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        return Map.of("items", reports.topProducts(from, to, limit));
    }
}
