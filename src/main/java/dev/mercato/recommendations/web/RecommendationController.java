package dev.mercato.recommendations.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.recommendations.internal.RecommendationRebuild;
import dev.mercato.recommendations.internal.RecommendedProducts;

@RestController
class RecommendationController {

    private final RecommendedProducts recommended;
    private final RecommendationRebuild rebuild;

    RecommendationController(RecommendedProducts recommended, RecommendationRebuild rebuild) {
        this.recommended = recommended;
        this.rebuild = rebuild;
    }

    /** "Customers also bought" for an active product (404 for an unknown or inactive one). */
    @GetMapping("/api/products/{idOrSlug}/recommendations")
    Map<String, List<ProductSummary>> recommendations(@PathVariable String idOrSlug,
            @RequestParam(defaultValue = "20") @Min(1) @Max(20) int limit) {
        if (idOrSlug.length() > 120) {
            throw ProblemException.notFound("product", idOrSlug.substring(0, 40) + "...");
        }
        return Map.of("items", recommended.of(idOrSlug, limit).orElseThrow(() -> ProblemException.notFound("product", idOrSlug)));
    }

    /** Runs the nightly rebuild now, in the background; progress at the job's location. */
    @PostMapping("/api/admin/recommendations/rebuild")
    ResponseEntity<Map<String, String>> rebuild(@AuthenticationPrincipal Caller caller) {
        JobId job = rebuild.start(caller.customerId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/jobs/" + job))
                .body(Map.of("jobId", job.toString()));
    }
}
