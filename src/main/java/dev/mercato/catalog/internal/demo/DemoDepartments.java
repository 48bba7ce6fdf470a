package dev.mercato.catalog.internal.demo;

import java.util.List;
import java.util.Map;

/**
 * The demo category tree: department -> section -> leaf categories, with what the products of each
 * department are made of and how much they cost. About 230 categories in all.
 */
final class DemoDepartments {

    private DemoDepartments() {
    }

    record Department(String slug, double basePrice, List<String> materials, List<String> features,
            Map<String, List<String>> sections) {
    }

    static final List<Department> ALL = List.of(
            new Department("electronics", 120, List.of("Aluminium", "Matte Black", "Graphite", "Silver", "Carbon"),
                    List.of("Wireless", "Bluetooth 5.3", "Noise-Cancelling", "4K", "Smart", "Fast-Charging", "Portable"),
                    Map.of("audio", List.of("headphones", "earbuds", "speakers", "soundbars", "turntables", "amplifiers"),
                            "tv-video", List.of("televisions", "projectors", "streaming-devices", "tv-mounts"),
                            "computers", List.of("laptops", "monitors", "keyboards", "mice", "webcams", "docking-stations"),
                            "phones", List.of("smartphones", "phone-cases", "chargers", "power-banks"),
                            "cameras", List.of("mirrorless-cameras", "lenses", "tripods", "action-cameras"),
                            "gaming", List.of("consoles", "controllers", "gaming-headsets", "gaming-chairs"))),
            new Department("home", 80, List.of("Oak", "Walnut", "Linen", "Brass", "Ceramic", "Velvet", "Rattan"),
                    List.of("Minimalist", "Scandinavian", "Mid-Century", "Handcrafted", "Modular", "Vintage"),
                    Map.of("lighting", List.of("floor-lamps", "table-lamps", "ceiling-lights", "string-lights", "wall-lights"),
                            "furniture", List.of("sofas", "armchairs", "dining-tables", "coffee-tables", "beds", "bookshelves"),
                            "decor", List.of("rugs", "mirrors", "vases", "candles", "wall-art", "clocks"),
                            "bedding", List.of("sheets", "pillows", "duvets", "blankets"),
                            "bath", List.of("towels", "bath-mats", "shower-curtains"))),
            new Department("kitchen", 45, List.of("Stainless Steel", "Cast Iron", "Copper", "Bamboo", "Stoneware", "Glass"),
                    List.of("Non-Stick", "Dishwasher-Safe", "Induction-Ready", "Professional", "Compact", "Programmable"),
                    Map.of("cookware", List.of("frying-pans", "saucepans", "dutch-ovens", "woks", "baking-trays"),
                            "appliances", List.of("blenders", "coffee-makers", "toasters", "kettles", "air-fryers", "stand-mixers"),
                            "cutlery", List.of("chef-knives", "knife-sets", "cutting-boards"),
                            "tableware", List.of("plates", "glasses", "mugs", "bowls"),
                            "storage", List.of("food-containers", "jars", "spice-racks"))),
            new Department("fashion", 55, List.of("Cotton", "Merino Wool", "Denim", "Leather", "Silk", "Recycled Polyester"),
                    List.of("Slim-Fit", "Relaxed", "Classic", "Organic", "Water-Resistant", "Lightweight"),
                    Map.of("women", List.of("dresses", "tops", "jeans", "jackets", "skirts", "knitwear"),
                            "men", List.of("shirts", "trousers", "jackets", "suits", "t-shirts", "hoodies"),
                            "shoes", List.of("sneakers", "boots", "sandals", "loafers"),
                            "accessories", List.of("bags", "watches", "sunglasses", "belts", "scarves", "wallets"))),
            new Department("sports", 60, List.of("Carbon Fibre", "Nylon", "Neoprene", "Aluminium", "Rubber", "Mesh"),
                    List.of("Breathable", "Ultralight", "Pro", "Adjustable", "Foldable", "All-Weather"),
                    Map.of("fitness", List.of("dumbbells", "yoga-mats", "resistance-bands", "kettlebells", "treadmills"),
                            "cycling", List.of("road-bikes", "helmets", "bike-lights", "cycling-jerseys"),
                            "running", List.of("running-shoes", "running-shorts", "running-watches"),
                            "outdoor", List.of("tents", "backpacks", "sleeping-bags", "hiking-boots", "headlamps"),
                            "team-sports", List.of("footballs", "basketballs", "tennis-rackets"))),
            new Department("garden", 50, List.of("Galvanised Steel", "Teak", "Resin", "Terracotta", "Acacia"),
                    List.of("Weatherproof", "Heavy-Duty", "Ergonomic", "Solar", "Stackable"),
                    Map.of("garden-tools", List.of("pruners", "shovels", "hoses", "lawn-mowers", "leaf-blowers"),
                            "plants", List.of("seeds", "planters", "raised-beds"),
                            "outdoor-furniture", List.of("loungers", "parasols", "garden-benches", "hammocks"),
                            "grills", List.of("gas-grills", "charcoal-grills", "grill-accessories"))),
            new Department("toys", 30, List.of("Wooden", "Plush", "Plastic", "Magnetic", "Felt"),
                    List.of("Educational", "Classic", "Interactive", "Creative", "Montessori"),
                    Map.of("building", List.of("building-blocks", "construction-sets", "marble-runs"),
                            "dolls-figures", List.of("dolls", "action-figures", "dollhouses"),
                            "games", List.of("puzzles", "board-games", "card-games"),
                            "outdoor-play", List.of("scooters", "kites", "sandpit-toys"))),
            new Department("beauty", 28, List.of("Vitamin C", "Hyaluronic", "Argan Oil", "Shea Butter", "Niacinamide", "Rose"),
                    List.of("Vegan", "Fragrance-Free", "Hydrating", "Long-Lasting", "Dermatologist-Tested"),
                    Map.of("skincare", List.of("cleansers", "moisturizers", "serums", "sunscreens", "face-masks"),
                            "makeup", List.of("lipsticks", "mascaras", "foundations", "eyeshadow-palettes"),
                            "haircare", List.of("shampoos", "conditioners", "hair-dryers", "straighteners"),
                            "fragrance", List.of("eau-de-parfum", "eau-de-toilette", "body-mists"))),
            new Department("office", 40, List.of("Recycled Paper", "Beech", "Steel", "Mesh", "Leatherette"),
                    List.of("Ergonomic", "Height-Adjustable", "Refillable", "Wireless", "Compact"),
                    Map.of("stationery", List.of("notebooks", "pens", "planners", "desk-organisers"),
                            "office-furniture", List.of("standing-desks", "office-chairs", "filing-cabinets"),
                            "printing", List.of("printers", "ink-cartridges", "label-makers"))),
            new Department("automotive", 65, List.of("Microfibre", "Chrome", "Rubber", "ABS", "Steel"),
                    List.of("Universal-Fit", "Heavy-Duty", "Waterproof", "Smart", "12V"),
                    Map.of("car-care", List.of("car-shampoos", "polishes", "microfibre-cloths", "pressure-washers"),
                            "car-electronics", List.of("dash-cams", "car-chargers", "phone-mounts"),
                            "car-tools", List.of("jump-starters", "tyre-inflators", "torque-wrenches"))),
            new Department("pets", 25, List.of("Organic", "Grain-Free", "Memory Foam", "Nylon", "Sisal"),
                    List.of("Washable", "Chew-Resistant", "Natural", "Orthopedic", "Reflective"),
                    Map.of("dogs", List.of("dog-food", "dog-beds", "leashes", "dog-toys", "dog-collars"),
                            "cats", List.of("cat-food", "cat-litter", "scratching-posts", "cat-toys"),
                            "small-pets", List.of("hamster-cages", "rabbit-hutches"))),
            new Department("baby", 70, List.of("Organic Cotton", "Bamboo", "BPA-Free", "Merino", "Silicone"),
                    List.of("Lightweight", "Foldable", "Convertible", "Soft-Touch", "Travel"),
                    Map.of("travel", List.of("strollers", "car-seats", "baby-carriers"),
                            "nursery", List.of("cribs", "baby-monitors", "changing-tables"),
                            "feeding", List.of("bottles", "high-chairs", "bibs"))));
}
