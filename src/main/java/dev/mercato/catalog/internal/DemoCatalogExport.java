package dev.mercato.catalog.internal;

import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the demo catalog to a JSONL import file without starting Mercato, so it can run beside a
 * running server (which holds the data and index directories). Arguments: {@code <products> <file>
 * [seed]}; the same seed gives the same catalog as {@code --mercato.demo.products} loads.
 */
public final class DemoCatalogExport {

    private DemoCatalogExport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DemoCatalogExport <products> <file> [seed]");
            System.exit(2);
        }
        int products = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        new DemoCatalogFilesImpl(JsonMapper.builder().build()).writeJsonLines(file, products, seed);
        System.out.println("demo catalog exported products=" + products + " file=" + file.toAbsolutePath());
    }
}
