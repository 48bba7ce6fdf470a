package dev.mercato.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for admin product routes. */
public final class Products {

    private Products() {
    }

    public static Map<String, Object> product(String title, String brand, String category, String sku, String price) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("description", "A " + title.toLowerCase() + " for testing.");
        body.put("brand", brand);
        body.put("category", category);
        body.put("attributes", Map.of("material", "oak", "dimensions", Map.of("heightCm", 150)));
        body.put("variants", List.of(variant(sku, price)));
        return body;
    }

    public static Map<String, Object> variant(String sku, String price) {
        return Map.of("sku", sku, "title", sku + " variant", "price", price, "currency", "USD", "attributes", Map.of("color", "black"));
    }

    public static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }
}
