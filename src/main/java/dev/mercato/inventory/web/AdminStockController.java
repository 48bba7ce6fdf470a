package dev.mercato.inventory.web;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.inventory.internal.StockAdmin;

@RestController
class AdminStockController {

    private final StockAdmin admin;

    AdminStockController(StockAdmin admin) {
        this.admin = admin;
    }

    record NewWarehouse(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String code,
            @NotBlank @Size(max = 200) String name,
            @Min(0) @Max(1_000_000) Integer priority) {
    }

    record QuantityChange(@NotNull @Min(0) @Max(1_000_000_000) Long quantity, @Size(max = 500) String reason) {
    }

    record Adjustment(@NotNull @Min(-1_000_000_000) @Max(1_000_000_000) Long delta, @NotBlank @Size(max = 500) String reason) {
    }

    @PostMapping("/api/admin/warehouses")
    ResponseEntity<StockAdmin.Warehouse> createWarehouse(@Valid @RequestBody NewWarehouse request) {
        var warehouse = admin.createWarehouse(request.code(), request.name().trim(), request.priority() == null ? 100 : request.priority());
        return ResponseEntity.created(URI.create("/api/admin/warehouses/" + warehouse.code())).body(warehouse);
    }

    @GetMapping("/api/admin/warehouses")
    List<StockAdmin.Warehouse> warehouses() {
        return admin.warehouses();
    }

    @PutMapping("/api/admin/stock/{sku}/{warehouseCode}")
    StockAdmin.StockLevel setQuantity(@PathVariable String sku, @PathVariable String warehouseCode,
            @Valid @RequestBody QuantityChange request) {
        return admin.setQuantity(sku, warehouseCode, request.quantity(), request.reason());
    }

    @PostMapping("/api/admin/stock/{sku}/{warehouseCode}/adjustments")
    StockAdmin.StockLevel adjust(@PathVariable String sku, @PathVariable String warehouseCode,
            @Valid @RequestBody Adjustment request) {
        return admin.adjust(sku, warehouseCode, request.delta(), request.reason());
    }

    @GetMapping("/api/admin/stock/{sku}")
    List<StockAdmin.StockLevel> levels(@PathVariable String sku) {
        return admin.levels(sku);
    }
}
