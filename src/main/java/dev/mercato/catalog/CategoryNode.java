package dev.mercato.catalog;

import java.util.List;

/** One category of the tree with its sub-categories; {@code path} identifies it in filters. */
public record CategoryNode(String id, String name, String path, List<CategoryNode> children) {
}
