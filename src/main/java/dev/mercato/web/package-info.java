/**
 * The storefront at {@code /} and the admin console at {@code /admin}: static pages and plain
 * JavaScript modules under {@code src/main/resources/static}, served by Mercato itself and calling
 * only the public HTTP API (API.md), like any other client. No framework and no front-end build:
 * the pages are small enough that a bundler, Node in the Maven build and a framework download would
 * cost more (build time, a second toolchain, a larger first load on a phone) than they save; every
 * script is a same-origin file, so the page policy can forbid inline script entirely.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web", allowedDependencies = {})
package dev.mercato.web;
