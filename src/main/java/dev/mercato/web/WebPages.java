package dev.mercato.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The two page shells. Everything after them is client-side, addressed by the URL fragment
 * ({@code /#/products/red-shoe}, {@code /admin#/orders}), so a deep link or a reload needs no
 * further server route and every other file is a plain static resource.
 */
@Controller
class WebPages {

    @GetMapping("/")
    String storefront() {
        return "forward:/index.html";
    }

    @GetMapping({"/admin", "/admin/"})
    String console() {
        return "forward:/admin/index.html";
    }
}
