package dev.mercato.catalog.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Brands, identified by the slug of their name so "Acme" and "ACME" are one brand. Cached like {@link Categories}. */
@Repository
class Brands {

    private final JdbcClient jdbc;
    private final Map<String, Long> idsBySlug = new ConcurrentHashMap<>();

    Brands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates missing brands; returns brand name (as given) -> id. */
    Map<String, Long> ensure(Collection<String> names) {
        Map<String, Long> ids = new HashMap<>();
        for (String name : names) {
            ids.computeIfAbsent(name, this::ensureOne);
        }
        return ids;
    }

    private long ensureOne(String name) {
        String slug = Slugs.of(name);
        Long known = idsBySlug.get(slug);
        if (known != null) {
            return known;
        }
        jdbc.sql("INSERT INTO brands (name, slug) VALUES (:name, :slug) ON CONFLICT (slug) DO NOTHING")
                .param("name", name.trim()).param("slug", slug)
                .update();
        long id = jdbc.sql("SELECT id FROM brands WHERE slug = :slug").param("slug", slug).query(Long.class).single();
        idsBySlug.put(slug, id);
        return id;
    }

    Optional<Long> findId(String nameOrSlug) {
        return jdbc.sql("SELECT id FROM brands WHERE slug = :slug").param("slug", Slugs.of(nameOrSlug))
                .query(Long.class).optional();
    }
}
